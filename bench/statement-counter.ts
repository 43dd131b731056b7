import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server } from 'node:net';

/**
 * A loopback TCP proxy in front of PostgreSQL that counts the statements its clients send: simple queries ('Q')
 * and executions of the extended protocol ('E'). How a peer's SQL per request is measured without its help.
 */
export async function startStatementCounter(target: { host: string; port: number }) {
  let statements = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    let pending = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // The startup message has no type byte; every later message is type (1) + length (4, itself included).
      while (true) {
        if (!started) {
          if (pending.length < 4) break;
          const length = pending.readInt32BE(0);
          if (pending.length < length) break;
          pending = pending.subarray(length);
          started = true;
          continue;
        }
        if (pending.length < 5) break;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) break;
        const type = String.fromCharCode(pending[0] ?? 0);
        if (type === 'Q' || type === 'E') statements++;
        pending = pending.subarray(1 + length);
      }
    });
    client.pipe(upstream).pipe(client);
    for (const socket of [client, upstream]) {
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get statements() {
      return statements;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
