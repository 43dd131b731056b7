import type { AddressInfo } from 'node:net';
import { createConnection, createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loopTurn } from '../src/core/loop-turns.js';

// Statements take turns with the event loop's polls (src/core/loop-turns.ts, database/prepared.ts): a connection that
// arrives while many pages are being answered is accepted between them, not after all of them.

/** Work of a page's answer: longer than a turn's budget, on the CPU as the real thing is. */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const server = createServer((socket) => socket.end());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise((resolve) => server.close(resolve)));

/**
 * A unit of work that waits its turn and then records its name and does its part. Its work starts in the same
 * call while the budget lasts, as a page's answer starts in the callback that brought its rows.
 */
async function unit(name: string, order: string[], ms: number): Promise<void> {
  const turn = loopTurn();
  if (turn) await turn;
  order.push(name);
  work(ms);
}

describe('turns of the event loop', () => {
  it('lets work go on at once while the budget lasts and nobody waits', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    expect(loopTurn()).toBeUndefined();
    expect(loopTurn()).toBeUndefined();
  });

  it('runs work past the budget in later iterations, in arrival order, with a poll for new connections between', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const order: string[] = [];
    const accepted = new Promise<void>((resolve) => server.once('connection', () => resolve()));
    const units = [unit('first', order, 6)];
    // The connection is made while the first unit works; Node accepts it in the next iteration's poll.
    const client = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
    units.push(unit('second', order, 6), unit('third', order, 6), unit('fourth', order, 6));
    void accepted.then(() => order.push('connection'));
    await Promise.all([...units, accepted]);
    client.destroy();
    expect(order.filter((name) => name !== 'connection')).toEqual(['first', 'second', 'third', 'fourth']);
    // Without turns all four would run before the poll that accepts: the connection would come last.
    expect(order.indexOf('connection')).toBeGreaterThan(0);
    expect(order.indexOf('connection')).toBeLessThan(order.length - 1);
  });
});
