/**
 * IAM quotas for roles and instance profiles, in one place, each overridable by environment
 * (ROLEGATE_QUOTA_<NAME>, e.g. ROLEGATE_QUOTA_ROLES_PER_ACCOUNT=5000) — AWS lets accounts raise
 * several of them. Defaults and names are AWS's, as its LimitExceeded messages spell them
 * ("Cannot exceed quota for RolesPerAccount: 1000").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */

export interface RoleQuotas {
  /** "Roles per AWS account: 1,000" (adjustable). */
  readonly rolesPerAccount: number;
  /** "Instance profiles per AWS account: 1,000" (adjustable). */
  readonly instanceProfilesPerAccount: number;
  /** "Role trust policy length: 2,048 characters" (adjustable to 4,096), white space not counted. */
  readonly roleTrustPolicySize: number;
  /** "Roles in an instance profile: 1" — fixed by AWS. */
  readonly rolesPerInstanceProfile: number;
}

export const DEFAULT_QUOTAS: RoleQuotas = Object.freeze({
  rolesPerAccount: 1000,
  instanceProfilesPerAccount: 1000,
  roleTrustPolicySize: 2048,
  rolesPerInstanceProfile: 1,
});

/** Upper bounds an override may not pass (AWS's own maximums where it documents one). */
const MAXIMUM: Readonly<Record<keyof RoleQuotas, number>> = {
  rolesPerAccount: 5000,
  instanceProfilesPerAccount: 5000,
  roleTrustPolicySize: 4096,
  rolesPerInstanceProfile: 1,
};

const envName = (k: string): string => `ROLEGATE_QUOTA_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** The quotas with any ROLEGATE_QUOTA_* overrides from `env`; a bad value throws at start (core/config.ts). */
export function quotasFrom(env: NodeJS.ProcessEnv): RoleQuotas {
  const out: Record<string, number> = { ...DEFAULT_QUOTAS };
  const names = Object.keys(DEFAULT_QUOTAS) as (keyof RoleQuotas)[];
  // A misspelt name would otherwise leave its quota at the default without a word.
  const known = new Set(names.map(envName));
  for (const name of Object.keys(env)) {
    if (name.startsWith('ROLEGATE_QUOTA_') && !known.has(name)) throw new Error(`${name} is not a quota Rolegate knows (${[...known].join(', ')})`);
  }
  for (const k of names) {
    const raw = env[envName(k)];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > MAXIMUM[k]) throw new Error(`${envName(k)} must be an integer from 1 to ${MAXIMUM[k]}`);
    out[k] = n;
  }
  return Object.freeze(out) as unknown as RoleQuotas;
}
