import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback that a test can cut (refusing and dropping every connection), stall (connections stay
 * open but nothing gets through, as with a hung server or a lost network) and restore. With `delayMs`, what the
 * server sends reaches the client that much later (in order): a slow network.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** While stalled, what each side sends waits here, in order. */
  private held: (() => void)[] | undefined;
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly delayMs = 0,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      this.forward(client, upstream, 0);
      this.forward(upstream, client, this.delayMs);
      upstream.on('end', () => setTimeout(() => client.end(), this.delayMs));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private forward(from: Socket, to: Socket, delayMs: number): void {
    from.on('data', (chunk) => {
      const send = () => (delayMs === 0 ? to.write(chunk) : setTimeout(() => to.write(chunk), delayMs));
      if (this.held) this.held.push(send);
      else send();
    });
  }

  /** Nothing gets through from now on, either way; connections stay open (a server that stopped answering). */
  stall(): void {
    this.held ??= [];
  }

  /** What was held goes through, in order, and so does everything after. */
  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const send of held) send();
  }

  /** Drops every open connection and stops listening: new connections are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
