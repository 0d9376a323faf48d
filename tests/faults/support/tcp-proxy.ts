import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server (PostgreSQL), to cut the network between the bot and its
 * database and restore it, without touching either. Two ways to cut:
 * - `reset`: the database is down. Every open connection is reset, and so is every new one: the client
 *   learns it at once.
 * - `blackhole`: the network drops everything. Open connections stay open but nothing crosses them any
 *   more, and new ones are accepted and never answered: only a client-side timeout ends the wait.
 * restore() forwards again; connections that were black-holed are reset then, as a real peer would after
 * losing bytes (their protocol stream is broken).
 */

export type CutMode = 'reset' | 'blackhole';

export interface TcpProxy {
  readonly port: number;
  cut(mode?: CutMode): void;
  restore(): void;
  /** connections accepted since the start, forwarded or not */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const stalled = new Set<Socket>();
  let mode: CutMode | null = null;
  let accepted = 0;

  function track(socket: Socket): void {
    open.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      stalled.delete(socket);
    });
    // A reset peer surfaces here; the proxy itself must never throw for it.
    socket.on('error', () => socket.destroy());
  }

  /** Copies `from` to `to` while the network is up; drops the bytes while it is black-holed. */
  function forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (mode === 'blackhole') {
        stalled.add(from).add(to);
        return;
      }
      to.write(chunk);
    });
    from.once('close', () => to.destroy());
  }

  const server: Server = createServer((client) => {
    accepted += 1;
    track(client);
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') {
      stalled.add(client);
      return;
    }
    const upstream = createConnection(target);
    track(upstream);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    get accepted() {
      return accepted;
    },
    cut(how = 'reset') {
      mode = how;
      if (how === 'reset') for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      mode = null;
      for (const socket of stalled) socket.resetAndDestroy();
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
