/**
 * The independent signer: the AWS SDK v3's own SigV4 implementation (@smithy/signature-v4), with
 * Node's SHA-256. Converts between its HttpRequest shape and our wire-level SigV4Request.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseQuery, uriEncode } from '../../src/sigv4/index.js';
import type { SigV4Request } from '../../src/sigv4/index.js';

export interface SmithyRequest {
  method: string;
  protocol: string;
  hostname: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string;
}

export interface SmithyOptions {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
  readonly service: string;
  readonly uriEscapePath?: boolean;
  readonly applyChecksum?: boolean;
}

export function smithySigner(o: SmithyOptions): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, ...(o.sessionToken !== undefined && { sessionToken: o.sessionToken }) },
    region: o.region,
    service: o.service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: o.uriEscapePath ?? true,
    applyChecksum: o.applyChecksum ?? false,
  });
}

/** Our wire request to smithy's shape: query decoded, repeated headers joined with ",". */
export function toSmithy(req: SigV4Request): SmithyRequest {
  const query: Record<string, string | string[]> = {};
  for (const p of parseQuery(req.query)) {
    const prev = query[p.name];
    query[p.name] = prev === undefined ? p.value : Array.isArray(prev) ? [...prev, p.value] : [prev, p.value];
  }
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(req.headers)) if (v !== undefined) headers[name] = typeof v === 'string' ? v : v.map((x) => x.trim()).join(',');
  const host = headers.host ?? 'example.amazonaws.com';
  const body = typeof req.body === 'string' ? req.body : req.body === undefined ? undefined : Buffer.from(req.body).toString('utf8');
  return { method: req.method, protocol: 'https:', hostname: host, path: req.path, query, headers, ...(body !== undefined && body !== '' && { body }) };
}

/** Smithy's signed request back to the wire: its query re-serialised with SigV4 encoding. */
export function fromSmithy(r: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }): SigV4Request {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(r.query ?? {})) {
    for (const value of Array.isArray(v) ? (v as unknown[]) : [v]) {
      if (typeof value === 'string') pairs.push(`${uriEncode(k)}=${uriEncode(value)}`);
    }
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v;
  return { method: r.method, path: r.path, query: pairs.join('&'), headers, ...(typeof r.body === 'string' && { body: r.body }) };
}
