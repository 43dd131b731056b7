import { expect, it } from 'vitest';
import { aDataDir, describeProcesses, graphqlAt, startGateway } from './gateway-process.js';

// A log reader (whatever reads the gateway's standard output) that dies or stops reading.
describeProcesses('a log reader that is gone or stalled', () => {
  const traffic = async (url: string, count: number) => {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      expect((await graphqlAt(url, '{ __typename }')).status).toBe(200);
      times.push(performance.now() - started);
    }
    return Math.max(...times);
  };

  it('neither blocks requests nor the exit when the reader has closed (EPIPE)', async () => {
    const gateway = await startGateway(aDataDir());
    await traffic(gateway.url, 20);
    gateway.child.stdout?.destroy();
    await traffic(gateway.url, 50);
    const signalledAt = performance.now();
    gateway.child.kill('SIGTERM');
    const { code, at } = await gateway.exited;
    expect(code).toBe(0);
    console.info(`log reader gone: exit ${Math.round(at - signalledAt)} ms after SIGTERM`);
  }, 60_000);

  it('neither blocks requests nor the exit when the reader stops reading (a full pipe)', async () => {
    const gateway = await startGateway(aDataDir(), { LOG_LEVEL: 'debug' });
    gateway.child.stdout?.removeAllListeners('data');
    gateway.child.stdout?.pause();
    // Debug logging writes a few hundred bytes a request: 1,000 requests overfill a 64 kB pipe many times.
    const slowest = await traffic(gateway.url, 1_000);
    const signalledAt = performance.now();
    gateway.child.kill('SIGTERM');
    const { code, at } = await gateway.exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(5_000); // liveness: the log reader gets 1 s
    console.info(
      `log reader stalled: slowest of 1,000 requests ${Math.round(slowest)} ms; exit ${Math.round(at - signalledAt)} ms after SIGTERM`,
    );
  }, 60_000);
});
