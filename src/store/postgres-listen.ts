/**
 * The LISTEN side of the change feed: one dedicated connection (a pooled one would be handed to
 * transactions and lose its LISTEN). If it drops, it reconnects with capped exponential backoff.
 * Notifications sent while it is down are lost (PostgreSQL does not queue them for absent
 * listeners), so `onState` reports both edges: the store drops every cache when the connection
 * goes and again once LISTEN is back in force — a change committed in between is then read
 * afresh, and one committed after is heard.
 */
import pg from 'pg';
import { KEEPALIVE_SETTINGS } from './postgres-health.js';

/** A constant identifier: LISTEN takes no bind parameters, and this text is never built from input. */
export const CHANNEL = 'rolegate_changes';

const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 2000;
/**
 * An idle LISTEN connection to a host that died (no reset) looks alive for hours of TCP
 * keepalive: a ping this often, unanswered for as long, replaces it. Connecting is bounded too.
 */
const PING_MS = 5_000;
const CONNECT_TIMEOUT_MS = 10_000;

export interface Listening {
  close(): Promise<void>;
}

/** `onState(false, err)` once per drop; `onState(true)` once LISTEN is in force again. */
export async function listen(url: string, onPayload: (payload: string) => void, onState: (up: boolean, err?: unknown) => void): Promise<Listening> {
  let current: pg.Client | undefined;
  let closed = false;
  let delay = MIN_DELAY_MS;
  let timer: NodeJS.Timeout | undefined;
  /** The connection LISTEN is in force on, pinged until it drops. */
  let live: pg.Client | undefined;
  let pinging = false;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({
      connectionString: url,
      application_name: 'rolegate-listen',
      keepAlive: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: PING_MS,
    });
    current = client;
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload !== undefined) onPayload(msg.payload);
    });
    client.on('error', (err) => retry(client, err));
    client.on('end', () => retry(client, new Error('Connection terminated')));
    await client.connect();
    // The ping finds a dead database; these let the database end this session if this node dies.
    await client.query(KEEPALIVE_SETTINGS);
    await client.query(`LISTEN ${CHANNEL}`);
    if (client !== current) return; // dropped meanwhile: its replacement reports
    live = client;
    delay = MIN_DELAY_MS;
    onState(true);
  };

  const retry = (client: pg.Client, err: unknown): void => {
    if (closed || client !== current) return; // already being replaced, or shutting down
    current = undefined;
    live = undefined;
    client.end().catch(() => undefined);
    onState(false, err);
    timer = setTimeout(() => {
      connect().catch((e: unknown) => {
        if (current) retry(current, e);
      });
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  };

  const pinger = setInterval(() => {
    const client = live;
    if (client === undefined || pinging) return;
    pinging = true;
    client
      .query('SELECT 1')
      .catch((err: unknown) => retry(client, err)) // 'Query read timeout' among others
      .finally(() => {
        pinging = false;
      });
  }, PING_MS);
  pinger.unref();

  try {
    await connect();
  } catch (err) {
    clearInterval(pinger);
    closed = true;
    await current?.end().catch(() => undefined);
    throw err;
  }

  return {
    async close() {
      closed = true;
      clearInterval(pinger);
      if (timer) clearTimeout(timer);
      await current?.end().catch(() => undefined);
    },
  };
}
