/**
 * SigV4 authentication: the claim (sigv4/), the key's secret and principal (identity.ts), then
 * the signature itself. The service comes from the credential scope.
 */
import { parseAuthorization, SignatureDoesNotMatchError, verifySignature } from '../sigv4/index.js';
import type { SigV4Claim, SigV4Request } from '../sigv4/index.js';
import type { Session } from '../credentials/session.js';
import type { Caller, CallerPolicies, PresentedCertificate, ServiceName } from '../core/action.js';
import { AccessDenied } from '../core/errors.js';
import { X509_PREFIX, verifyX509Request } from '../sigv4/x509.js';
import { type Awaitable, then } from '../core/settle.js';
import { firstHeader } from '../sigv4/headers.js';
import type { Principals, ResolvedKey } from './principals.js';
import { ServiceNotServed, unservedService } from './not-served.js';

export interface Authenticated {
  readonly service: ServiceName;
  readonly region: string;
  readonly caller: Caller;
  readonly policies: CallerPolicies;
  /** Temporary credentials: the session they carry (role chaining, transitive tags, source identity). */
  readonly session?: Session;
  /** An X.509-signed request (rolesanywhere CreateSession): the certificate whose key signed it; the caller is anonymous. */
  readonly certificate?: PresentedCertificate;
}

/** The request line and headers, as the pipeline read them once. */
export interface RequestHead {
  readonly method: string;
  /** Still percent-encoded, without the query. */
  readonly path: string;
  /** The raw query string without "?" ("" when none). */
  readonly query: string;
  /** distinctHeaders(req.rawHeaders). */
  readonly headers: Readonly<Record<string, string | string[]>>;
}

export interface Authenticator {
  /** Undefined when the request carries no authentication at all. */
  authenticate(req: RequestHead, body: Buffer, now: Date): Awaitable<Authenticated | undefined>;
  /**
   * A signed call for a service not served here, from its head alone: the pipeline asks when a
   * request failed before authentication (a body too large, a form of too many fields).
   */
  notServed?(req: RequestHead): ServiceNotServed | undefined;
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

/**
 * Only what was signed is used. IAM, STS and Organizations carry the action and its parameters in
 * the body (or the query), so the body must be signed: UNSIGNED-PAYLOAD is S3's alone and is
 * refused here (SignatureDoesNotMatch, as AWS answers), and the payload line of the canonical
 * request is always the hash of the body received. That holds for presigned URLs too: the SDKs'
 * presigners put an STS call's parameters in the query and sign the empty body's hash, so a body
 * added to a presigned URL breaks its signature. The one header that names an operation,
 * X-Amz-Target, must be signed when sent (the SDKs sign it); otherwise a captured JSON request
 * could be replayed as another operation. X-Amz-Expires is not honoured (see sigv4/clock.ts).
 */
const VERIFY = Object.freeze({ allowUnsignedPayload: false, honourExpires: false });
const TARGET_UNSIGNED = "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.";

function verified(claim: SigV4Claim, sreq: SigV4Request, resolved: ResolvedKey, nowMs: number): Authenticated {
  verifySignature(claim, sreq, resolved.secret, nowMs, VERIFY);
  if (sreq.headers['x-amz-target'] !== undefined && !claim.signedHeaders.includes('x-amz-target')) throw new SignatureDoesNotMatchError(TARGET_UNSIGNED);
  const auth: { -readonly [K in keyof Authenticated]: Authenticated[K] } = { service: claim.service as ServiceName, region: claim.region, caller: resolved.caller, policies: resolved.policies };
  if (resolved.session !== undefined) auth.session = resolved.session;
  return auth;
}

/** Header-signed or presigned: anything else is unsigned (or not SigV4 at all). */
const carriesAuth = (head: RequestHead): boolean => head.headers.authorization !== undefined || head.query.includes('X-Amz-Algorithm=');

// Frozen: parseAuthorization remembers credential scopes per options object (they must not change).
const SERVICES: readonly ServiceName[] = Object.freeze(['iam', 'sts', 'organizations', 'rolegate', 'eks-auth', 'rolesanywhere', 'identitystore', 'sso']);

export class SigV4Authenticator implements Authenticator {
  readonly #identities: Principals;
  constructor(identities: Principals) {
    this.#identities = identities;
  }

