/**
 * rolegate:CreateServiceAccountToken — what `rolegate token` calls: a Kubernetes-style
 * service-account token (as kube-apiserver's TokenRequest issues for EKS's IAM roles for service
 * accounts) signed by the caller's account's own issuer, `<ROLEGATE_ISSUER_URL>/oidc/<account>`
 * (federation/issuer/). With that issuer registered as an IAM OIDC provider, the token works with
 * AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN — local IRSA without an outside identity provider.
 * https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 *
 * Minting is authorized like any call: rolegate:CreateServiceAccountToken on
 * `arn:aws:rolegate::<account>:serviceaccount/<namespace>/<name>`, with the audiences in the
 * multi-valued condition key `rolegate:TokenAudience` (and the pod in `rolegate:PodName` and
 * `rolegate:PodUid`). A caller without an Allow gets
 * AccessDenied; only the caller's own account's issuer ever signs. The token is never logged or
 * audited (its member name is secret-bearing for the audit's redaction).
 *
 * A token minted by a role session expires no later than the session, as sts:GetWebIdentityToken
 * refuses with SessionDurationEscalationException ("would extend the session beyond its original
 * expiration time"): else a session about to expire, or one revoked by a Deny on
 * aws:TokenIssueTime, would leave behind a day-long token that keeps assuming the roles which
 * trust the issuer. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
 */
import { createHash } from 'node:crypto';
import { action } from '../core/action.js';
import { error } from '../core/errors.js';
import type { Spec } from '../core/input.js';
import { randomUuid } from '../credentials/random.js';
import { signToken } from '../federation/issuer/sign.js';

/** `system:serviceaccount:<namespace>:<name>`: a DNS-1123 label and a DNS-1123 subdomain, as Kubernetes names them. */
const SUBJECT = /^system:serviceaccount:([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?):([a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?)$/;
const subject = { type: 'string', min: 1, max: 255, pattern: { re: SUBJECT, text: 'system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?' } } as const satisfies Spec;
/** As sts:GetWebIdentityToken's Audience (webIdentityTokenAudienceListType): 1–10 strings of 1–1000 characters. */
const audience = { type: 'list', member: { type: 'string', min: 1, max: 1000 }, min: 1, max: 10 } as const satisfies Spec;
/** Kubernetes' TokenRequest: at least 10 minutes; at most a day here (default an hour). */
const durationSeconds = { type: 'integer', min: 600, max: 86_400 } as const satisfies Spec;
const DEFAULT_DURATION = 3600;
/** A pod the token is bound to (kube-apiserver's TokenRequest boundObjectRef): a DNS-1123 subdomain and a UID. */
const podName = { type: 'string', min: 1, max: 253, pattern: { re: /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/, text: '[a-z0-9]([-a-z0-9.]*[a-z0-9])?' } } as const satisfies Spec;
const podUid = { type: 'string', min: 1, max: 64, pattern: { re: /^[0-9a-fA-F-]+$/, text: '[0-9a-fA-F-]+' } } as const satisfies Spec;
const SessionDurationEscalation = error('SessionDurationEscalationException');

const parts = (s: string): { readonly namespace: string; readonly name: string } => {
  const m = SUBJECT.exec(s);
  return { namespace: m?.[1] ?? '', name: m?.[2] ?? '' };
};

/** A stable uid for the service account (Kubernetes gives each object a UUID): a name-derived UUID. */
function serviceAccountUid(account: string, namespace: string, name: string): string {
  const h = createHash('sha256').update(`rolegate/serviceaccount/${account}/${namespace}/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export const createServiceAccountToken = action({
  service: 'rolegate',
  name: 'CreateServiceAccountToken',
  params: { Subject: { ...subject, required: true }, Audience: { ...audience, required: true }, DurationSeconds: durationSeconds, PodName: podName, PodUid: podUid },
  resource: (input, caller) => {
    const { namespace, name } = parts(input.Subject);
    return `arn:aws:rolegate::${caller.account}:serviceaccount/${namespace}/${name}`;
  },
  // The pod a token is bound to is the minter's claim (no kube-apiserver checks it here): these keys
  // let a policy scope minting to one pod, else a minter of the service account could present a
  // sibling pod's uid to a policy on aws:PrincipalTag/kubernetes-pod-uid. PodUid counts only with
  // PodName (else the token has no pod); a uid left to the server is random and absent here.
  context: (input) => ({
    'rolegate:TokenAudience': [...input.Audience],
    ...(input.PodName === undefined ? {} : { 'rolegate:PodName': input.PodName, ...(input.PodUid === undefined ? {} : { 'rolegate:PodUid': input.PodUid }) }),
  }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const { namespace, name } = parts(input.Subject);
    const audiences = [...new Set(input.Audience)];
    const duration = input.DurationSeconds ?? DEFAULT_DURATION;
    const session = ctx.caller.session;
    if (session !== undefined && Math.floor(ctx.now.getTime() / 1000) + duration > session.expiresAt) {
      throw SessionDurationEscalation('The requested token duration would extend the session beyond its original expiration time.');
    }
    const signed = await signToken(
      ctx.services,
      account,
      'oidc',
      'RS256',
      {
        // The claims of a projected service-account token (kube-apiserver); bound to a pod when
        // PodName is given (EKS Pod Identity tags its sessions with the pod's name and uid).
        aud: audiences,
        sub: input.Subject,
        jti: Buffer.from(ctx.services.random(16)).toString('hex'),
        'kubernetes.io': {
          namespace,
          serviceaccount: { name, uid: serviceAccountUid(account, namespace, name) },
          ...(input.PodName === undefined ? {} : { pod: { name: input.PodName, uid: input.PodUid ?? randomUuid() } }),
        },
      },
      ctx.now,
      duration,
    );
    return { Token: signed.token, Issuer: signed.issuer, Expiration: signed.expiration };
  },
});
