/**
 * CreateSession as a workload calls it: a request signed with its certificate's key
 * (src/sigv4/x509.ts, the signer aws_signing_helper's algorithm describes), posted to a started
 * server. Certificates for integration tests are issued around the real clock (the server's).
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { signX509Request } from '../../src/sigv4/x509.js';
import type { SigV4Request } from '../../src/sigv4/index.js';

export interface SessionCall {
  readonly url: string;
  readonly leaf: X509Certificate;
  readonly key: KeyObject;
  readonly intermediates?: readonly X509Certificate[];
  /** The JSON body (default built from the ARNs below). */
  readonly body?: Record<string, unknown>;
  /** Query members (aws_signing_helper puts the three ARNs here). */
  readonly query?: Record<string, string>;
  readonly region?: string;
  readonly nowMs?: number;
  readonly path?: string;
  /** Change the signed request before it is sent (tampering). */
  readonly tamper?: (signed: SigV4Request) => SigV4Request;
}

export interface SessionAnswer {
  readonly status: number;
  readonly errorType: string | null;
  readonly json: Record<string, unknown>;
}

export async function createSession(call: SessionCall): Promise<SessionAnswer> {
  const url = new URL(call.url);
  const body = JSON.stringify(call.body ?? {});
  const query = new URLSearchParams(call.query ?? {}).toString().replace(/\+/g, '%20');
  const path = call.path ?? '/sessions';
  const req: SigV4Request = { method: 'POST', path, query, headers: { host: url.host, 'content-type': 'application/json' }, body: Buffer.from(body) };
  let signed = signX509Request(req, { certificate: call.leaf, intermediates: call.intermediates ?? [], privateKey: call.key, region: call.region ?? 'us-east-1', nowMs: call.nowMs ?? Date.now() });
  if (call.tamper !== undefined) signed = call.tamper(signed);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(new URL(`${path}${query === '' ? '' : `?${query}`}`, url), { method: 'POST', headers, body: Buffer.from(signed.body ?? '') });
  const text = await res.text();
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** The trust policy Roles Anywhere's guide shows, limited to one trust anchor (aws:SourceArn). */
export function rolesAnywhereTrust(trustAnchorArn: string, condition: Record<string, Record<string, string | string[]>> = {}, actions: string[] = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: actions, Condition: { ArnEquals: { 'aws:SourceArn': trustAnchorArn }, ...condition } }],
  };
}
