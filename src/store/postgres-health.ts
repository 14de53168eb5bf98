/**
 * Whether PostgreSQL can serve this node, for /health and for answering 503 rather than 500 while
 * it cannot. Two facts are tracked: the database itself (a connection or statement failed because
 * the server is gone, shutting down or refusing connections) and the LISTEN connection that
 * carries other nodes' changes (while it is down this node's caches cannot be trusted). Each
 * change of state is logged once, in one line: an outage must not print a trace per request.
 */

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
  #database: string | undefined;
  #feed: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(log: (line: string) => void, probe: () => Promise<unknown>) {
    this.#log = log;
    this.#probe = probe;
  }

  /** Why the node cannot serve now, or undefined. */
  reason(): string | undefined {
    return this.#database ?? this.#feed;
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
