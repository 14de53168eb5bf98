/**
 * IAM Roles Anywhere CreateSession (`POST /sessions`): a workload outside AWS signs the request
 * with its X.509 certificate's key (AWS4-X509-*-SHA256, verified in access/authenticate.ts) and
 * receives credentials of a role. In AWS's order ("The IAM Roles Anywhere authentication process",
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication.html):
 *   1. the trust anchor the request names — in the Region and account of its ARN, enabled;
 *   2. the leaf's path to the anchor's CA (chain.ts) at the server's clock, and the anchor's
 *      enabled CRLs (crl.ts) — "Untrusted Signing Certificate" otherwise, as AWS answers;
 *   3. the profile — same account, enabled — and the role among its roleArns;
 *   4. the role's trust policy must allow `rolesanywhere.amazonaws.com` sts:AssumeRole,
 *      sts:TagSession (the certificate's attributes are the session's tags) and
 *      sts:SetSourceIdentity (the subject's CN), with aws:SourceArn = the anchor's ARN
 *      (https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html);
 *   5. the session: the profile's session policy and managed policies, the profile's attribute
 *      mappings, its duration (below), its name (the leaf's serial in hex unless the profile
 *      accepts `roleSessionName`).
 * The subject (one per certificate subject: GetSubject/ListSubjects) records every call made with
 * a trusted certificate, successful or not; calls with an untrusted one record nothing, so no
 * stranger can fill the store.
 *
 * Expiration (CreateSession's "Credentials object"): the requested duration (default the
 * profile's), never beyond the profile's durationSeconds, the role's MaxSessionDuration, or the
 * leaf certificate's notAfter. Rolegate's reading; AWS documents the profile and the request.
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
 */
import { createHash } from 'node:crypto';
import { uuidFrom } from '../credentials/random.js';
import { pem } from '../federation/saml/metadata.js';
import type { X509Certificate } from 'node:crypto';
import { type ActionContext, type Output, type PresentedCertificate, action } from '../core/action.js';
import type { InputOf, Params } from '../core/input.js';
import { type Awaitable, run, then, wait } from '../core/settle.js';
import { AccessDenied } from '../core/errors.js';
import type { Spec } from '../core/input.js';
import { slot } from '../core/services.js';
import { KIND, type RoleData, nameKey } from '../iam/model.js';
import { type ContextValue, requestContext } from '../policy/index.js';
import { issueRoleSession, packedPolicySize, sessionTags } from '../sts/session.js';
import { refuseScpExemptSession } from '../sts/scp-exempt.js';
import { boundRole, roleAccountRcps, trustAllows } from '../sts/trust.js';
import { roleSessionName } from '../sts/shapes.js';
import { certificateAttributes, distinguishedName, unmappedMessage } from './cert-attributes.js';
import { validatePath } from './chain.js';
import { enabledCrlsFor } from './crl-records.js';
import { findRevoked } from './crl.js';
import { anchorCertificates } from './anchor-certificates.js';
import {
  PROFILE_KIND,
  type ProfileData,
  SERVICE_PRINCIPAL,
  SUBJECT_KIND,
  TRUST_ANCHOR_ARN as ANCHOR_ARN,
  type SubjectData,
  TRUST_ANCHOR_KIND,
  type TrustAnchorData,
  profileKey,
  subjectArn,
  subjectKey,
  trustAnchorKey,
} from './model.js';

const arn = { type: 'string', min: 1, max: 1011 } as const satisfies Spec;
const PROFILE_ARN = /^arn:aws:rolesanywhere:([a-z0-9-]{1,64}):(\d{12}):profile\/([a-f0-9-]{36})$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(?:\/[\u0021-\u007E]*)?\/([\w+=,.@-]{1,64})$/;

/** The service principal, one object (the engine normalizes a principal once per object). */
const PRINCIPAL = Object.freeze({ arn: SERVICE_PRINCIPAL });

/** The subject records kept per subject: the newest calls' certificates and instance properties. */
export const SUBJECT_HISTORY = 10;

/** AWS's answer for a certificate it cannot chain to the anchor (rolesanywhere-credential-helper#108). */
const untrusted = () => AccessDenied('Untrusted Signing Certificate');

/** ISO-8601 to the second, as AWS writes credential expirations (credential_process takes it as is). */
const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Outcome {
  readonly failed: boolean;
  readonly instanceProperties?: Readonly<Record<string, string>> | undefined;
}

