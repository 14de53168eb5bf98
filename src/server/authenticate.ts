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
  authenticate(req: IncomingMessage, url: URL, rawQuery: string, body: Buffer, fields: ReadonlyMap<string, string>, now: Date): Promise<Authenticated | undefined>;
}

const SERVICES: readonly ServiceName[] = ['iam', 'sts', 'organizations'];

export class SigV4Authenticator implements Authenticator {
  readonly #identities: IdentityResolver;
  constructor(identities: IdentityResolver) {
    this.#identities = identities;
  }

  async authenticate(req: IncomingMessage, _url: URL, rawQuery: string, body: Buffer, _fields: ReadonlyMap<string, string>, now: Date): Promise<Authenticated | undefined> {
    if (req.headers.authorization === undefined && !rawQuery.includes('X-Amz-Algorithm=')) return undefined;
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const sreq: SigV4Request = {
      method: req.method ?? 'GET',
      path: q < 0 ? rawUrl : rawUrl.slice(0, q),
      query: rawQuery,
      headers: req.headersDistinct,
      body,
    };
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
