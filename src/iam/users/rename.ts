/**
 * Everything that belongs to a user and must follow it when UpdateUser renames it, in the rename's
 * one transaction: access keys, MFA devices, group memberships, inline and attached policies.
 * A rename changes the user's name, not the user
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_rename.html): its devices stay
 * assigned to it (ListMFADevices under the new name) and the old name is free again.
 * SSH keys, signing certificates and service-specific credentials move with them
 * (./credentials.ts); a new kind of per-user item is one more line in `moveUserItems`.
 */
import type { WriteTx } from '../../store/types.js';
import { renameMemberUser } from '../groups/members.js';
import { type AccessKeyData, KIND, type MfaDeviceData } from '../model.js';
import { moveUserCredentials } from './credentials.js';
import { moveEntityPolicies, rekey } from './relations.js';

const ALL = 10_000;

/** Moves the items keyed under the user `oldKey` to `newKey`, the user now being called `name`. */
export async function moveUserItems(tx: WriteTx, account: string, oldKey: string, newKey: string, name: string): Promise<void> {
  await moveAccessKeys(tx, account, oldKey, newKey, name);
  await moveMfaDevices(tx, account, oldKey, newKey, name);
  await renameMemberUser(tx, account, oldKey, newKey, name);
  await moveEntityPolicies(tx, account, 'user', oldKey, newKey, name);
  await moveUserCredentials(tx, account, oldKey, newKey, name);
}

async function moveAccessKeys(tx: WriteTx, account: string, oldKey: string, newKey: string, name: string): Promise<void> {
  for (const k of await tx.list<AccessKeyData>(account, KIND.accessKey, { prefix: `${oldKey}/`, limit: ALL })) {
    await rekey(tx, k, `${newKey}/${k.data.accessKeyId}`, { ...k.data, userName: name });
  }
}

/** The user's enabled devices: the `user-mfa` relation and the device's own `userName`. */
async function moveMfaDevices(tx: WriteTx, account: string, oldKey: string, newKey: string, name: string): Promise<void> {
  for (const link of await tx.list<{ serialNumber: string }>(account, KIND.userMfa, { prefix: `${oldKey}/`, limit: ALL })) {
    await rekey(tx, link, `${newKey}/${link.key.slice(oldKey.length + 1)}`, link.data);
    const device = await tx.getById<MfaDeviceData>(KIND.mfaDevice, link.data.serialNumber);
    if (device !== undefined && device.account === account) {
      await rekey(tx, device, device.key, { ...device.data, userName: name });
    }
  }
}
