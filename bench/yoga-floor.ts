// What graphql-yoga itself costs on this machine: the viewer query of operation 4 answered from a constant by a
// bare yoga server (no authentication, no database, no Pothos). The gateway cannot serve operation 4 faster.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

const viewer = JSON.parse(process.env.BENCH_VIEWER ?? '{}') as { pages: string[]; clients: { name: string }[] };
const yoga = createYoga({
  schema: createSchema({
    typeDefs:
      'type Query { viewer: Viewer } type Viewer { pages: [String!]! clients: [Client!]! } type Client { name: String! }',
    resolvers: { Query: { viewer: () => viewer } },
  }),
  logging: false,
  graphiql: false,
  // As the gateway: no body-size TransformStream on every request (src/server.ts).
  maxRequestBodySize: false,
});
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
