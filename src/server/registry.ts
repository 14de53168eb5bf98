/** One registry maps (service, Action) to handlers. */
import { accessKeyActions } from '../iam/access-keys/index.js';
import { groupActions } from '../iam/groups/index.js';
import { policyActions } from '../iam/policies/index.js';
import { userActions } from '../iam/users/index.js';
import { organizationsActions } from '../organizations/index.js';
import { oidcActions } from '../federation/oidc/index.js';
import { samlActions } from '../federation/saml/index.js';
import { accountActions } from '../iam/account/index.js';
import { instanceProfileActions } from '../iam/instance-profiles/index.js';
import { mfaActions } from '../iam/mfa/index.js';
import { roleActions } from '../iam/roles/index.js';
import { withResourceTags } from '../iam/resource-tags.js';
import { simulatorActions } from '../iam/simulator/index.js';
import { stsActions } from '../sts/index.js';
import type { Action, ServiceName } from './action.js';

export type AnyAction = Action<never>;

/** Each family (one folder) exports its list; this is the only place they come together. */
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
];

const byService = new Map<ServiceName, Map<string, AnyAction>>();
for (const listed of ACTIONS) {
  // Resource tags come from the Service Authorization Reference, for every action alike.
  const a = withResourceTags(listed);
  let m = byService.get(a.service);
  if (!m) byService.set(a.service, (m = new Map<string, AnyAction>()));
  if (m.has(a.name)) throw new Error(`duplicate action ${a.service}:${a.name}`);
  m.set(a.name, a);
}

export function findAction(service: ServiceName, name: string): AnyAction | undefined {
  return byService.get(service)?.get(name);
}

export function actionNames(service: ServiceName): string[] {
  return [...(byService.get(service)?.keys() ?? [])].sort();
}
