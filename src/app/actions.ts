/**
 * The registry of every action served: each family (one folder) exports its list, and this is the
 * only place they come together. Resource tags come from the Service Authorization Reference, for
 * every action alike; a role's service-linked flag is read for the actions AWS's built-in rules
 * refuse on such roles.
 */
import type { AnyAction, ServiceName } from '../core/action.js';
import { Registry } from '../core/registry.js';
import { issuerActions } from '../federation/issuer/index.js';
import { oidcActions } from '../federation/oidc/index.js';
import { samlActions } from '../federation/saml/index.js';
import { accessAdvisorActions } from '../iam/access-advisor/index.js';
import { accessKeyActions } from '../iam/access-keys/index.js';
import { accountActions } from '../iam/account/index.js';
import { groupActions } from '../iam/groups/index.js';
import { instanceProfileActions } from '../iam/instance-profiles/index.js';
import { mfaActions } from '../iam/mfa/index.js';
import { serverCertificateActions } from '../iam/server-certificates/index.js';
import { serviceCredentialActions } from '../iam/service-credentials/index.js';
import { signingCertificateActions } from '../iam/signing-certificates/index.js';
import { sshKeyActions } from '../iam/ssh-keys/index.js';
import { passwordActions } from '../iam/passwords/index.js';
import { policyActions } from '../iam/policies/index.js';
import { withResourceFacts } from '../iam/resource-facts.js';
import { withResourceTags } from '../iam/resource-tags.js';
import { roleActions } from '../iam/roles/index.js';
import { simulatorActions } from '../iam/simulator/index.js';
import { userActions } from '../iam/users/index.js';
import { organizationsActions } from '../organizations/index.js';
import { rolegateActions } from '../rolegate/index.js';
import { podIdentityActions } from '../federation/pod-identity/index.js';
import { rolesAnywhereActions } from '../rolesanywhere/index.js';
import { identityStoreActions } from '../identitycenter/identitystore/index.js';
import { identityCenterRolegateActions } from '../identitycenter/passwords.js';
import { ssoAdminActions } from '../identitycenter/admin/index.js';
import { serviceLinkedRoleActions } from '../iam/service-linked/index.js';
import { stsActions } from '../sts/index.js';

const ACTIONS: readonly AnyAction[] = [
  ...userActions,
  ...accessKeyActions,
  ...groupActions,
  ...policyActions,
  ...organizationsActions,
  ...stsActions,
  ...roleActions,
  ...instanceProfileActions,
  ...simulatorActions,
  ...accountActions,
  ...oidcActions,
  ...samlActions,
  ...mfaActions,
  ...accessAdvisorActions,
  ...sshKeyActions,
  ...signingCertificateActions,
  ...serverCertificateActions,
  ...serviceCredentialActions,
  ...passwordActions,
  ...serviceLinkedRoleActions,
  ...rolegateActions,
  ...issuerActions,
  ...podIdentityActions,
  ...rolesAnywhereActions,
  ...identityStoreActions,
  ...identityCenterRolegateActions,
  ...ssoAdminActions,
];

export const registry = new Registry(ACTIONS.map((a) => withResourceFacts(withResourceTags(a))));

export const findAction = (service: ServiceName, name: string): AnyAction | undefined => registry.find(service, name);
export const actionNames = (service: ServiceName): string[] => registry.names(service);
