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
  /** Connections open when the drain began (idle keep-alive ones included). */
  readonly open: number;
  /** Connections still busy at the deadline, and cut. */
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

/** How often a drain closes the connections whose responses have gone out. */
const DRAIN_POLL_MS = 20;

export async function listen(host: string, port: number): Promise<Listener> {
  // The handler is the server's one 'request' listener, swapped whole: nothing is added to the
  // request path to track requests (node:http already knows which connections are busy).
  let handler = starting;
  const server = createServer({ keepAliveTimeout: 65_000 }, handler);
  const use = (h: Handler): void => {
    server.removeAllListeners('request');
    server.on('request', h);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? 'the address is already in use' : e.code === 'EACCES' ? 'permission denied' : e.message;
      reject(new Error(`cannot listen on ${host}:${port}: ${why}`));
    });
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const connections = (): Promise<number> => new Promise((resolve) => server.getConnections((_e, n) => resolve(n ?? 0)));
  return {
    server,
    url: `http://${shown}:${addr.port}`,
    serve(h) {
      handler = h;
      use(h);
    },
    async close(drainMs) {
      // A request that still arrives on a kept-alive connection is served, and closes it.
      const serving = handler;
      use((req, res) => {
        res.setHeader('connection', 'close');
        serving(req, res);
      });
      const open = await connections();
      // Stops accepting and closes the idle connections; resolves once every connection is gone.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const poll = setInterval(() => server.closeIdleConnections(), DRAIN_POLL_MS);
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([closed.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), drainMs)))]);
      clearInterval(poll);
      clearTimeout(timer);
      let cut = 0;
      if (late) {
        cut = await connections();
        server.closeAllConnections();
        await closed;
      }
      return { open, cut };
    },
  };
}
