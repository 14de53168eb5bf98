/**
 * All outbound I/O of OIDC federation, in this one file: GET of a provider's discovery document
 * and JWKS over node:https, with a deadline, a response size cap, no redirects, no connection
 * reuse, and AWS's TLS trust (system CAs, else a registered thumbprint — tls-trust.ts). Plain
 * http:// only when the development switch allows it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html
 */
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { trustedByThumbprint } from './tls-trust.js';

export interface FetchOptions {
  readonly thumbprints: readonly string[];
  readonly allowInsecure: boolean;
  /** Whole-exchange deadline. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export interface Fetched {
  readonly body: Buffer;
  /** Seconds from Cache-Control (max-age; 0 for no-store/no-cache), undefined when absent. */
  readonly maxAge: number | undefined;
}

/** Why a fetch failed — mapped to AWS errors by the caller; never carries response bodies. */
export type FetchFailure = 'unreachable' | 'untrusted' | 'bad-response';

export class FetchError extends Error {
  readonly failure: FetchFailure;
  constructor(failure: FetchFailure, message: string) {
    super(message);
    this.name = 'FetchError';
    this.failure = failure;
  }
}

export type Fetcher = (url: string, options: FetchOptions) => Promise<Fetched>;

export const fetchDocument: Fetcher = (url, options) =>
  new Promise<Fetched>((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new FetchError('bad-response', 'invalid URL'));
      return;
    }
    const secure = target.protocol === 'https:';
    if (!secure && !(options.allowInsecure && target.protocol === 'http:')) {
      reject(new FetchError('bad-response', 'not an https URL'));
      return;
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    let settled = false;
    // Settles once, whichever of response, error, size cap or deadline comes first.
    const finish = (outcome: Fetched | FetchError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (outcome instanceof FetchError) {
        req.destroy();
        reject(outcome);
      } else resolve(outcome);
    };
    const common = { method: 'GET', headers: { accept: 'application/json' }, agent: false as const, timeout: options.timeoutMs };
    // The chain is checked in onResponse, before any byte of the body is read: Node's verdict
    // against the system CAs (socket.authorized, hostname included), else the thumbprint rule.
    const req = secure
      ? httpsRequest(target, { ...common, rejectUnauthorized: false, servername: /^[\d.]+$|:/.test(host) ? '' : host }, onResponse)
      : httpRequest(target, common, onResponse);
    const deadline = setTimeout(() => finish(new FetchError('unreachable', 'timed out')), options.timeoutMs);
    req.on('timeout', () => finish(new FetchError('unreachable', 'timed out')));
    req.on('error', () => finish(new FetchError('unreachable', 'connection failed')));
    req.end();

    function onResponse(res: IncomingMessage): void {
      res.on('error', () => finish(new FetchError('unreachable', 'connection failed')));
      res.on('aborted', () => finish(new FetchError('unreachable', 'connection failed')));
      if (secure) {
        const socket = res.socket as TLSSocket;
        const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
        const trusted = socket.authorized || (peer !== undefined && trustedByThumbprint(host, peer, options.thumbprints, Date.now()));
        if (!trusted) return finish(new FetchError('untrusted', 'certificate not trusted'));
      }
      if (res.statusCode !== 200) return finish(new FetchError('bad-response', `status ${String(res.statusCode)}`));
      const declared = Number(res.headers['content-length'] ?? '0');
      if (declared > options.maxBytes) return finish(new FetchError('bad-response', 'response too large'));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) finish(new FetchError('bad-response', 'response too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => finish({ body: Buffer.concat(chunks), maxAge: maxAgeOf(res.headers['cache-control']) }));
    }
  });

function maxAgeOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const h = header.toLowerCase();
  if (/(^|[,\s])(no-store|no-cache)\b/.test(h)) return 0;
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d{1,10})"?/.exec(h);
  return m ? Number(m[1]) : undefined;
}
