/**
 * A trust policy as AWS shows it and evaluates it now: each bound principal (RoleData
 * .trustPrincipals) that still exists with its id keeps the ARN as written; one renamed or moved
 * shows its current ARN; one deleted — or deleted and re-created, which gives a new id — shows
 * the old unique id (AIDA…/AROA…), which the policy engine matches against a caller's unique id
 * only, so nobody inherits the trust.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { CompiledPolicy, type PolicyDocumentJson, validatePolicy } from '../../policy/index.js';
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

/** Bound ARN → what stands for it now (a new ARN, or the unique id); undefined when nothing changed. */
export async function trustChanges(lookup: PrincipalLookup, role: RoleData): Promise<ReadonlyMap<string, string> | undefined> {
  const bound = role.trustPrincipals;
  if (bound === undefined) return undefined;
  let changes: Map<string, string> | undefined;
  for (const [arn, id] of Object.entries(bound)) {
    const ref = parsePrincipalArn(arn);
    if (ref === undefined) continue;
    const now = await lookup.get<Named>(ref.account, ref.kind, nameKey(ref.name));
    if (now !== undefined && now.data.id === id && now.data.arn === arn) continue;
    const moved = now !== undefined && now.data.id === id ? now : await lookup.getById<Named>(ref.kind, id);
    (changes ??= new Map()).set(arn, moved?.data.arn ?? id);
  }
  return changes;
}

/**
 * The common case without awaiting: true when every bound principal's cached read has settled and
 * still names the same principal, false when something changed, undefined when a read is pending.
 */
export function trustUnchangedNow(
  now: <T>(account: string, kind: string, key: string) => Item<T> | undefined | Promise<Item<T> | undefined>,
  role: RoleData,
): boolean | undefined {
  const bound = role.trustPrincipals;
  if (bound === undefined) return true;
  for (const arn of Object.keys(bound)) {
    const ref = parsePrincipalArn(arn);
    if (ref === undefined) continue;
    const item = now<Named>(ref.account, ref.kind, nameKey(ref.name));
    if (item instanceof Promise) return undefined;
    if (item === undefined || item.data.id !== bound[arn] || item.data.arn !== arn) return false;
  }
  return true;
}

/** The trust document to return (GetRole, ListRoles, InstanceProfile.Roles, …): the text as written, principals updated. */
export async function renderTrust(lookup: PrincipalLookup, role: RoleData): Promise<string> {
  const changes = await trustChanges(lookup, role);
  if (changes === undefined) return role.assumeRolePolicyDocument;
  return rewritePrincipals(role.assumeRolePolicyDocument, (v) => changes.get(v));
}

/**
 * The trust policy to evaluate when principals changed. Compiled from the validated document
 * with the principals substituted: the write-time grammar refuses unique ids as principals, the
 * evaluator matches them (against the caller's unique id).
 */
export function compileChangedTrust(role: RoleData, changes: ReadonlyMap<string, string>): CompiledPolicy {
  const doc = validatePolicy(role.assumeRolePolicyDocument, 'trust');
  const swap = (p: PolicyDocumentJson['Statement'][number]['Principal']) =>
    p === undefined || p === '*' || p.AWS === undefined ? p : { ...p, AWS: p.AWS.map((v) => changes.get(v) ?? v) };
  const statements = doc.Statement.map((st) => {
    const Principal = swap(st.Principal);
    return Principal === undefined ? st : { ...st, Principal };
  });
  return new CompiledPolicy({ ...doc, Statement: statements }, 'trust');
}
