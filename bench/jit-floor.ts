// What a GraphQL server without graphql-yoga costs on this machine: node:http, the document compiled once by
// graphql-jit, the viewer of operation 4 answered from a constant (no authentication, no database, no plugins).
// Beside bench/yoga-floor.ts it shows what yoga's request pipeline costs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, parse } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

const viewer = JSON.parse(process.env.BENCH_VIEWER ?? '{}') as { pages: string[]; clients: { name: string }[] };
const schema = buildSchema(
  'type Query { viewer: Viewer } type Viewer { pages: [String!]! clients: [Client!]! } type Client { name: String! }',
);
const compiled = new Map<string, CompiledQuery>();

function execute(query: string): string {
  let compiledQuery = compiled.get(query);
  if (!compiledQuery) {
    const result = compileQuery(schema, parse(query));
    if (!isCompiledQuery(result)) return JSON.stringify(result);
    compiledQuery = result;
    compiled.set(query, compiledQuery);
  }
  return JSON.stringify(compiledQuery.query({ viewer }, {}, {}));
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = execute((JSON.parse(Buffer.concat(chunks).toString()) as { query: string }).query);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
