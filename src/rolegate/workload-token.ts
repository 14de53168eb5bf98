/**
 * The instance (task) id of rolegate:GetWorkloadCredentials is the server's, as EC2 and ECS assign
 * theirs: a launcher never names the instance it gets, so a policy that singles out one instance's
 * ec2:SourceInstanceARN (a task's aws:SourceArn) cannot be met by a caller that merely claims it.
 * The first call gets a fresh id and a `WorkloadToken`: the id sealed (AES-256-GCM under the
 * master key's secrets key, with its own label — sealing.ts) together with what it was issued to —
 * the account, the caller's principal id, the service, the instance profile (role) and the cluster.
 * A renewal presents the token; it opens only here and only for the same binding.
 *
 * The principal id is the user's (AIDA…), the role's (AROA…, without the session name: a
 * launcher running under a role renews its sessions, each named anew) or the account (root).
 */
import { randomBytes } from 'node:crypto';
import type { Caller } from '../core/action.js';
import { ValidationError } from '../core/errors.js';
import { SEAL, type Services } from '../core/services.js';

/** What a workload id is issued to; the token carries it with the id. */
export interface WorkloadBinding {
  readonly account: string;
  readonly principalId: string;
  readonly service: string;
  /** The instance profile's ARN (instances) or the task role's ARN (tasks). */
  readonly resource: string;
  /** Tasks: the cluster; instances: "". */
  readonly cluster: string;
}

/** The caller's principal id, its role session's name left out. */
export const principalIdOf = (caller: Caller): string => (caller.type === 'role-session' ? caller.userId.split(':')[0]! : caller.userId);

/** A fresh id in AWS's shapes: i- and 17 hexadecimal digits; a task's 32. */
export const newWorkloadId = (instance: boolean): string => (instance ? `i-${randomBytes(9).toString('hex').slice(0, 17)}` : randomBytes(16).toString('hex'));

const fields = (b: WorkloadBinding): readonly string[] => [b.account, b.principalId, b.service, b.resource, b.cluster];

export function sealWorkloadToken(services: Services, b: WorkloadBinding, id: string): string {
  return services.sealer.seal(JSON.stringify({ v: 1, b: fields(b), id }), SEAL.workloadToken);
}

/**
 * The id the token was issued for, when it opens and binds `b`; else one ValidationError, the
 * same whatever failed, so that the answer tells nothing of whom another's token was issued to.
 */
export function openWorkloadToken(services: Services, b: WorkloadBinding, token: string): string {
  const refused = ValidationError('The WorkloadToken is not one this caller was issued for this service, instance profile (role) and cluster.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(services.sealer.open(token, SEAL.workloadToken));
  } catch {
    throw refused;
  }
  const t = parsed as { v?: unknown; b?: unknown; id?: unknown };
  const bound: unknown = t.b;
  const want = fields(b);
  if (t.v !== 1 || typeof t.id !== 'string' || !Array.isArray(bound) || bound.length !== want.length || want.some((f, i) => bound[i] !== f)) throw refused;
  return t.id;
}
