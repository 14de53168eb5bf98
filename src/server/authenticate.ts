/**
 * SigV4 authentication: the claim (sigv4/), the key's secret and principal (identity.ts), then
 * the signature itself. The service comes from the credential scope.
 */
import type { IncomingMessage } from 'node:http';
import { parseAuthorization, verifySignature } from '../sigv4/index.js';
import type { SigV4Request } from '../sigv4/index.js';
import type { SessionClaims } from '../credentials/session-token.js';
import type { Caller, ServiceName } from './action.js';
import type { CallerPolicies, IdentityResolver } from './identity.js';

export interface Authenticated {
  readonly service: ServiceName;
  readonly region: string;
  readonly caller: Caller;
  readonly policies: CallerPolicies;
  /** Temporary credentials: the session they carry (role chaining, transitive tags, source identity). */
  readonly session?: SessionClaims;
}

export interface Authenticator {
  /** Undefined when the request carries no authentication at all. */
  authenticate(req: IncomingMessage, path: string, rawQuery: string, body: Buffer, now: Date): Promise<Authenticated | undefined>;
}

/**
 * The headers as received, one value per line, names lower-cased: what SigV4 canonicalizes
 * (Node's req.headers joins repeats with ", " and drops repeats of some). A single line stays a
 * string; cheaper than Node's headersDistinct, which wraps every value in an array.
 */
export function distinctHeaders(raw: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const prev = out[name];
    if (prev === undefined) out[name] = value;
    else if (typeof prev === 'string') out[name] = [prev, value];
    else prev.push(value);
  }
  return out;
}

const SERVICES: readonly ServiceName[] = ['iam', 'sts', 'organizations'];

export class SigV4Authenticator implements Authenticator {
  readonly #identities: IdentityResolver;
  constructor(identities: IdentityResolver) {
    this.#identities = identities;
  }

  async authenticate(req: IncomingMessage, path: string, rawQuery: string, body: Buffer, now: Date): Promise<Authenticated | undefined> {
    if (req.headers.authorization === undefined && !rawQuery.includes('X-Amz-Algorithm=')) return undefined;
    const sreq: SigV4Request = { method: req.method ?? 'GET', path, query: rawQuery, headers: distinctHeaders(req.rawHeaders), body };
    const nowMs = now.getTime();
    const claim = parseAuthorization(sreq, { nowMs, services: SERVICES });
    const resolved = await this.#identities.resolve(claim.accessKeyId, claim.securityToken, nowMs);
    // AWS accepts UNSIGNED-PAYLOAD in X-Amz-Content-Sha256; the SDKs sign the body of IAM/STS calls.
    verifySignature(claim, sreq, resolved.secret, nowMs, { allowUnsignedPayload: true });
    return {
      service: claim.service as ServiceName,
      region: claim.region,
      caller: resolved.caller,
      policies: resolved.policies,
      ...(resolved.session === undefined ? {} : { session: resolved.session }),
    };
  }
}
