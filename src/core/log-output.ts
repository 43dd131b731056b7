import { fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import pino from 'pino';

/** What the gateway keeps for a log reader that is behind; beyond it, lines are dropped (and counted). */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

type LogOutput = pino.DestinationStream & {
  /** Resolves once what was logged has been written, or after `timeoutMs`, whichever comes first. */
  drain(timeoutMs: number): Promise<void>;
};

/**
 * Where the log lines go: standard output, such that a log reader that died (EPIPE) or stopped reading (a full
 * pipe) never blocks a request nor keeps the process from exiting.
 *
 * A pipe or socket is written through a non-blocking libuv stream (not Node's own process.stdout, which writes to
 * pipes synchronously on Linux, nor pino's default, which writes on a thread-pool thread that a full pipe blocks
 * forever, and with it the process's exit). Lines that would push the backlog past MAX_PENDING_BYTES are dropped
 * and counted; a dead reader ends logging. A file or a terminal is written synchronously, as pino does.
 * Nothing else in the process may write to standard output (it would make the descriptor blocking again).
 */
export function stdoutLog(fd = 1): LogOutput {
  const stat = fstatSync(fd);
  if (!stat.isFIFO() && !stat.isSocket()) {
    const file = pino.destination({ dest: fd, sync: true });
    return Object.assign(file, { drain: async () => undefined });
  }
  const socket = new Socket({ fd, readable: false, writable: true });
  let gone = false;
  let dropped = 0;
  socket.on('error', () => {
    gone = true; // EPIPE: nobody reads any more
  });
  socket.on('drain', () => {
    if (dropped === 0) return;
    socket.write(
      `${JSON.stringify({ level: 40, time: Date.now(), msg: 'log lines dropped while the log reader was behind', dropped })}\n`,
    );
    dropped = 0;
  });
  return {
    write(line: string) {
      if (gone) return;
      if (socket.writableLength > MAX_PENDING_BYTES) dropped++;
      else socket.write(line);
    },
    drain(timeoutMs: number) {
      if (gone || socket.writableLength === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        socket.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
