/**
 * A minimal TCP load balancer in front of the hub replicas' gRPC ports, standing in for the
 * ingress an agent dials in production. New connections go to the first replica in the
 * preference order that accepts; a dead replica (connection refused) is skipped, which is
 * how an agent whose replica was killed ends up on another one.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export class TcpBalancer {
  private readonly sockets = new Set<Socket>();
  private order: number[];

  private constructor(
    private readonly server: Server,
    readonly port: number,
    backends: number[],
  ) {
    this.order = [...backends];
  }

  static async start(backends: number[]): Promise<TcpBalancer> {
    let balancer: TcpBalancer | undefined;
    const server = createServer((client) => balancer?.accept(client));
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('balancer: no port'));
      });
    });
    balancer = new TcpBalancer(server, port, backends);
    return balancer;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** New connections try `backend` first. */
  prefer(backend: number): void {
    this.order = [backend, ...this.order.filter((b) => b !== backend)];
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private accept(client: Socket): void {
    this.track(client);
    client.pause();
    const tryBackend = (index: number) => {
      const port = this.order[index];
      if (port === undefined) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ port, host: '127.0.0.1' });
      let connected = false;
      upstream.once('error', () => {
        if (!connected) tryBackend(index + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        this.track(upstream);
        // A replica that dies cuts its agents' connections, as a killed pod does.
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
