/**
 * What the SSH public key actions share: the stored key, AWS's NoSuchEntity wording and the
 * API's SSHPublicKey shapes. Keys are per user (`${userKey}/${id}`); the calls are authorized
 * against the user (Service Authorization Reference: resource type "user").
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SSHPublicKey.html
 */
import { NoSuchEntity } from '../../core/errors.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND } from '../model.js';
import { getUser } from '../users/common.js';

export interface SshPublicKeyData {
  readonly id: string;
  readonly userName: string;
  /** The RFC 4253 blob, base64: GetSSHPublicKey renders it in either encoding. */
  readonly blob: string;
  readonly fingerprint: string;
  readonly status: 'Active' | 'Inactive';
  readonly uploadedAt: string;
}

export const noSuchSshKey = (id: string): Error => NoSuchEntity(`The Public Key with id ${id} cannot be found.`);

/** The key `id` of user `userName`; NoSuchEntity for the user first, then for the key. */
export async function getUserSshKey(tx: ReadTx, account: string, userName: string, id: string): Promise<Item<SshPublicKeyData>> {
  const user = await getUser(tx, account, userName);
  const item = await tx.get<SshPublicKeyData>(account, KIND.sshPublicKey, `${user.key}/${id}`);
  if (item === undefined) throw noSuchSshKey(id);
  return item;
}

/** SSHPublicKeyMetadata (ListSSHPublicKeys). */
export function sshKeyMetadata(k: SshPublicKeyData): { UserName: string; SSHPublicKeyId: string; Status: string; UploadDate: Date } {
  return { UserName: k.userName, SSHPublicKeyId: k.id, Status: k.status, UploadDate: new Date(k.uploadedAt) };
}

/** SSHPublicKey (Upload, Get): the body in the encoding asked for. */
export function sshKeyView(k: SshPublicKeyData, body: string): { UserName: string; SSHPublicKeyId: string; Fingerprint: string; SSHPublicKeyBody: string; Status: string; UploadDate: Date } {
  return { UserName: k.userName, SSHPublicKeyId: k.id, Fingerprint: k.fingerprint, SSHPublicKeyBody: body, Status: k.status, UploadDate: new Date(k.uploadedAt) };
}

