import type { IncomingMessage } from 'node:http';

export const MAX_BODY = 1024 * 1024;

export class BodyTooLarge extends Error {}

/** Reads the body, refusing more than MAX_BODY bytes without buffering them. */
export function readBody(req: IncomingMessage, contentLength: string | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(contentLength ?? '0');
    if (declared > MAX_BODY) {
      reject(new BodyTooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The peer address as AWS reports it (aws:SourceIp): IPv4-mapped IPv6 shown as IPv4. */
export function sourceIp(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '0.0.0.0';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}
