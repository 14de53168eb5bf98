/**
 * Whether PostgreSQL can serve this node, for /health and for answering 503 rather than 500 while
 * it cannot. Three facts are tracked: the database itself (a connection or statement failed because
 * the server is gone, shutting down or refusing connections), whether it takes writes (a write
 * was refused as read-only: a standby after a failover, or default_transaction_read_only), and the
 * LISTEN connection that carries other nodes' changes (while it is down this node's caches cannot
 * be trusted). Each
 * change of state is logged once, in one line: an outage must not print a trace per request.
 */

/**
 * Server-side TCP keepalives for every session of this node: a node whose host vanished (no FIN,
 * no reset) is noticed after 30 s idle plus 3 probes 10 s apart, and its session ended, rather than
 * after the two hours or more of the system defaults. Sent as SET after connecting rather than as a
 * startup `options` parameter, which poolers such as PgBouncer refuse. Ignored on unix sockets.
 */
export const KEEPALIVE_SETTINGS = 'SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3';

/** Socket-level failures: the server cannot be reached. */
const NET_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * pg's own errors for a lost, unobtainable or unresponsive connection carry no code, only these
 * messages ('Query read timeout': a statement outlived the pool's query_timeout).
 */
const LOST = /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Query read timeout$)/;

/**
 * SQLSTATE class 08 (connection exception), 28 (authorization refused: a password rotated under
 * the node), 53 (insufficient resources: too many connections, out of memory or disk), 3D000 (the
 * database is gone), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now), or a socket
 * or pg connection failure: the node cannot work until an operator or the database fixes it, and
 * no request is to blame. https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
export function isConnectionFault(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NET_CODES.has(code) || /^(08|28|53)[0-9A-Z]{3}$/.test(code) || /^(57P0[1-3]|3D000)$/.test(code))) return true;
  if (typeof message === 'string' && LOST.test(message)) return true;
  // A host name with several addresses fails with an AggregateError of per-address errors.
  return Array.isArray(errors) && errors.some(isConnectionFault);
}

/** One line describing a fault for the log: code and message, never a stack or the URL. */
export function describeFault(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const { code, message } = err as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message !== '' ? (message.split('\n')[0] ?? '') : 'unknown error';
  return typeof code === 'string' && code !== '' && !text.includes(code) ? `${code}: ${text}` : text;
}

const PROBE_MIN_MS = 100;
const PROBE_MAX_MS = 2000;

export class Availability {
  readonly #log: (line: string) => void;
  /** A cheap statement through the pool: resolves once the database answers again. */
  readonly #probe: () => Promise<unknown>;
  /** Whether a write begun now could write: resolves true once the database takes writes again. */
  readonly #writable: () => Promise<boolean>;
  #database: string | undefined;
  #readOnly: string | undefined;
  #readOnlyTimer: NodeJS.Timeout | undefined;
  #feed: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(log: (line: string) => void, probe: () => Promise<unknown>, writable: () => Promise<boolean>) {
    this.#log = log;
    this.#probe = probe;
    this.#writable = writable;
  }

  /** Why the node cannot serve now, or undefined. */
  reason(): string | undefined {
    return this.#database ?? this.#readOnly ?? this.#feed;
  }

  /** A write was refused as read-only: not ready until one commits or a probe finds the database writable. */
  databaseReadOnly(err: unknown): void {
    if (this.#readOnly !== undefined || this.#closed) return;
    this.#readOnly = 'the database is read-only';
    this.#log(`store: PostgreSQL refuses writes (${describeFault(err)}); writes answer 503 until it takes them again`);
    this.#scheduleWritable(PROBE_MIN_MS);
  }

  /** A write committed. Called on every write: a field test when nothing changed. */
  databaseWritable(): void {
    if (this.#readOnly === undefined) return;
    this.#readOnly = undefined;
    if (this.#readOnlyTimer) clearTimeout(this.#readOnlyTimer);
    this.#readOnlyTimer = undefined;
    this.#log('store: PostgreSQL takes writes again');
  }

  /** A connection fault: not ready until a statement succeeds again (probed with backoff meanwhile). */
  databaseFailed(err: unknown): void {
    if (this.#database !== undefined || this.#closed) return;
    this.#database = 'database unavailable';
    this.#log(`store: PostgreSQL unavailable (${describeFault(err)}); answering 503 until it is back`);
    this.#schedule(PROBE_MIN_MS);
  }

  /** A statement succeeded. Called on every transaction: a field test when nothing changed. */
  databaseOk(): void {
    if (this.#database === undefined) return;
    this.#database = undefined;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#log('store: PostgreSQL available again');
  }

  feedDown(err: unknown): void {
    if (this.#feed !== undefined || this.#closed) return;
    this.#feed = 'database change feed disconnected';
    this.#log(`store: lost the PostgreSQL change feed (${describeFault(err)}); caches dropped, reconnecting`);
  }

  feedUp(): void {
    if (this.#feed === undefined) return;
    this.#feed = undefined;
    this.#log('store: PostgreSQL change feed restored; caches dropped');
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#readOnlyTimer) clearTimeout(this.#readOnlyTimer);
  }

  #scheduleWritable(delay: number): void {
    this.#readOnlyTimer = setTimeout(() => {
      this.#writable().then(
        (yes) => {
          if (yes) this.databaseWritable();
          else if (this.#readOnly !== undefined && !this.#closed) this.#scheduleWritable(Math.min(delay * 2, PROBE_MAX_MS));
        },
        () => {
          if (this.#readOnly !== undefined && !this.#closed) this.#scheduleWritable(Math.min(delay * 2, PROBE_MAX_MS));
        },
      );
    }, delay);
    this.#readOnlyTimer.unref();
  }

  #schedule(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#probe().then(
        () => this.databaseOk(),
        () => {
          if (this.#database !== undefined && !this.#closed) this.#schedule(Math.min(delay * 2, PROBE_MAX_MS));
        },
      );
    }, delay);
    this.#timer.unref();
  }
}
