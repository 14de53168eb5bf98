/**
 * A pod's service-account token as eks-auth:AssumeRoleForPodIdentity checks it: signed (RS256) by
 * the cluster's issuer — here the calling account's own OIDC issuer (federation/issuer/), its keys
 * read from the store, never fetched — for the audience pods.eks.amazonaws.com, not expired, its
 * subject `system:serviceaccount:<namespace>:<name>` agreeing with its `kubernetes.io` claims. A
 * token of another account's issuer names a key this issuer never had, and another issuer: invalid.
 * Pod claims (`kubernetes.io.pod.name/uid`, as a projected token bound to its pod carries) are
 * optional here; when present they become the session's pod tags.
 */
import { type JWTPayload, createLocalJWKSet, errors, jwtVerify } from 'jose';
import { type AwsError, ExpiredToken, InvalidIdentityToken } from '../../core/errors.js';
import type { Services } from '../../core/services.js';
import { ISSUER_KEYS } from '../issuer/keyring.js';
import { issuerUrl } from '../issuer/issuers.js';
import { POD_IDENTITY_AUDIENCE } from './model.js';

export interface PodToken {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly podName?: string;
  readonly podUid?: string;
}

const SUBJECT = /^system:serviceaccount:([a-z0-9](?:[-a-z0-9]*[a-z0-9])?):([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)$/;
/** Kubernetes object names (pods: DNS-1123 subdomains) and UIDs, checked before they become tag values. */
const POD_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
const POD_UID = /^[0-9a-fA-F-]{1,64}$/;

const invalid = (): AwsError => InvalidIdentityToken('The service account token is not valid.');

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Readonly<Record<string, unknown>> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

export async function verifyPodToken(services: Services, account: string, token: string, now: Date): Promise<PodToken> {
  const keys = await services.get(ISSUER_KEYS).publicKeys(account, 'oidc', Math.floor(now.getTime() / 1000));
  let payload: JWTPayload;
  try {
    payload = (
      await jwtVerify(token, createLocalJWKSet({ keys }), {
        issuer: issuerUrl(services.config, 'oidc', account),
        audience: POD_IDENTITY_AUDIENCE,
        algorithms: ['RS256'],
        currentDate: now,
        requiredClaims: ['exp', 'sub'],
      })
    ).payload;
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw ExpiredToken('The service account token has expired.');
    if (e instanceof errors.JOSEError || e instanceof TypeError) throw invalid();
    throw e;
  }
  const m = SUBJECT.exec(str(payload.sub) ?? '');
  if (m === null) throw invalid();
  const [, namespace, serviceAccount] = m as unknown as [string, string, string];
  const k8s = obj(payload['kubernetes.io']);
  if (k8s !== undefined) {
    if (str(k8s.namespace) !== namespace || str(obj(k8s.serviceaccount)?.name) !== serviceAccount) throw invalid();
  }
  const pod = obj(k8s?.pod);
  const podName = str(pod?.name);
  const podUid = str(pod?.uid);
  if ((podName !== undefined && !POD_NAME.test(podName)) || (podUid !== undefined && !POD_UID.test(podUid))) throw invalid();
  return { namespace, serviceAccount, ...(podName === undefined ? {} : { podName }), ...(podUid === undefined ? {} : { podUid }) };
}
