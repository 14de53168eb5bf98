/**
 * The caller as the engine sees it: its type, account and the identifiers a Principal element can
 * name. Derived once per distinct principal and cached.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import type { Principal } from './types.js';

export type PrincipalType = 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Service' | 'Federated' | 'Anonymous';

export interface NormalPrincipal {
  readonly type: PrincipalType;
  readonly arn: string;
  readonly account: string | undefined;
  /** aws:PrincipalArn: root ARN, user ARN, role ARN (not the session), federated-user ARN. */
  readonly principalArn: string | undefined;
  /** Role sessions: the role. */
  readonly roleArn: string | undefined;
  /** Federated-user sessions: the IAM user who called GetFederationToken. */
  readonly userArn: string | undefined;
  readonly name: string | undefined;
  readonly sessionName: string | undefined;
  readonly id: string | undefined;
  readonly userid: string | undefined;
  readonly service: string | undefined;
  readonly federatedProvider: string | undefined;
  readonly canonicalUser: string | undefined;
  /** lower-cased tag key → value */
  readonly tags: ReadonlyMap<string, string>;
}

const objectCache = new WeakMap<Principal, NormalPrincipal>();
const stringCache = new Map<string, NormalPrincipal>();
const STRING_CACHE_MAX = 4096;

export function normalizePrincipal(p: Principal | string): NormalPrincipal {
  if (typeof p === 'string') {
    let n = stringCache.get(p);
    if (!n) {
      if (stringCache.size >= STRING_CACHE_MAX) stringCache.clear();
      n = derive({ arn: p });
      stringCache.set(p, n);
    }
    return n;
  }
  if (typeof p !== 'object' || p === null || typeof p.arn !== 'string') {
    throw new TypeError('request.principal must be an ARN string or an object with an arn');
  }
  let n = objectCache.get(p);
  if (!n) {
    n = derive(p);
    objectCache.set(p, n);
  }
  return n;
}

function derive(p: Principal): NormalPrincipal {
  const tags = new Map<string, string>();
  if (p.tags) for (const [k, v] of Object.entries(p.tags)) tags.set(k.toLowerCase(), v);
  const base = {
    arn: p.arn,
    id: p.id,
    federatedProvider: p.federatedProvider,
    canonicalUser: p.canonicalUser,
    tags,
  };
  const none = {
    account: undefined, principalArn: undefined, roleArn: undefined, userArn: undefined, name: undefined,
    sessionName: undefined, userid: undefined, service: undefined,
  };
  const m = /^arn:([^:]*):(iam|sts)::([0-9]{12}):(.*)$/.exec(p.arn);
  if (!m) {
    if (p.arn === '*' || p.arn === 'anonymous') return { ...none, ...base, type: 'Anonymous', userid: 'anonymous' };
    if (p.federatedProvider !== undefined) return { ...none, ...base, type: 'Federated' };
    if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(p.arn) || /^[a-z0-9-]+\.[a-z0-9.-]+$/i.test(p.arn)) {
      return { ...none, ...base, type: 'Service', service: p.arn };
    }
    return { ...none, ...base, type: 'Anonymous' };
  }
  const partition = m[1]!;
  const svc = m[2]!;
  const account = m[3]!;
  const rest = m[4]!;
  const root = `arn:${partition}:iam::${account}:root`;
  if (svc === 'iam' && (rest.startsWith('saml-provider/') || rest.startsWith('oidc-provider/'))) {
    // AssumeRoleWithSAML / AssumeRoleWithWebIdentity: the caller is the identity provider.
    return { ...none, ...base, type: 'Federated', federatedProvider: p.federatedProvider ?? p.arn };
  }
  if (svc === 'iam' && rest === 'root') {
    return { ...none, ...base, type: 'Account', account, principalArn: root, userid: account };
  }
  if (svc === 'iam' && rest.startsWith('user/')) {
    const name = rest.slice(rest.lastIndexOf('/') + 1);
    return { ...none, ...base, type: 'User', account, principalArn: p.arn, userArn: p.arn, name, userid: p.id };
  }
  if (svc === 'sts' && rest.startsWith('assumed-role/')) {
    const [, roleName = '', ...session] = rest.split('/');
    const sessionName = session.join('/');
    const roleArn = p.roleArn ?? `arn:${partition}:iam::${account}:role/${roleName}`;
    const userid = p.id !== undefined ? `${p.id}:${sessionName}` : undefined;
    return { ...none, ...base, type: 'AssumedRole', account, principalArn: roleArn, roleArn, sessionName, userid };
  }
  if (svc === 'iam' && rest.startsWith('role/')) {
    // A role ARN given as the caller stands for a session of that role whose name is unknown.
    const userid = p.id;
    return { ...none, ...base, type: 'AssumedRole', account, principalArn: p.arn, roleArn: p.arn, userid };
  }
  if (svc === 'sts' && rest.startsWith('federated-user/')) {
    const name = rest.slice('federated-user/'.length);
    return {
      ...none, ...base, type: 'FederatedUser', account, principalArn: p.arn, userArn: p.userArn, name,
      userid: `${account}:${name}`,
    };
  }
  return { ...none, ...base, type: 'Anonymous', account };
}

/** Context keys AWS derives from the principal (keys lower-cased). */
export function principalContextValue(n: NormalPrincipal, keyLower: string): string | undefined {
  switch (keyLower) {
    case 'aws:principalarn':
      return n.principalArn;
    case 'aws:principalaccount':
      return n.account;
    case 'aws:principaltype':
      return n.type === 'Service' || n.type === 'Federated' ? undefined : n.type;
    case 'aws:userid':
      return n.userid;
    case 'aws:username':
      return n.type === 'User' ? n.name : undefined;
    case 'aws:principalisawsservice':
      return n.type === 'Service' ? 'true' : 'false';
    case 'aws:principalservicename':
      return n.service;
  }
  if (keyLower.startsWith('aws:principaltag/')) return n.tags.get(keyLower.slice('aws:principaltag/'.length));
  return undefined;
}
