import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite is one PostgreSQL session; the socket server's connections take turns on it. pglite-socket 0.2.17 takes
 * turns per protocol message and keeps a connection's turn only inside a transaction, so two connections'
 * Parse/Bind/Execute/Sync exchanges interleave: one binds the other's unnamed statement, or reads no rows at all
 * (electric-sql/pglite#1046, open). Its queue also stops for good when a message throws. Under load that lost rows
 * and failed transactions in the embedded database (test/embedded-database.test.ts shows both).
 *
 * Here a connection keeps its turn from its first message until the session says it is idle again (ReadyForQuery
 * with status I): a whole exchange, a whole transaction, a COPY. A connection that goes away in its turn leaves
 * the session idle: its exchange is ended and its transaction rolled back.
 */
export class SessionTurns {
  private readonly waiting: Turn[] = [];
  /** The connection whose exchange or transaction is open on the session. */
  private holder: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  /** Runs a frontend message of a connection in its turn; answers the bytes of the reply sent to `onData`. */
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId, run: () => this.send(message, onData), resolve, reject });
      void this.runTurns();
    });
  }

  getQueueLength(): number {
    return this.waiting.length;
  }

  /** A connection went away: what it still had waiting is dropped. */
  clearQueueForHandler(handlerId: number): void {
    for (let index = this.waiting.length - 1; index >= 0; index--) {
      const turn = this.waiting[index];
      if (turn?.handlerId !== handlerId) continue;
      this.waiting.splice(index, 1);
      turn.reject(new Error('Handler disconnected'));
    }
  }

  /** A connection went away in its turn: the session is made idle for the next one. */
  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.holder !== handlerId) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({
        handlerId,
        run: async () => {
          await this.reset();
          return 0;
        },
        resolve: () => resolve(),
        reject,
      });
      void this.runTurns();
    });
  }

  private async runTurns(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let turn = this.next(); turn; turn = this.next()) {
        this.holder = turn.handlerId;
        try {
          turn.resolve(await turn.run());
        } catch (error) {
          turn.reject(error);
          await this.reset().catch(() => undefined);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** The holder's next message, or anyone's when the session is idle; none while the holder has none waiting. */
  private next(): Turn | undefined {
    const index = this.holder === null ? 0 : this.waiting.findIndex((turn) => turn.handlerId === this.holder);
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }

  private async send(message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    let bytes = 0;
    let tail: Uint8Array = new Uint8Array(0);
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message, {
        onRawData: (data) => {
          bytes += data.length;
          tail = lastBytes(tail, data, IDLE.length);
          onData(data);
        },
      }),
    );
    if (tail.length === IDLE.length && tail.every((byte, index) => byte === IDLE[index])) this.holder = null;
    return bytes;
  }

  /**
   * Makes the session idle after its holder went away: what it left unfinished is rolled back, as PostgreSQL does
   * when a connection ends. An Execute of no portal fails the exchange (so that Sync aborts its implicit
   * transaction instead of committing it), Sync ends it, and an open transaction is rolled back.
   */
  private async reset(): Promise<void> {
    await this.db.runExclusive(() => this.db.execProtocolRawStream(ABORT, { onRawData: () => undefined }));
    if (this.db.isInTransaction()) await this.db.exec('rollback');
    this.holder = null;
  }
}

type Turn = {
  handlerId: number;
  run(): Promise<number>;
  resolve(bytes: number): void;
  reject(error: unknown): void;
};

/** ReadyForQuery, idle: 'Z', length 5, 'I'. */
const IDLE = Uint8Array.of(0x5a, 0, 0, 0, 5, 0x49);
/** Execute of portal "salure_no_portal" (which fails), then Sync. */
const ABORT = Buffer.concat([
  Buffer.from([0x45, 0, 0, 0, 4 + 17 + 4]),
  Buffer.from('salure_no_portal\0'),
  Buffer.from([0, 0, 0, 0]),
  Buffer.from([0x53, 0, 0, 0, 4]),
]);

function lastBytes(before: Uint8Array, data: Uint8Array, count: number): Uint8Array {
  if (data.length >= count) return data.slice(data.length - count);
  const joined = new Uint8Array(before.length + data.length);
  joined.set(before);
  joined.set(data, before.length);
  return joined.slice(Math.max(0, joined.length - count));
}

/**
 * Gives the server's connections their turns from `SessionTurns`. The server hands its `queryQueue` to each
 * connection it accepts, so this must happen before it accepts any; it throws if that field is gone (a new
 * pglite-socket), rather than run with the queue that interleaves.
 */
export function takeTurnsBySession(server: PGLiteSocketServer, db: PGlite): void {
  if (!Reflect.has(server, 'queryQueue')) {
    throw new Error('pglite-socket changed: its server has no queryQueue to replace (see embedded-turns.ts)');
  }
  Reflect.set(server, 'queryQueue', new SessionTurns(db));
}
