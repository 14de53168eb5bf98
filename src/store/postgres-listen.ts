/**
 * The LISTEN side of the change feed: one dedicated connection (a pooled one would be handed to
 * transactions and lose its LISTEN). If it drops, it reconnects with capped exponential backoff.
 * Notifications sent while it is down are lost (PostgreSQL does not queue them for absent
 * listeners); caches built on onChange should also bound their entries' age.
 */
import pg from 'pg';

/** A constant identifier: LISTEN takes no bind parameters, and this text is never built from input. */
export const CHANNEL = 'rolegate_changes';

export interface Listening {
  close(): Promise<void>;
}

export async function listen(url: string, onPayload: (payload: string) => void): Promise<Listening> {
  let current: pg.Client | undefined;
  let closed = false;
  let delay = 100;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    current = client;
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload !== undefined) onPayload(msg.payload);
    });
    client.on('error', () => retry(client));
    client.on('end', () => retry(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    delay = 100;
  };

  const retry = (client: pg.Client): void => {
    if (closed || client !== current) return; // already being replaced, or shutting down
    current = undefined;
    client.end().catch(() => undefined);
    timer = setTimeout(() => {
      connect().catch(() => {
        if (current) retry(current);
      });
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, 5000);
  };

  try {
    await connect();
  } catch (err) {
    closed = true;
    await current?.end().catch(() => undefined);
    throw err;
  }

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await current?.end().catch(() => undefined);
    },
  };
}