/**
 * A subject's id is derived from its account, Region and x509Subject (SHA-256, shaped as a UUID),
 * so a call knows its subject's ARN without a read, and two nodes create the same subject.
 */
function subjectId(account: string, region: string, x509Subject: string): string {
  const h = createHash('sha256').update(`${account}\n${region}\n${x509Subject}`).digest();
  return uuidFrom(() => h.subarray(0, 16));
}

/**
 * When this node last wrote each subject and what it wrote (a per-server slot, core/services.ts):
 * a workload renewing with the same certificate and outcome is recorded at most once a minute, as
 * IAM's last-used records are (iam/usage.ts; AWS documents both as best effort). A new subject, a
 * new certificate, another outcome or other instance properties are written at once.
 */
const RECORD_INTERVAL_MS = 60_000;
const MAX_TRACKED = 10_000;
const SUBJECT_WRITES = slot('rolesanywhere/subject-writes', () => new Map<string, { readonly atMs: number; readonly what: string }>());

/** Creates or updates the subject of a trusted certificate, in one transaction; returns its ARN. */
function recordSubject(ctx: ActionContext, account: string, cert: PresentedCertificate, outcome: Outcome): Awaitable<string> {
  const x509Subject = distinguishedName(cert.leaf, 'subject');
  const id = subjectId(account, ctx.region, x509Subject);
  const arnText = subjectArn(ctx.region, account, id);
  const key = subjectKey(ctx.region, id);
  // Instance properties hashed: they may be 20 KB, and 10,000 subjects are remembered.
  const props = outcome.instanceProperties === undefined ? '' : createHash('sha256').update(JSON.stringify(outcome.instanceProperties)).digest('base64');
  const what = `${cert.serial}\n${String(outcome.failed)}\n${props}`;
  const seen = ctx.services.get(SUBJECT_WRITES);
  const last = seen.get(`${account}/${key}`);
  const nowMs = ctx.now.getTime();
  if (last !== undefined && last.what === what && nowMs - last.atMs < RECORD_INTERVAL_MS) return arnText;
  const now = ctx.now.toISOString();
  const credential = {
    seenAt: now,
    serialNumber: cert.serial,
    issuer: distinguishedName(cert.leaf, 'issuer'),
    enabled: true,
    x509CertificateData: pem(cert.leaf.raw.toString('base64')),
    failed: outcome.failed,
  };
  return ctx.store.write(async (tx) => {
    const found = await tx.get<SubjectData>(account, SUBJECT_KIND, key);
    const before = found?.data;
    const properties = outcome.instanceProperties === undefined ? [] : [{ seenAt: now, properties: { ...outcome.instanceProperties }, failed: outcome.failed }];
    const data: SubjectData = {
      subjectId: id,
      subjectArn: arnText,
      enabled: before?.enabled ?? true,
      x509Subject,
      lastSeenAt: now,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
      credentials: [credential, ...(before?.credentials ?? []).filter((c) => c.serialNumber !== cert.serial)].slice(0, SUBJECT_HISTORY),
      instanceProperties: [...properties, ...(before?.instanceProperties ?? [])].slice(0, SUBJECT_HISTORY),
    };
    await tx.put({ account, kind: SUBJECT_KIND, key, data }, found?.version ?? 0);
  }).then(() => {
    if (seen.size >= MAX_TRACKED) seen.clear();
    seen.set(`${account}/${key}`, { atMs: nowMs, what });
    return arnText;
  });
}

const PARAMS = {
  trustAnchorArn: { ...arn, required: true },
  profileArn: { ...arn, required: true },
  roleArn: { ...arn, required: true },
  durationSeconds: { type: 'integer', min: 900, max: 43200 },
  roleSessionName,
  /** Deprecated, unused (AWS: "This parameter is no longer used"). */
  sessionName: { type: 'string', min: 0, max: 64 },
  instanceProperties: { type: 'map', max: 50, key: { type: 'string', min: 1, max: 200 }, value: { type: 'string', min: 1, max: 200 } },
} as const satisfies Params;

type Input = InputOf<typeof PARAMS>;

