import { chmodSync, mkdirSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join, relative, resolve } from 'node:path';

// One process owns an embedded database's folder (DATA_DIR) at a time: PGlite keeps no lock of its own, and two
// processes on one folder lose each other's writes. The owner is whoever listens on the folder's control socket,
// `gateway.sock`: binding it is atomic, the operating system lets go of it when the process dies (a crashed owner
// leaves a file nobody listens on, which the next one takes over), and it is how the CLI reaches a running gateway
// to act through it, so that an operator's change takes effect at once and lasts. The folder is the owner's only
// (mode 0700), and so is the socket.

type OwnerInfo = { pid: number; role: 'gateway' | 'cli'; since: string };
/** Runs an operator command in the owning process; resolves with what to print. */
type CommandRunner = (name: string, options: Record<string, string | undefined>) => Promise<string>;

export class DataDirBusy extends Error {
  constructor(
    dataDir: string,
    readonly owner: OwnerInfo | undefined,
  ) {
    super(
      owner
        ? `${dataDir} is in use by ${owner.role === 'gateway' ? 'a running gateway' : 'a running CLI command'} (pid ${owner.pid}, since ${owner.since}). One process owns an embedded database: stop it first. The CLI works beside a running gateway (it acts through it).`
        : `${dataDir} is in use by a process that does not answer on ${CONTROL_SOCKET}. Stop it first.`,
    );
  }
}

const CONTROL_SOCKET = 'gateway.sock';
/** A takeover (of a dead owner's socket) is done under this folder, so that two starting processes cannot both. */
const TAKEOVER = '.takeover';
/** A takeover folder older than this was left by a process that died in the middle of one. */
const STALE_TAKEOVER_MS = 10_000;
/** sun_path holds 108 bytes with its terminator; stay clear of it. */
const MAX_SOCKET_PATH = 100;

type DataDirOwner = {
  /** From now on, commands sent by the CLI run here. */
  serve(run: CommandRunner): void;
  release(): Promise<void>;
};

/** The control socket's path, as short as the working directory allows. */
function socketPath(dataDir: string): string {
  const absolute = resolve(dataDir, CONTROL_SOCKET);
  const shortest = [absolute, relative(process.cwd(), absolute)].sort((a, b) => a.length - b.length)[0] ?? absolute;
  if (shortest.length > MAX_SOCKET_PATH) {
    throw new Error(`DATA_DIR is too long a path for its control socket (${absolute}); choose a shorter one.`);
  }
  return shortest;
}

/** Makes the folder (the owner's only) and claims it; throws DataDirBusy when a live process owns it. */
export async function claimDataDir(dataDir: string, role: OwnerInfo['role']): Promise<DataDirOwner> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const path = socketPath(dataDir);
  const info: OwnerInfo = { pid: process.pid, role, since: new Date().toISOString() };
  let runner: CommandRunner | undefined;
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/owner') return answer(200, info);
    if (req.method !== 'POST' || req.url !== '/commands') return answer(404, { error: 'not found' });
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (!runner) return answer(503, { error: 'The gateway is still starting; try again in a moment.' });
      const { name, options } = JSON.parse(body) as { name: string; options: Record<string, string | undefined> };
      runner(name, options).then(
        (output) => answer(200, { output }),
        (error: unknown) => answer(422, { error: error instanceof Error ? error.message : String(error) }),
      );
    });
  });
  for (let attempt = 0; ; attempt++) {
    const listening = await listen(server, path);
    if (listening === true) break;
    const owner = await askOwnerInfo(path);
    if (owner !== 'gone' || attempt > 0) throw new DataDirBusy(dataDir, owner === 'gone' ? undefined : owner);
    await takeOver(dataDir, path);
  }
  chmodSync(path, 0o600);
  return {
    serve(run) {
      runner = run;
    },
    release: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, path: string): Promise<true | NodeJS.ErrnoException> {
  return new Promise((done, fail) => {
    const onError = (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? done(error) : fail(error));
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      done(true);
    });
  });
}

/** A dead owner's socket goes, under the takeover folder, after a second look that nobody listens on it. */
async function takeOver(dataDir: string, path: string): Promise<void> {
  const lock = join(dataDir, TAKEOVER);
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock).mtimeMs > STALE_TAKEOVER_MS) rmdirSync(lock);
      else if (waited > 100) throw new Error(`${dataDir}: another process is taking it over; try again.`);
      else await new Promise((resume) => setTimeout(resume, 50));
    }
  }
  try {
    if ((await askOwnerInfo(path)) === 'gone') unlinkSync(path);
  } finally {
    rmdirSync(lock);
  }
}

/** Who owns the folder: its answer, 'gone' when nobody listens (or no socket), undefined when it does not answer. */
async function askOwnerInfo(path: string): Promise<OwnerInfo | 'gone' | undefined> {
  try {
    return JSON.parse(await call(path, 'GET', '/owner', undefined, 2_000)) as OwnerInfo;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ECONNREFUSED' || code === 'ENOENT' ? 'gone' : undefined;
  }
}

/**
 * Runs a command in the process that owns the folder. Resolves with its output, or undefined when no process owns
 * it (then the caller may claim it and run the command itself); rejects with the command's error.
 */
export async function runInOwner(
  dataDir: string,
  name: string,
  options: Record<string, string | undefined>,
): Promise<string | undefined> {
  const path = socketPath(dataDir);
  let text: string;
  try {
    text = await call(path, 'POST', '/commands', JSON.stringify({ name, options }), 120_000);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOENT') return undefined;
    throw error;
  }
  const answer = JSON.parse(text) as { output?: string; error?: string };
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer.output ?? '';
}

function call(path: string, method: string, url: string, body: string | undefined, timeoutMs: number): Promise<string> {
  return new Promise((done, fail) => {
    const req = request({ socketPath: path, method, path: url, timeout: timeoutMs }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => done(text));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
    req.on('error', fail);
    req.end(body);
  });
}
