/**
 * A TCP relay in front of PostgreSQL that can turn into a black hole: a database host that died or
 * a network that drops packets. Nothing is refused or reset (that would be an easy outage);
 * statements simply go unanswered and new connections never get a greeting.
 */
import { type Server, type Socket, connect, createServer } from 'node:net';

export interface Blackhole {
  /** The database URL with the relay in place of the server. */
  readonly url: string;
  /** Stops relaying: every byte either way is dropped, on open and new connections alike. */
  swallow(): void;
  /** Relays again; connections open during the black hole are dropped (as a reboot would). */
  restore(): void;
  close(): Promise<void>;
}

export async function startBlackhole(databaseUrl: string): Promise<Blackhole> {
  const target = new URL(databaseUrl);
  let swallowing = false;
  const held = new Set<Socket>();
  const server: Server = createServer((client) => {
    held.add(client);
    client.on('close', () => held.delete(client));
    client.on('error', () => undefined);
    if (swallowing) return; // accepted, never answered
    const upstream = connect(Number(target.port), target.hostname);
    held.add(upstream);
    upstream.on('close', () => {
      held.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    client.on('data', (d: Buffer) => {
      if (!swallowing) upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (!swallowing) client.write(d);
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
    },
    restore() {
      swallowing = false;
      for (const s of held) s.destroy();
    },
    async close() {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
