/**
 * The request-context builder: the global condition keys AWS fills in for a request, from facts
 * the server knows (time, transport, credentials). Principal-derived keys (aws:PrincipalArn,
 * aws:userid, aws:PrincipalTag/…, …) are filled by `evaluate` from the principal itself.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { ContextValue } from './types.js';

export interface RequestFacts {
  /** The request time (the engine never reads the clock itself). */
  readonly now: Date | number;
  readonly sourceIp?: string;
  readonly secureTransport?: boolean;
  readonly region?: string;
  readonly userAgent?: string;
  readonly referer?: string;
  /**
   * Temporary credentials only: when the session was issued. AWS: aws:TokenIssueTime "is only
   * present in the request context when the principal uses temporary credentials".
   */
  readonly tokenIssueTime?: Date | number;
  /**
   * Temporary credentials only: whether MFA was used to get them; absent for long-term keys, as in
   * AWS ("aws:MultiFactorAuthPresent ... is not present when an IAM user signs with access keys").
   */
  readonly mfaAuthenticated?: boolean;
  readonly mfaAuthTime?: Date | number;
  readonly principalOrgId?: string;
  readonly principalOrgPaths?: readonly string[];
  readonly resourceOrgId?: string;
  readonly resourceAccount?: string;
  readonly sourceIdentity?: string;
  readonly viaAWSService?: boolean;
  readonly calledVia?: readonly string[];
  readonly requestTags?: Readonly<Record<string, string>>;
  readonly resourceTags?: Readonly<Record<string, string>>;
  readonly federatedProvider?: string;
}

/** The result is frozen: evaluate() may then reuse its lower-cased view across calls. */
export function requestContext(f: RequestFacts): Readonly<Record<string, ContextValue>> {
  const nowMs = toMs(f.now);
  const ctx: Record<string, ContextValue> = {
    'aws:CurrentTime': isoSeconds(nowMs, currentTime),
    'aws:EpochTime': Math.floor(nowMs / 1000),
    'aws:SecureTransport': f.secureTransport ?? false,
    'aws:ViaAWSService': f.viaAWSService ?? false,
  };
  if (f.sourceIp !== undefined) ctx['aws:SourceIp'] = f.sourceIp;
  if (f.region !== undefined) ctx['aws:RequestedRegion'] = f.region;
  if (f.userAgent !== undefined) ctx['aws:UserAgent'] = f.userAgent;
  if (f.referer !== undefined) ctx['aws:Referer'] = f.referer;
  if (f.tokenIssueTime !== undefined) ctx['aws:TokenIssueTime'] = isoSeconds(toMs(f.tokenIssueTime), issueTime);
  if (f.mfaAuthenticated !== undefined) {
    ctx['aws:MultiFactorAuthPresent'] = f.mfaAuthenticated;
    if (f.mfaAuthenticated && f.mfaAuthTime !== undefined) {
      ctx['aws:MultiFactorAuthAge'] = Math.max(0, Math.floor((nowMs - toMs(f.mfaAuthTime)) / 1000));
    }
  }
  if (f.principalOrgId !== undefined) ctx['aws:PrincipalOrgID'] = f.principalOrgId;
  if (f.principalOrgPaths !== undefined) ctx['aws:PrincipalOrgPaths'] = [...f.principalOrgPaths];
  if (f.resourceOrgId !== undefined) ctx['aws:ResourceOrgID'] = f.resourceOrgId;
  if (f.resourceAccount !== undefined) ctx['aws:ResourceAccount'] = f.resourceAccount;
  if (f.sourceIdentity !== undefined) ctx['aws:SourceIdentity'] = f.sourceIdentity;
  if (f.calledVia !== undefined && f.calledVia.length > 0) {
    ctx['aws:CalledVia'] = [...f.calledVia];
    ctx['aws:CalledViaFirst'] = f.calledVia[0]!;
    ctx['aws:CalledViaLast'] = f.calledVia[f.calledVia.length - 1]!;
  }
  if (f.requestTags !== undefined) {
    for (const [k, v] of Object.entries(f.requestTags)) ctx[`aws:RequestTag/${k}`] = v;
    ctx['aws:TagKeys'] = Object.keys(f.requestTags);
  }
  if (f.resourceTags !== undefined) {
    for (const [k, v] of Object.entries(f.resourceTags)) ctx[`aws:ResourceTag/${k}`] = v;
  }
  if (f.federatedProvider !== undefined) ctx['aws:FederatedProvider'] = f.federatedProvider;
  return Object.freeze(ctx);
}

/** Max |ms| a Date can hold (ECMAScript: ±8.64e15); beyond it toISOString throws a RangeError. */
const MAX_TIME = 8.64e15;

function toMs(t: Date | number): number {
  const ms = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : NaN;
  // Caller misuse (NaN, Infinity, an invalid Date) is a TypeError, not a RangeError from deep inside.
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME) throw new TypeError('request times must be valid dates or epoch milliseconds');
  return ms;
}

/** AWS writes times in ISO 8601 without fractional seconds: 2026-11-22T07:45:29Z. */
/**
 * Formatted seconds, remembered per use: every request of one second shares aws:CurrentTime, and
 * a session's requests share its aws:TokenIssueTime.
 */
type SecondCache = { second: number; text: string };
const currentTime: SecondCache = { second: NaN, text: '' };
const issueTime: SecondCache = { second: NaN, text: '' };
function isoSeconds(ms: number, cache?: SecondCache): string {
  const second = Math.floor(ms / 1000);
  if (cache !== undefined && second === cache.second) return cache.text;
  const text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  if (cache !== undefined) {
    cache.second = second;
    cache.text = text;
  }
  return text;
}
