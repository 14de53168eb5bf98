/**
 * Helpers for Rolegate's own OIDC issuer (src/federation/issuer/): minting a service-account
 * token through rolegate:CreateServiceAccountToken, signed at the server's (possibly injected)
 * clock, and reading the issuer's public documents.
 */
import { signRequest } from '../../src/sigv4/sign.js';
import { ROLEGATE_TARGET_PREFIX } from './rolegate-client.js';
import type { Credentials, TestServer } from './server.js';

export const issuerOf = (t: TestServer, purpose: 'oidc' | 'outbound' = 'oidc', base = 'https://rolegate.localhost'): string => `${base}/${purpose}/${t.account}`;

export interface Minted {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/** rolegate:CreateServiceAccountToken, signed at `nowMs` (the server's clock in tests that move it). */
export async function mint(t: TestServer, input: object, creds: Credentials = t.admin, nowMs = Date.now()): Promise<Minted> {
  const url = new URL(t.url);
  const body = JSON.stringify(input);
  const signed = signRequest(
    {
      method: 'POST',
      path: '/',
      query: '',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ROLEGATE_TARGET_PREFIX}.CreateServiceAccountToken` },
      body,
    },
    { ...creds, region: 'us-east-1', service: 'rolegate', nowMs },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(new URL('/', url), { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A token, or the test fails with the answer. */
export async function mintToken(t: TestServer, input: object, creds?: Credentials, nowMs?: number): Promise<string> {
  const r = await mint(t, input, creds, nowMs);
  if (r.status !== 200 || typeof r.json.Token !== 'string') throw new Error(`mint failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.Token;
}

/** GET of a path of the server: status and parsed JSON. */
export async function getJson(t: TestServer, path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(new URL(path, t.url));
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}
