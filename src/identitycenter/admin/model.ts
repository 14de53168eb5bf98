/**
 * Permission sets as Rolegate keeps them: one item per set in the instance's account, keyed
 * `<instanceId>/<permissionSetId>`, carrying everything provisioning needs to build the role
 * (inline policy, AWS managed and customer managed policy references, permissions boundary,
 * session duration), and a name index (`<instanceId>/<name>`) that makes names unique per instance.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html
 */
import type { ReadTx } from '../../store/types.js';

export const PERMISSION_SET_KIND = 'sso-permission-set';
export const PERMISSION_SET_NAME_KIND = 'sso-permission-set-name';

export interface CustomerManagedPolicyRef {
  readonly Name: string;
  /** `/` when the request gave none. */
  readonly Path: string;
}

/** Exactly one of the two, as PutPermissionsBoundaryToPermissionSet takes it. */
export type BoundaryRef = { readonly ManagedPolicyArn: string } | { readonly CustomerManagedPolicyReference: CustomerManagedPolicyRef };

export interface PermissionSetData {
  /** `ps-` and 16 hex digits. */
  readonly permissionSetId: string;
  /** `arn:aws:sso:::permissionSet/<instanceId>/<permissionSetId>`. */
  readonly permissionSetArn: string;
  readonly instanceId: string;
  readonly name: string;
  readonly description?: string;
  /** ISO-8601. */
  readonly createdDate: string;
  /** ISO-8601 duration, PT1H–PT12H; PT1H unless set. */
  readonly sessionDuration: string;
  readonly relayState?: string;
  /** The document as sent. */
  readonly inlinePolicy?: string;
  /** AWS managed policies, in attachment order. */
  readonly managedPolicies: readonly { readonly Name: string; readonly Arn: string }[];
  readonly customerManagedPolicies: readonly CustomerManagedPolicyRef[];
  readonly permissionsBoundary?: BoundaryRef;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
}

/** The name index entry: which set holds the name. */
export interface PermissionSetNameData {
  readonly permissionSetId: string;
}

export const permissionSetArnOf = (instanceId: string, permissionSetId: string): string => `arn:aws:sso:::permissionSet/${instanceId}/${permissionSetId}`;
export const permissionSetKey = (instanceId: string, permissionSetId: string): string => `${instanceId}/${permissionSetId}`;
export const permissionSetNameKey = (instanceId: string, name: string): string => `${instanceId}/${name}`;

/** The ids of a permission set ARN as Rolegate makes them (16 hex digits each), or undefined. */
const PERMISSION_SET_ARN = /^arn:aws:sso:::permissionSet\/(ssoins-[0-9a-f]{16})\/(ps-[0-9a-f]{16})$/;
export function permissionSetIds(arn: string): { readonly instanceId: string; readonly permissionSetId: string } | undefined {
  const m = PERMISSION_SET_ARN.exec(arn);
  return m === null ? undefined : { instanceId: m[1]!, permissionSetId: m[2]! };
}

/** The account's permission set `arn` names, exactly as stored, or undefined. */
export async function permissionSetOf(tx: ReadTx, account: string, arn: string) {
  const ids = permissionSetIds(arn);
  if (ids === undefined) return undefined;
  const item = await tx.get<PermissionSetData>(account, PERMISSION_SET_KIND, permissionSetKey(ids.instanceId, ids.permissionSetId));
  return item?.data.permissionSetArn === arn ? item : undefined;
}