  /** Synchronous when the key's identity is cached (the usual case), else a promise. */
  authenticate(head: RequestHead, body: Buffer, now: Date): Awaitable<Authenticated | undefined> {
    if (!carriesAuth(head)) return undefined;
    const sreq: SigV4Request = { method: head.method, path: head.path, query: head.query, headers: head.headers, body };
    const nowMs = now.getTime();
    if (firstHeader(head.headers, 'authorization')?.startsWith(X509_PREFIX) === true) return x509Authenticated(sreq, nowMs);
    let claim: SigV4Claim;
    try {
      claim = parseAuthorization(sreq, { nowMs, services: SERVICES });
    } catch (e) {
      // Scoped to a service we do not serve (s3, ec2, …): say so, rather than "scoped to 'iam'".
      // Decided from the scope text alone, before any key lookup: no oracle for keys.
      const other = unservedService(head, SERVICES);
      throw other === undefined ? e : new ServiceNotServed(other, SERVICES);
    }
    const resolved = this.#identities.resolve(claim.accessKeyId, claim.securityToken, nowMs);
    return then(resolved, (r) => verified(claim, sreq, r, nowMs));
  }

  /** What authenticate would throw for a signed request scoped to a service not served. */
  notServed(head: RequestHead): ServiceNotServed | undefined {
    if (!carriesAuth(head)) return undefined;
    const other = unservedService(head, SERVICES);
    return other === undefined ? undefined : new ServiceNotServed(other, SERVICES);
  }
}

const SCOPE = /^Credential=[^/,\s]+\/\d{8}\/[^/]+\/(iam|sts|organizations|rolegate|eks-auth|rolesanywhere|identitystore|sso)\/aws4_request/;

/**
 * The service a request's credential scope names (header or presigned form), else IAM: whom an
 * error speaks for before authentication has named the service. Only the first "Credential=" is
 * read, anchored: unanchored, a 16 KB header of "Credential=Credential=…" cost the regex the square
 * of its length (50 ms) on every unauthenticated error.
 */
export function claimedService(head: RequestHead): ServiceName {
  const header = firstHeader(head.headers, 'authorization');
  const at = header?.indexOf('Credential=') ?? -1;
  const m = (header === undefined || at < 0 ? null : SCOPE.exec(header.slice(at, at + 512))) ?? SCOPE.exec(`Credential=${new URLSearchParams(head.query).get('X-Amz-Credential') ?? ''}`);
  return (m?.[1] as ServiceName | undefined) ?? 'iam';
}

/**
 * A request signed with an X.509 certificate's key (IAM Roles Anywhere's AWS4-X509-*-SHA256): the
 * signature is verified here; whether the certificate is trusted is the action's to decide (its
 * path to a trust anchor the request names). AWS answers a signature that does not verify with
 * AccessDeniedException "Invalid signature"; the other refusals say what was wrong, never echoing
 * the header. https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-sign-process.html
 */
function x509Authenticated(sreq: SigV4Request, nowMs: number): Authenticated {
  const v = verifyX509Request(sreq, { nowMs });
  if (!v.ok) throw AccessDenied(v.reason === 'BadSignature' ? 'Invalid signature' : v.message);
  const a = anonymous('rolesanywhere');
  return { ...a, region: v.region, certificate: { leaf: v.leaf, intermediates: v.intermediates, serial: v.serial } };
}

/** The caller of an unsigned call (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) before its token or assertion is verified. */
export function anonymous(service: ServiceName): Authenticated {
  return {
    service,
    region: 'us-east-1',
    caller: { account: '', arn: 'anonymous', userId: 'anonymous', type: 'anonymous', accessKeyId: '', principal: { arn: 'anonymous' } },
    policies: { identity: [] },
  };
}
