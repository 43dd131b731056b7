// The benchmark's peer: PostGraphile v4 serving the benchmark database's tables to the role bench_reader, with
// the tenant rule in row-level security policies (bench/peers/postgraphile/setup.sql) fed by the JWT's claims.
// Started by bench/run.ts with DATABASE_URL, JWT_SECRET and PORT; prints "listening on <url>" when ready.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
// Range and list filters (the benchmark's operations 5 and 6), the plugin PostGraphile's docs point to for them.
import ConnectionFilterPlugin from 'postgraphile-plugin-connection-filter';

const handler = postgraphile(process.env.DATABASE_URL, 'public', {
  jwtSecret: process.env.JWT_SECRET,
  // The tables the role may not read (tokens, sessions, users, audit) stay out of the schema.
  ignoreRBAC: false,
  disableDefaultMutations: true,
  disableQueryLog: true,
  graphiql: false,
  enableQueryBatching: false,
  setofFunctionsContainNulls: false,
  legacyRelations: 'omit',
  retryOnInitFail: false,
  appendPlugins: [ConnectionFilterPlugin],
});

const server = createServer(handler);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/graphql`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
