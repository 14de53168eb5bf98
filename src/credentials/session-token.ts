/**
 * Stateless session tokens. A token is the whole session — account, role or user, session name,
 * session policies, tags, source identity, issue time, expiry and the secret — as JSON under short
 * claim names, sealed by `TokenSeal` (token-seal.ts: AES-256-CTR then HMAC-SHA256-128, keys per
 * version from the master key). Any node given the same master key opens it without a database
 * read. The short names live only here: the rest of the code sees a `Session`.
 */
import type { Session, SessionCredentials, SessionFields, SessionKind } from './session.js';
import { TokenSeal } from './token-seal.js';

/**
 * The wire claims. Written in this key order, so that a session gives, byte for byte, the JSON that
 * earlier code wrote for it (test/credentials/session-token.test.ts pins it).
 */
interface Claims {
  k: string;
  s: string;
  iat: number;
  exp: number;
  a: string;
  typ: 'role' | 'fed' | 'user';
  rid?: string;
  rn?: string;
  ra?: string;
  sn?: string;
  uid?: string;
  ua?: string;
  un?: string;
  fp?: string;
  p?: string;
  pa?: readonly string[];
  tg?: readonly (readonly [string, string])[];
  tt?: readonly string[];
  si?: string;
  mfa?: boolean;
  mfat?: number;
  ch?: boolean;
  sc?: readonly (readonly [string, string])[];
}

/** Tokens start with "RT", then the sealed claims. */
const PREFIX = 'RT';
/** The longest token opened. */
const MAX_TOKEN = 16_384;
/**
 * The longest token sealed: the token travels in the X-Amz-Security-Token header, and Node's HTTP
 * parser takes 16 KiB of headers in all, so a longer one could be issued but never used. A session
 * whose token would be longer is refused (PackedPolicyTooLarge: the token is our packed form).
 */
export const MAX_SEALED_TOKEN = 12_288;

/** Thrown by seal when the session does not fit MAX_SEALED_TOKEN; `percent` of it the session would take. */
export class SessionTooLarge extends Error {
  constructor(readonly percent: number) {
    super(`the session's token would take ${percent}% of the ${MAX_SEALED_TOKEN} characters allowed`);
  }
}

const wireKind = (kind: SessionKind): Claims['typ'] => (kind === 'federated' ? 'fed' : kind);
const kindOf = (typ: unknown): SessionKind | undefined => (typ === 'fed' ? 'federated' : typ === 'role' || typ === 'user' ? typ : undefined);

/** Session → claims: one object, members set only when present (every byte is sealed and sent). */
function claimsOf(x: SessionFields, cr: SessionCredentials): Claims {
  const c: Claims = { k: cr.accessKeyId, s: cr.secretAccessKey, iat: cr.issuedAt, exp: cr.expiresAt, a: x.account, typ: wireKind(x.kind) };
  if (x.roleId !== undefined) c.rid = x.roleId;
  if (x.roleName !== undefined) c.rn = x.roleName;
  if (x.roleArn !== undefined) c.ra = x.roleArn;
  if (x.sessionName !== undefined) c.sn = x.sessionName;
  if (x.userId !== undefined) c.uid = x.userId;
  if (x.userArn !== undefined) c.ua = x.userArn;
  if (x.userName !== undefined) c.un = x.userName;
  if (x.identityProvider !== undefined) c.fp = x.identityProvider;
  if (x.policy !== undefined) c.p = x.policy;
  if (x.policyArns !== undefined) c.pa = x.policyArns;
  if (x.tags !== undefined) c.tg = x.tags;
  if (x.transitiveTagKeys !== undefined) c.tt = x.transitiveTagKeys;
  if (x.sourceIdentity !== undefined) c.si = x.sourceIdentity;
  if (x.mfa !== undefined) c.mfa = x.mfa;
  if (x.mfaTime !== undefined) c.mfat = x.mfaTime;
  if (x.chained !== undefined) c.ch = x.chained;
  if (x.serviceContext !== undefined) c.sc = x.serviceContext;
  return c;
}

type Building = { -readonly [K in keyof Session]: Session[K] };

/** Claims → session, members set only when present. The claims were sealed by us (the MAC held). */
function sessionOf(c: Claims): Session | undefined {
  const kind = kindOf(c.typ);
  if (kind === undefined) return undefined;
  const x: Building = { accessKeyId: c.k, secretAccessKey: c.s, account: c.a, kind, issuedAt: c.iat, expiresAt: c.exp };
  if (c.rid !== undefined) x.roleId = c.rid;
  if (c.rn !== undefined) x.roleName = c.rn;
  if (c.ra !== undefined) x.roleArn = c.ra;
  if (c.sn !== undefined) x.sessionName = c.sn;
  if (c.uid !== undefined) x.userId = c.uid;
  if (c.un !== undefined) x.userName = c.un;
  if (c.ua !== undefined) x.userArn = c.ua;
  if (c.fp !== undefined) x.identityProvider = c.fp;
  if (c.p !== undefined) x.policy = c.p;
  if (c.pa !== undefined) x.policyArns = c.pa;
  if (c.tg !== undefined) x.tags = c.tg;
  if (c.tt !== undefined) x.transitiveTagKeys = c.tt;
  if (c.si !== undefined) x.sourceIdentity = c.si;
  if (c.mfa !== undefined) x.mfa = c.mfa;
  if (c.mfat !== undefined) x.mfaTime = c.mfat;
  if (c.ch !== undefined) x.chained = c.ch;
  if (c.sc !== undefined) x.serviceContext = c.sc;
  return x;
}

export class SessionTokenSealer {
  readonly #seal: TokenSeal;

  /** `currentVersion` seals new tokens; every version from 1 to it opens. */
  constructor(masterKey: Buffer, currentVersion = 1) {
    this.#seal = new TokenSeal(masterKey, currentVersion);
  }

  /**
   * The token of a session. An issuer gives the fields it chose and the credentials it made apart,
   * so that the issuing path builds no Session object only to take it apart again.
   */
  seal(session: Session): string;
  seal(fields: SessionFields, credentials: SessionCredentials): string;
  seal(fields: SessionFields, credentials: SessionCredentials = fields as Session): string {
    const sealed = this.#seal.seal(JSON.stringify(claimsOf(fields, credentials)), MAX_SEALED_TOKEN - PREFIX.length);
    if (typeof sealed === 'number') throw new SessionTooLarge(Math.ceil(((PREFIX.length + sealed) * 100) / MAX_SEALED_TOKEN));
    return PREFIX + sealed;
  }

  /** The session, or undefined when the token is not one of ours (tampered, truncated, foreign). */
  open(token: string): Session | undefined {
    if (token.length > MAX_TOKEN || !token.startsWith(PREFIX)) return undefined;
    const json = this.#seal.open(token.slice(PREFIX.length));
    if (json === undefined) return undefined;
    let claims: unknown;
    try {
      claims = JSON.parse(json);
    } catch {
      return undefined;
    }
    return typeof claims === 'object' && claims !== null ? sessionOf(claims as Claims) : undefined;
  }
}
