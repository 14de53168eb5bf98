import type { IncomingMessage } from 'node:http';

export const MAX_BODY = 1024 * 1024;

export class BodyTooLarge extends Error {}

/**
 * Reads the body, refusing more than MAX_BODY bytes without buffering them, and calls `done` once
 * with the body or the error. A callback, not a promise: the request path then starts without a
 * promise and a microtask of its own.
 */
export function readBody(req: IncomingMessage, contentLength: string | undefined, done: (error: Error | undefined, body: Buffer) => void): void {
  const declared = Number(contentLength ?? '0');
  if (declared > MAX_BODY) {
    done(new BodyTooLarge(), EMPTY);
    req.resume();
    return;
  }
  let chunks: Buffer[] | undefined;
  let first: Buffer | undefined;
  let size = 0;
  let settled = false;
  const finish = (error: Error | undefined, body: Buffer): void => {
    if (settled) return;
    settled = true;
    done(error, body);
  };
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY) {
      finish(new BodyTooLarge(), EMPTY);
      req.destroy();
      return;
    }
    if (first === undefined) first = c;
    else (chunks ??= [first]).push(c);
  });
  req.on('end', () => finish(undefined, chunks !== undefined ? Buffer.concat(chunks) : (first ?? EMPTY)));
  req.on('error', (e: Error) => finish(e, EMPTY));
}

const EMPTY = Buffer.alloc(0);

/** The peer address as AWS reports it (aws:SourceIp): IPv4-mapped IPv6 shown as IPv4. */
export function sourceIp(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '0.0.0.0';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}