export const createSession = action({
  service: 'rolesanywhere',
  name: 'CreateSession',
  params: PARAMS,
  // The certificate and the role's trust policy decide; the caller has no identity to authorize.
  resource: undefined,
  x509: true,
  // Written as steps (core/settle.ts): a call whose reads are all cached runs without a promise.
  handler: (ctx, input) => run(steps(ctx, input)),
});


function* steps(ctx: ActionContext, input: Input): Generator<unknown, Output, unknown> {
  const cert = ctx.certificate;
  if (cert === undefined) throw untrusted(); // the pipeline sets it for x509 actions; kept for the type
  const anchorMatch = ANCHOR_ARN.exec(input.trustAnchorArn);
  // An anchor of another Region is not served by this Region's endpoint: no such anchor here.
  if (anchorMatch === null || anchorMatch[1] !== ctx.region) throw untrusted();
  const account = anchorMatch[2]!;
  // The anchor and the profile through the read cache (emptied by every committed change); the
  // anchor's enabled CRLs through this server's CRL slot (crl-records.ts), which follows the change feed.
  const anchor = (yield* wait(ctx.services.cache.now<TrustAnchorData>(account, TRUST_ANCHOR_KIND, trustAnchorKey(ctx.region, anchorMatch[3]!))))?.data;
  if (anchor === undefined || !anchor.enabled || anchor.trustAnchorArn !== input.trustAnchorArn) throw untrusted();
  const cas = anchorCertificates(anchor);
  const path = validPath(cert, cas, ctx.now.getTime());
  if (path === undefined) throw untrusted();
  const crls = yield* wait(enabledCrlsFor(ctx.services, account, ctx.region, anchor.trustAnchorArn, cas));
  // The anchor itself is trusted as configured; every certificate below it is checked.
  if (findRevoked(path.slice(0, -1), crls) !== undefined) throw untrusted();
  const profile = yield* wait(profileFor(ctx, account, input.profileArn));

  // From here the certificate is trusted: the call is recorded on its subject, failed or not.
  let answer: Output;
  try {
    answer = yield* issue(ctx, account, cert, anchor, profile, input);
  } catch (e) {
    yield* wait(recordSubject(ctx, account, cert, { failed: true, instanceProperties: input.instanceProperties }));
    throw e;
  }
  const subject = yield* wait(recordSubject(ctx, account, cert, { failed: false, instanceProperties: input.instanceProperties }));
  return { credentialSet: [answer], subjectArn: subject };
}

/** The profile an ARN names, when it is in the anchor's account and this Region. */
function profileFor(ctx: ActionContext, account: string, profileArnText: string): Awaitable<ProfileData | undefined> {
  const m = PROFILE_ARN.exec(profileArnText);
  if (m === null || m[1] !== ctx.region || m[2] !== account) return undefined;
  return then(ctx.services.cache.now<ProfileData>(account, PROFILE_KIND, profileKey(ctx.region, m[3]!)), (item) => item?.data);
}

/**
 * Validated paths, memoized: a workload presents the same leaf and chain on every call. The
 * verdict is a pure function of the certificates (by their SHA-256 fingerprints, the anchor's
 * included) and of the instant; a path found valid stays valid while the instant lies inside every
 * certificate's validity, so an entry is used only there, and refusals are never kept. Bounded.
 */
const PATHS = new Map<string, { readonly path: readonly X509Certificate[]; readonly fromMs: number; readonly untilMs: number }>();
const MAX_PATHS = 1024;

function validPath(cert: PresentedCertificate, cas: readonly X509Certificate[], atMs: number): readonly X509Certificate[] | undefined {
  const key = [cert.leaf, ...cert.intermediates].map((c) => c.fingerprint256).join(',') + '|' + cas.map((c) => c.fingerprint256).join(',');
  const hit = PATHS.get(key);
  if (hit !== undefined && atMs >= hit.fromMs && atMs <= hit.untilMs) return hit.path;
  const result = validatePath({ leaf: cert.leaf, intermediates: cert.intermediates, anchors: cas, atMs });
  if (!result.ok) return undefined;
  const fromMs = Math.max(...result.path.map((c) => Date.parse(c.validFrom)));
  // validTo is to the second; chain.ts compares whole seconds, so the last accepted instant is the end of that second.
  const untilMs = Math.min(...result.path.map((c) => Date.parse(c.validTo))) + 999;
  if (PATHS.size >= MAX_PATHS) PATHS.clear();
  PATHS.set(key, { path: result.path, fromMs, untilMs });
  return result.path;
}

