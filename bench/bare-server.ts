// The limit: a bare node:http server answering each operation's canned response (same size as the gateway's).
// Canned bodies come as JSON {"/op": "body"} in BENCH_CANNED; prints its URL.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const canned = new Map(Object.entries(JSON.parse(process.env.BENCH_CANNED ?? '{}') as Record<string, string>));
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8' });
    response.end(canned.get(request.url ?? '') ?? '{}');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
