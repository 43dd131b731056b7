// The benchmark's second peer: PostGraphile v5 (Grafast, amber preset, mutations off) serving the benchmark
// database's tables to the role bench_reader, with the tenant rule in the same row-level security policies as the
// v4 peer (bench/peers/postgraphile/setup.sql), fed by the same JWT's claims. The JWT is verified here, in
// grafast.context, as PostGraphile 5's JWT guide has it (v5 leaves verification to the server).
// Started by bench/run.ts on this folder's Node 22 with DATABASE_URL, JWT_SECRET and PORT; prints "listening on
// <url>" when ready.
import { createServer } from 'node:http';
import jwt from 'jsonwebtoken';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
// Range and list filters (the benchmark's operations 5 and 6): the v5 line of the v4 peer's filter plugin.
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const secret = process.env.JWT_SECRET;

/** The request's verified claims as PostgreSQL settings (role, jwt.claims.*), or none for an anonymous request. */
function pgSettingsOf(authorization) {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!token) return {};
  const claims = jwt.verify(token, secret, { algorithms: ['HS256'], audience: 'postgraphile' });
  const settings = { role: claims.role };
  for (const [name, value] of Object.entries(claims)) {
    if (name !== 'role') settings[`jwt.claims.${name}`] = String(value);
  }
  return settings;
}

const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  disablePlugins: ['PgMutationCreatePlugin', 'PgMutationUpdateDeletePlugin', 'PgMutationPayloadEdgePlugin'],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'] })],
  grafast: {
    context(requestContext) {
      return { pgSettings: pgSettingsOf(requestContext.node?.req.headers.authorization) };
    },
  },
  grafserv: { graphiql: false, watch: false, graphqlPath: '/graphql' },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('listening', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/graphql`);
});
await serv.addTo(server);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pgl.release().then(() => process.exit(0))));