interface SessionInput {
  readonly roleArn: string;
  readonly durationSeconds?: number | undefined;
  readonly roleSessionName?: string | undefined;
}

function* issue(ctx: ActionContext, account: string, cert: PresentedCertificate, anchor: TrustAnchorData, profile: ProfileData | undefined, input: SessionInput): Generator<unknown, Output, unknown> {
  if (profile === undefined || !profile.enabled) throw AccessDenied('The profile does not exist or is not enabled.');
  if (!profile.roleArns.includes(input.roleArn)) throw AccessDenied(`The profile does not allow the role ${input.roleArn}.`);
  if (input.roleSessionName !== undefined && !profile.acceptRoleSessionName) throw AccessDenied('Not authorized to set roleSessionName.');
  const roleMatch = ROLE_ARN.exec(input.roleArn);
  const denied = (what: string) => AccessDenied(`User: ${SERVICE_PRINCIPAL} is not authorized to perform: ${what} on resource: ${input.roleArn}`);
  // Roles Anywhere assumes roles of the profile's own account only.
  if (roleMatch === null || roleMatch[1] !== account) throw denied('sts:AssumeRole');
  const item = yield* wait(ctx.services.cache.now<RoleData>(account, KIND.role, nameKey(roleMatch[2]!)));
  if (item === undefined || item.data.arn !== input.roleArn) throw denied('sts:AssumeRole');
  const role = yield* wait(boundRole(ctx, item.data));

  const { principalTags, sourceIdentity, unmapped } = certificateAttributes(cert.leaf, profile.attributeMappings);
  if (unmapped.length > 0) throw AccessDenied(unmappedMessage(input.roleArn, unmapped));
  const tags = Object.entries(principalTags);
  const sessionName = input.roleSessionName ?? cert.leaf.serialNumber.toLowerCase();
  const context: Record<string, ContextValue> = {
    ...requestContext({ now: ctx.now, region: ctx.region, secureTransport: true }),
    'sts:RoleSessionName': sessionName,
    'aws:SourceArn': anchor.trustAnchorArn,
    'aws:SourceAccount': account,
  };
  if (tags.length > 0) context['aws:TagKeys'] = tags.map(([k]) => k);
  for (const [k, v] of tags) {
    context[`aws:RequestTag/${k}`] = v;
    context[`aws:PrincipalTag/${k}`] = v;
  }
  if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
  const rcps = yield* wait(roleAccountRcps(ctx, account));
  if (!trustAllows(PRINCIPAL, 'sts:AssumeRole', role, account, context, rcps)) throw denied('sts:AssumeRole');
  if (tags.length > 0 && !trustAllows(PRINCIPAL, 'sts:TagSession', role, account, context, rcps)) throw denied('sts:TagSession');
  if (sourceIdentity !== undefined && !trustAllows(PRINCIPAL, 'sts:SetSourceIdentity', role, account, context, rcps)) throw denied('sts:SetSourceIdentity');
  if (role.serviceLinked === true) yield* wait(refuseScpExemptSession(ctx, role));

  const untilCertificateEnds = Math.floor((Date.parse(cert.leaf.validTo) - ctx.now.getTime()) / 1000);
  const duration = Math.min(input.durationSeconds ?? profile.durationSeconds, profile.durationSeconds, role.maxSessionDuration, untilCertificateEnds);
  if (duration <= 0) throw untrusted();
  const session = sessionTags(
    tags.map(([Key, Value]) => ({ Key, Value })),
    undefined,
    undefined,
  );
  const policyArns = profile.managedPolicyArns;
  const packed = packedPolicySize(profile.sessionPolicy, policyArns, session);
  const issued = issueRoleSession(ctx.services, ctx.now, duration, { account, role, sessionName, policy: profile.sessionPolicy, policyArns, tags: session, sourceIdentity });
  const c = issued.Credentials;
  return {
    assumedRoleUser: { arn: issued.AssumedRoleUser.Arn, assumedRoleId: issued.AssumedRoleUser.AssumedRoleId },
    credentials: { accessKeyId: c.AccessKeyId, expiration: isoSeconds(c.Expiration), secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
    packedPolicySize: packed,
    roleArn: input.roleArn,
    sourceIdentity,
  };
}

