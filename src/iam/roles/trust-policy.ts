/**
 * Role trust policies at write time (CreateRole, UpdateAssumeRolePolicy): the size quota, the
 * trust grammar, and the binding of each IAM user or role the policy names to its unique id.
 *
 * AWS: "If your Principal element in a role trust policy contains an ARN that points to a
 * specific IAM role [or user], then that ARN transforms to the role unique principal ID when you
 * save the policy. [...] If you delete the role, then you break the relationship. If you recreate
 * the role, the new role has a different unique ID and does not match the trust policy."
 * A principal that does not exist is refused: MalformedPolicyDocument
 * `Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/ghost"`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { MalformedPolicyDocumentError, type PolicyDocumentJson, policySize, trustPolicySizeQuotaMessage, validatePolicy } from '../../policy/index.js';
import { LimitExceeded, MalformedPolicyDocument } from '../../core/errors.js';
import { GLOBAL } from '../../core/accounts.js';
import type { ReadTx } from '../../store/types.js';
import { KIND, nameKey } from '../model.js';
import { checkServicePrincipals } from './service-principals.js';

/** An IAM user or role ARN: account, kind, name (the last path segment). */
export interface PrincipalRef {
  readonly account: string;
  readonly kind: typeof KIND.user | typeof KIND.role;
  readonly name: string;
}

const IAM_PRINCIPAL = /^arn:aws:iam::(\d{12}):(user|role)\/(?:[^/]*\/)*([^/]+)$/;

export function parsePrincipalArn(arn: string): PrincipalRef | undefined {
  const m = IAM_PRINCIPAL.exec(arn);
  if (m === null) return undefined;
  return { account: m[1]!, kind: m[2] === 'user' ? KIND.user : KIND.role, name: m[3]! };
}

/** Size (white space not counted, reference_iam-quotas.html), grammar, then the services it names; AWS's errors. */
export function checkTrustDocument(text: string, limit: number): PolicyDocumentJson {
  if (policySize(text) > limit) throw LimitExceeded(trustPolicySizeQuotaMessage(limit));
  let doc: PolicyDocumentJson;
  try {
    doc = validatePolicy(text, 'trust');
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) throw MalformedPolicyDocument(e.message);
    throw e;
  }
  checkServicePrincipals(doc);
  return doc;
}

/**
 * ARN → unique id for every IAM user or role the document names. Principals of accounts this
 * store holds must exist (with exactly this ARN, path included); accounts it does not know are
 * outside our view and are taken as written, unbound.
 */
export async function bindTrustPrincipals(tx: ReadTx, ownAccount: string, doc: PolicyDocumentJson): Promise<Record<string, string>> {
  const bound: Record<string, string> = {};
  const known = new Map<string, boolean>();
  for (const st of doc.Statement) {
    for (const p of [st.Principal, st.NotPrincipal]) {
      if (p === undefined || p === '*') continue;
      for (const value of p.AWS ?? []) {
        const ref = parsePrincipalArn(value);
        if (ref === undefined || Object.hasOwn(bound, value)) continue;
        let local = known.get(ref.account);
        if (local === undefined) {
          local = ref.account === ownAccount || (await tx.get(GLOBAL, KIND.account, ref.account)) !== undefined;
          known.set(ref.account, local);
        }
        if (!local) continue;
        // User and role names are at most 64 characters: a longer one names no principal (nor a store key).
        const item = ref.name.length <= 64 ? await tx.get<{ id: string; arn: string }>(ref.account, ref.kind, nameKey(ref.name)) : undefined;
        if (item === undefined || item.data.arn !== value) throw MalformedPolicyDocument(`Invalid principal in policy: "AWS":"${value}"`);
        bound[value] = item.data.id;
      }
    }
  }
  return bound;
}
