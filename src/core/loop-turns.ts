// Node accepts one new connection per event-loop iteration (libuv 1.45 and later, libuv/libuv#3696), and runs in
// one iteration all the work whose input arrived: under load, every page whose rows came back in that poll. With
// one statement per request, an iteration held the answering of many pages (40-50 ms), so the 64 connections of a
// burst were accepted one per iteration and the last waited 2.5-3 s for its first answer, while the connections
// already open were answered again and again. So statements take turns before they are sent (database/prepared.ts):
// about TURN_BUDGET_MS of work per iteration, then one statement per iteration, in arrival order. Rows then arrive
// (and are answered) about one page per iteration, and each iteration polls first, taking new connections between.
// Waiting before the statement, not after its rows, keeps waiting requests small: with the turn after the rows,
// the rows of every waiting request stayed alive and operation 6 cost about 25% more CPU at 64 connections.

/** Work per event-loop iteration before statements wait for the iterations after (2 ms cost more CPU). */
const TURN_BUDGET_MS = 4;

/** When this iteration's first piece of work started; undefined until one does. */
let iterationStarted: number | undefined;
/** Work waiting for a turn, in arrival order. */
const waiting: (() => void)[] = [];

/**
 * Resolves when the caller may go on: at once (undefined) while this iteration's budget lasts and nobody waits,
 * else in a later iteration, after those that waited before it.
 */
export function loopTurn(): Promise<void> | undefined {
  const now = performance.now();
  if (iterationStarted === undefined) {
    iterationStarted = now;
    // The check phase that ends this iteration starts the next iteration's budget.
    setImmediate(nextIteration);
  }
  if (waiting.length === 0 && now - iterationStarted < TURN_BUDGET_MS) return undefined;
  return new Promise((resolve) => waiting.push(resolve));
}

function nextIteration(): void {
  iterationStarted = undefined;
  const next = waiting.shift();
  if (!next) return;
  // The released work runs now, in this check phase, and counts against the next iteration's budget.
  iterationStarted = performance.now();
  next();
  // An immediate set in the check phase runs in the next iteration, after its poll.
  setImmediate(nextIteration);
}
