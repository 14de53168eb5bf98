/**
 * The HTTP listener, bound before anything is read or written: a port already in use ends the
 * start at once, with no key file generated and nothing bootstrapped. Until the server is ready
 * every request is answered 503 (Retry-After: 1).
 *
 * Shutdown drains: stop accepting, let the requests in flight finish (a committed write gets its
 * response), close each connection once its response is out, and cut whatever is still running
 * at the deadline.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface DrainReport {
  /** Requests that got their response after shutdown began. */
  readonly finished: number;
  /** Requests still running at the deadline, whose connections were cut. */
  readonly cut: number;
}

export interface Listener {
  readonly server: Server;
  readonly url: string;
  /** Starts serving with the real handler. */
  serve(handler: Handler): void;
  close(drainMs: number): Promise<DrainReport>;
}

const starting: Handler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"status":"starting"}');
};

export async function listen(host: string, port: number): Promise<Listener> {
  let handler = starting;
  let draining = false;
  let finished = 0;
  const inFlight = new Set<ServerResponse>();
  let onIdle: (() => void) | undefined;
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (!draining) return;
      finished++;
      // A keep-alive connection whose response was already on its way when the drain began.
      setImmediate(() => server.closeIdleConnections());
      if (inFlight.size === 0) onIdle?.();
    });
    // During the drain each response closes its connection: no new request follows on it.
    if (draining) res.setHeader('connection', 'close');
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? 'the address is already in use' : e.code === 'EACCES' ? 'permission denied' : e.message;
      reject(new Error(`cannot listen on ${host}:${port}: ${why}`));
    });
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `http://${shown}:${addr.port}`,
    serve(h) {
      handler = h;
    },
    async close(drainMs) {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          onIdle = resolve;
          timer = setTimeout(resolve, drainMs);
        });
        clearTimeout(timer);
      }
      const report = { finished, cut: inFlight.size };
      server.closeAllConnections();
      await closed;
      return report;
    },
  };
}
