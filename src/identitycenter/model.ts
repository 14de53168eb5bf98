/**
 * IAM Identity Center as Rolegate keeps it: at most one instance per account (AWS: an
 * organization instance in the management account, or an account instance made by CreateInstance),
 * with its identity store. Every identitystore and sso-admin item lives in the instance's account.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-instances.html
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_InstanceMetadata.html
 */
import type { ReadTx } from '../store/types.js';

export const INSTANCE_KIND = 'sso-instance';
/** The one key of an account's instance item. */
export const INSTANCE_KEY = 'instance';

export interface InstanceData {
  /** `ssoins-` and 16 hex digits. */
  readonly instanceId: string;
  /** `arn:aws:sso:::instance/<instanceId>`. */
  readonly instanceArn: string;
  /** `d-` and 10 hex digits. */
  readonly identityStoreId: string;
  readonly ownerAccountId: string;
  readonly name?: string;
  /** ISO-8601. */
  readonly createdDate: string;
  readonly status: 'CREATE_IN_PROGRESS' | 'DELETE_IN_PROGRESS' | 'ACTIVE';
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  /** sso-admin CreateInstance's ClientToken: the same token again answers the same instance. */
  readonly clientToken?: string;
}

export const instanceArnOf = (instanceId: string): string => `arn:aws:sso:::instance/${instanceId}`;

/** The caller's account's instance, if it has one. */
export async function instanceOf(tx: ReadTx, account: string): Promise<InstanceData | undefined> {
  return (await tx.get<InstanceData>(account, INSTANCE_KIND, INSTANCE_KEY))?.data;
}

/** The account's instance when its identity store is `identityStoreId`; undefined otherwise (AWS answers ResourceNotFoundException). */
export async function instanceByIdentityStore(tx: ReadTx, account: string, identityStoreId: string): Promise<InstanceData | undefined> {
  const instance = await instanceOf(tx, account);
  return instance?.identityStoreId === identityStoreId ? instance : undefined;
}
