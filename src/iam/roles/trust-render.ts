/**
 * A trust policy as AWS shows it and evaluates it now: each bound principal (RoleData
 * .trustPrincipals) that still exists with its id keeps the ARN as written; one renamed or moved
 * shows its current ARN; one deleted — or deleted and re-created, which gives a new id — shows
 * the old unique id (AIDA…/AROA…), which the policy engine matches against a caller's unique id
 * only, so nobody inherits the trust.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { CompiledPolicy, type PolicyDocumentJson, validatePolicy } from '../../policy/index.js';
import { type Awaitable, run, wait } from '../../core/settle.js';
import type { Item } from '../../store/types.js';
import type { RoleData } from '../model.js';
import { nameKey } from '../model.js';
import { parsePrincipalArn } from './trust-policy.js';
import { rewritePrincipals } from './trust-text.js';

/** The reads rendering needs: a get (a transaction's, or the cache's that answers settled items at once), and a lookup by unique id. */
export interface PrincipalLookup {
  get<T>(account: string, kind: string, key: string): Awaitable<Item<T> | undefined>;
  getById<T>(kind: string, id: string): Awaitable<Item<T> | undefined>;
}

interface Named {
  readonly id: string;
  readonly arn: string;
}

/**
 * Bound ARN → what stands for it now (a new ARN, or the unique id); undefined when nothing changed.
 * Without a promise when every read is settled (the cache's usual case on the AssumeRole path).
 */
export function trustChanges(lookup: PrincipalLookup, role: RoleData): Awaitable<ReadonlyMap<string, string> | undefined> {
  const bound = role.trustPrincipals;
  return bound === undefined ? undefined : run(changesOf(lookup, bound));
}

function* changesOf(lookup: PrincipalLookup, bound: Readonly<Record<string, string>>): Generator<unknown, ReadonlyMap<string, string> | undefined, unknown> {
  let changes: Map<string, string> | undefined;
  for (const [arn, id] of Object.entries(bound)) {
    const ref = parsePrincipalArn(arn);
    if (ref === undefined) continue;
    const now = yield* wait(lookup.get<Named>(ref.account, ref.kind, nameKey(ref.name)));
    if (now !== undefined && now.data.id === id && now.data.arn === arn) continue;
    const moved = now !== undefined && now.data.id === id ? now : yield* wait(lookup.getById<Named>(ref.kind, id));
    (changes ??= new Map()).set(arn, moved?.data.arn ?? id);
  }
  return changes;
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
