/**
 * Principal / NotPrincipal matching, with the strength of what a match grants.
 *
 * AWS (same account): a resource-based policy that names the IAM user, the role session or the
 * federated-user session grants directly — implicit denies in identity policies, boundaries and
 * session policies do not limit it. Naming the role ARN (or the IAM user behind a federated
 * session) is limited by the boundary and session policies. Naming the account delegates to the
 * account: its identity policies must allow too.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import type { NormalPrincipal } from './principal.js';
import type { PrincipalJson } from './types.js';

/** 0 nothing, 1 the account, 2 the role / federating user, 3 the caller itself. */
export const Grant = { None: 0, Account: 1, Role: 2, Direct: 3 } as const;
export type Grant = (typeof Grant)[keyof typeof Grant];

export interface PrincipalSpec {
  readonly any: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly ids: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonical: ReadonlySet<string>;
}

const ACCOUNT_RE = /^[0-9]{12}$/;
const ROOT_RE = /^arn:[^:]+:iam::([0-9]{12}):root$/;
const UNIQUE_ID_RE = /^A[A-Z]{3}[A-Z0-9]{12,}$/;

export function compilePrincipal(p: PrincipalJson): PrincipalSpec {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const ids = new Set<string>();
  const services = new Set<string>();
  const federated = new Set<string>();
  const canonical = new Set<string>();
  let any = p === '*';
  if (p !== '*') {
    for (const v of p.AWS ?? []) {
      if (v === '*') any = true;
      else if (ACCOUNT_RE.test(v)) accounts.add(v);
      else {
        const root = ROOT_RE.exec(v);
        if (root) accounts.add(root[1]!);
        else if (UNIQUE_ID_RE.test(v)) ids.add(v);
        else arns.add(v);
      }
    }
    for (const v of p.Service ?? []) {
      if (v === '*') any = true;
      else services.add(v.toLowerCase());
    }
    for (const v of p.Federated ?? []) federated.add(v);
    for (const v of p.CanonicalUser ?? []) canonical.add(v);
  }
  return { any, accounts, arns, ids, services, federated, canonical };
}

/** How strongly a Principal element names the caller (Grant.None when it does not). */
export function principalGrant(s: PrincipalSpec, n: NormalPrincipal): Grant {
  if (s.any) return Grant.Direct;
  switch (n.type) {
    case 'User':
      if (s.arns.has(n.arn) || (n.id !== undefined && s.ids.has(n.id))) return Grant.Direct;
      break;
    case 'AssumedRole':
      // Only a session ARN names the session itself. A caller given as a bare role ARN (session
      // name unknown) is named by its role ARN, which AWS limits by the boundary and session policy.
      if (n.sessionName !== undefined && s.arns.has(n.arn)) return Grant.Direct;
      if ((n.roleArn !== undefined && s.arns.has(n.roleArn)) || (n.id !== undefined && s.ids.has(n.id))) return Grant.Role;
      break;
    case 'FederatedUser':
      if (s.arns.has(n.arn)) return Grant.Direct;
      if (n.userArn !== undefined && s.arns.has(n.userArn)) return Grant.Role;
      break;
    case 'Account':
      // The root user is the account: naming the account names it.
      if (n.account !== undefined && s.accounts.has(n.account)) return Grant.Direct;
      return Grant.None;
    case 'Service':
      return n.service !== undefined && s.services.has(n.service.toLowerCase()) ? Grant.Direct : Grant.None;
    case 'Federated':
      return n.federatedProvider !== undefined && s.federated.has(n.federatedProvider) ? Grant.Direct : Grant.None;
    case 'Anonymous':
      return n.canonicalUser !== undefined && s.canonical.has(n.canonicalUser) ? Grant.Direct : Grant.None;
  }
  if (n.canonicalUser !== undefined && s.canonical.has(n.canonicalUser)) return Grant.Direct;
  if (n.account !== undefined && s.accounts.has(n.account)) return Grant.Account;
  return Grant.None;
}

/**
 * Whether a NotPrincipal element leaves the caller out of its statement.
 *
 * Allow: AWS's words are "Doing so allows all principals except the one named in the NotPrincipal
 * element" — the caller is left out whenever the same list used as a Principal element would name
 * it (its own ARN or id, its role, its account, "*"). Anything else — another account's users,
 * anonymous callers — is granted. Deny: the account-chain rule below.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export function notPrincipalExcludes(s: PrincipalSpec, n: NormalPrincipal, allow: boolean): boolean {
  return allow ? principalGrant(s, n) !== Grant.None : !notPrincipalApplies(s, n);
}

/**
 * NotPrincipal with Deny: the statement applies unless every identity in the caller's chain is listed.
 * AWS: to exclude a role session you list the session ARN, the role ARN and the account; to
 * exclude a user, the user ARN and the account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
function notPrincipalApplies(s: PrincipalSpec, n: NormalPrincipal): boolean {
  if (s.any) return false;
  const accountListed = n.account !== undefined && s.accounts.has(n.account);
  switch (n.type) {
    case 'Account':
      return !accountListed;
    case 'User':
      return !(accountListed && (s.arns.has(n.arn) || (n.id !== undefined && s.ids.has(n.id))));
    case 'AssumedRole':
      return !(
        accountListed &&
        s.arns.has(n.arn) &&
        ((n.roleArn !== undefined && s.arns.has(n.roleArn)) || (n.id !== undefined && s.ids.has(n.id)))
      );
    case 'FederatedUser':
      return !(accountListed && s.arns.has(n.arn));
    case 'Service':
      return !(n.service !== undefined && s.services.has(n.service.toLowerCase()));
    case 'Federated':
      return !(n.federatedProvider !== undefined && s.federated.has(n.federatedProvider));
    case 'Anonymous':
      return !(n.canonicalUser !== undefined && s.canonical.has(n.canonicalUser));
  }
}
