// Node accepts one new connection per event-loop iteration (libuv 1.45 and later, libuv/libuv#3696), and runs in
// one iteration all the work whose input arrived: under load, every request whose rows came back in that poll.
// With one statement per request, an iteration held the shaping and answering of many pages, so the 64 connections
// of a burst were accepted one per 40-50 ms iteration and the last waited 2.5 s for its first answer, while the
// connections already open were answered again and again. Work that follows a statement's rows therefore takes
// turns: about TURN_BUDGET_MS of it per iteration, and the rest one per iteration after, in arrival order. Each
// iteration polls first, so new connections and new requests are taken in between.

/** Work that follows a statement, per event-loop iteration, before the rest waits for the iterations after. */
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
