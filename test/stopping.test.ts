import { Agent, request } from 'node:http';
import { expect, it } from 'vitest';
import { aDataDir, describeProcesses, startGateway, startWithNpm } from './gateway-process.js';

// SIGTERM and SIGINT: to node and to `npm start`, with a request whose body is still arriving, under keep-alive load.
describeProcesses('stopping', () => {
  it('finishes a request whose body is still arriving when SIGTERM comes, refuses new connections, exits 0', async () => {
    const gateway = await startGateway(aDataDir(), { LOG_LEVEL: 'debug' });
    const body = JSON.stringify({ query: '{ __typename }' });
    let write: (chunk: string) => void = () => {};
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        gateway.url,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      write = (rest) => req.end(rest);
    });
    await gateway.until(/Parsing request to extract GraphQL parameters/); // the request has arrived
    gateway.child.kill('SIGTERM');
    await gateway.until(/shutting down/);
    await expect(fetch(gateway.url.replace('/graphql', '/health'))).rejects.toThrow(); // no longer accepting
    write(body.slice(10));
    expect(await inFlight).toEqual({ status: 200, text: '{"data":{"__typename":"Query"}}' });
    expect((await gateway.exited).code).toBe(0);
  }, 60_000);

  it('drains busy keep-alive connections: no request that started before SIGTERM is dropped, and it exits at once', async () => {
    const gateway = await startGateway(aDataDir());
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const outcomes: { startedAt: number; result: number | string }[] = [];
    let signalledAt = Number.POSITIVE_INFINITY;
    let signal: () => void = () => {};
    const enough = new Promise<void>((resolve) => {
      signal = resolve;
    });
    const post = () =>
      new Promise<number | string>((resolve) => {
        const req = request(
          gateway.url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        req.end(JSON.stringify({ query: '{ __typename }' }));
      });
    const loop = async () => {
      for (;;) {
        const startedAt = performance.now();
        const result = await post();
        outcomes.push({ startedAt, result });
        if (outcomes.length === 400) signal();
        if (typeof result === 'string') return; // the gateway is gone: this loop is done
      }
    };
    const loops = Promise.all(Array.from({ length: 8 }, loop));
    await enough;
    signalledAt = performance.now();
    gateway.child.kill('SIGTERM');
    const { code, at } = await gateway.exited;
    await loops;
    agent.destroy();
    const before = outcomes.filter((outcome) => outcome.startedAt < signalledAt);
    const dropped = before.filter((outcome) => outcome.result !== 200);
    const after = outcomes.filter((outcome) => outcome.startedAt >= signalledAt);
    console.info(
      `keep-alive drain: exit ${Math.round(at - signalledAt)} ms after SIGTERM; ${before.length} requests before it, ${dropped.length} dropped; after it ${after.filter((o) => o.result === 200).length} answered, ${after.filter((o) => o.result !== 200).length} refused (${[...new Set(after.map((o) => o.result))].join(', ')})`,
    );
    expect(code).toBe(0);
    expect(dropped).toEqual([]);
    expect(at - signalledAt).toBeLessThan(5_000); // liveness: the deadline for stuck requests is 10 s
  }, 60_000);

  for (const signalName of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the gateway when ${signalName} is sent to npm start itself, with the heap limit of npm start`, async () => {
      const { npm, started, exited, lines } = await startWithNpm(aDataDir(), { HEAP_LIMIT_MB: '256' });
      expect(started.pid).not.toBe(npm.pid);
      // HEAP_LIMIT_MB sets the old generation; V8 adds the young generation (3 x 32 MB semi-spaces).
      expect(started.heapLimitMb).toBeGreaterThanOrEqual(256);
      expect(started.heapLimitMb).toBeLessThan(512);
      npm.kill(signalName);
      expect((await exited).code).toBe(0);
      expect(() => process.kill(started.pid, 0)).toThrow(/ESRCH/); // the gateway is gone, not orphaned
      expect(lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    }, 90_000);
  }
});
