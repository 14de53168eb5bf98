/**
 * A TCP relay in front of PostgreSQL that can turn into a black hole: a database host that died or
 * a network that drops packets. Nothing is refused or reset (that would be an easy outage);
 * statements simply go unanswered and new connections never get a greeting. It can also cut one
 * connection right after the database answered its COMMIT: the write took effect, the node cannot
 * know, or freeze it there: the node hears nothing more, and the database keeps the session open,
 * as when the node's host vanished or its process stopped.
 */
import { type Server, type Socket, connect, createServer } from 'node:net';

export interface Blackhole {
  /** The database URL with the relay in place of the server. */
  readonly url: string;
  /** Stops relaying: every byte either way is dropped, on open and new connections alike. */
  swallow(): void;
  /**
   * New connections are relayed again, as when the database is back at the same address on
   * another host; those opened before stay silent for good (their host is gone).
   */
  restore(): void;
  /**
   * The next transaction whose statements carry `marker` (e.g. part of a NOTIFY payload)
   * has its COMMIT relayed, and its connection cut as soon as the database answers it.
   */
  cutAfterCommit(marker: string): void;
  /** As cutAfterCommit, but the connection goes silent both ways instead, and stays open on the database's side. */
  freezeAfterCommit(marker: string): void;
  close(): Promise<void>;
}

export async function startBlackhole(databaseUrl: string): Promise<Blackhole> {
  const target = new URL(databaseUrl);
  let swallowing = false;
  let cut: { readonly marker: string; readonly mode: 'cut' | 'freeze' } | undefined;
  const held = new Set<Socket>();
  /** Node-side sockets whose bytes are dropped both ways. */
  const dead = new WeakSet<Socket>();
  const server: Server = createServer((client) => {
    held.add(client);
    client.on('close', () => held.delete(client));
    client.on('error', () => undefined);
    if (swallowing) {
      dead.add(client); // accepted, never answered
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    held.add(upstream);
    upstream.on('close', () => {
      held.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => undefined);
    let marked = false;
    let cutting: 'cut' | 'freeze' | undefined;
    // A frozen node's connection is never closed on the database's side: its host is gone.
    client.on('close', () => cutting !== 'freeze' && upstream.destroy());
    client.on('data', (d: Buffer) => {
      if (dead.has(client)) return;
      if (cut !== undefined && d.includes(cut.marker)) marked = true;
      // A simple-protocol Query message: 'Q', length, then the text with its terminating NUL.
      if (marked && cut !== undefined && d.includes('COMMIT\0')) {
        cutting = cut.mode;
        cut = undefined;
      }
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      // The database has answered the COMMIT: the node never hears it.
      if (cutting === 'cut') client.destroy();
      else if (cutting === 'freeze') dead.add(client);
      else if (!dead.has(client)) client.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('blackhole: no port');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    swallow() {
      swallowing = true;
      for (const s of held) dead.add(s);
    },
    cutAfterCommit(marker) {
      cut = { marker, mode: 'cut' };
    },
    freezeAfterCommit(marker) {
      cut = { marker, mode: 'freeze' };
    },
    restore() {
      swallowing = false;
    },
    async close() {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
