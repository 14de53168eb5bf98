/**
 * A trust policy as AWS shows it and evaluates it now: each bound principal (RoleData
 * .trustPrincipals) that still exists with its id keeps the ARN as written; one renamed or moved
 * shows its current ARN; one deleted — or deleted and re-created, which gives a new id — shows
 * the old unique id (AIDA…/AROA…), which the policy engine matches against a caller's unique id
 * only, so nobody inherits the trust.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import type { Item } from '../../store/types.js';
import type { RoleData } from '../model.js';
import { nameKey } from '../model.js';
import { parsePrincipalArn } from './trust-policy.js';
import { rewritePrincipals } from './trust-text.js';

/** The reads rendering needs: a (possibly cached) get, and a lookup by unique id. */
export interface PrincipalLookup {
  get<T>(account: string, kind: string, key: string): Promise<Item<T> | undefined>;
  getById<T>(kind: string, id: string): Promise<Item<T> | undefined>;
}

interface Named {
  readonly id: string;
  readonly arn: string;
}

/** The trust document to return (GetRole, ListRoles, …) and to evaluate (AssumeRole). */
export async function renderTrust(lookup: PrincipalLookup, role: RoleData): Promise<string> {
  const bound = role.trustPrincipals;
  if (bound === undefined) return role.assumeRolePolicyDocument;
  let changes: Map<string, string> | undefined;
  for (const [arn, id] of Object.entries(bound)) {
    const ref = parsePrincipalArn(arn);
    if (ref === undefined) continue;
    const now = await lookup.get<Named>(ref.account, ref.kind, nameKey(ref.name));
    if (now !== undefined && now.data.id === id && now.data.arn === arn) continue;
    const moved = now !== undefined && now.data.id === id ? now : await lookup.getById<Named>(ref.kind, id);
    (changes ??= new Map()).set(arn, moved?.data.arn ?? id);
  }
  if (changes === undefined) return role.assumeRolePolicyDocument;
  const c = changes;
  return rewritePrincipals(role.assumeRolePolicyDocument, (v) => c.get(v));
}
