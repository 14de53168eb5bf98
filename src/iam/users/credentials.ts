/**
 * The credentials a user holds besides access keys and MFA devices — SSH public keys, signing
 * certificates, service-specific credentials — as DeleteUser and UpdateUser see them: each is an
 * item keyed `${userKey}/${id}` that names its user, so a rename re-keys it and a delete is refused
 * while one is left. Both run inside the caller's one transaction.
 */
import { ValidationError } from '../../core/errors.js';
import type { Item, WriteTx } from '../../store/types.js';
import { KIND } from '../model.js';
import { deleteConflict, rekey } from './relations.js';

const ALL = 10_000;

/** The per-user credential kinds; every item's data carries `userName`. */
const USER_CREDENTIAL_KINDS = [KIND.sshPublicKey, KIND.signingCertificate, KIND.serviceCredential] as const;

/** UpdateUser (a new name): each credential moves to the new key and names the new user. */
export async function moveUserCredentials(tx: WriteTx, account: string, oldKey: string, newKey: string, name: string): Promise<void> {
  for (const kind of USER_CREDENTIAL_KINDS) {
    for (const item of await tx.list<{ readonly userName: string }>(account, kind, { prefix: `${oldKey}/`, limit: ALL })) {
      await rekey(tx, item, `${newKey}${item.key.slice(oldKey.length)}`, { ...item.data, userName: name });
    }
  }
}

/**
 * DeleteUser: AWS refuses while any of these is left, with the message recorded for a
 * service-specific credential (LocalStack test_iam.snapshot.json,
 * test_delete_user_after_service_credential_created): "Cannot delete entity, must remove
 * referenced objects first."
 */
export async function checkNoUserCredentials(tx: WriteTx, account: string, userKey: string): Promise<void> {
  for (const kind of USER_CREDENTIAL_KINDS) {
    if ((await tx.count(account, kind, `${userKey}/`)) > 0) throw deleteConflict('must remove referenced objects first.');
  }
}

/**
 * Update{SSHPublicKey,SigningCertificate,ServiceSpecificCredential}: statusType also lists
 * "Expired", which only AWS sets (as on access keys: iam/access-keys/update-access-key.ts).
 */
export function settableStatus(s: 'Active' | 'Inactive' | 'Expired'): 'Active' | 'Inactive' {
  if (s === 'Expired') {
    throw ValidationError("1 validation error detected: Value 'Expired' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
  }
  return s;
}

/** Update{SSHPublicKey,SigningCertificate,ServiceSpecificCredential}: rewrites the status unless it is already so. */
export async function setCredentialStatus<T extends { readonly id: string; readonly status: 'Active' | 'Inactive' }>(tx: WriteTx, item: Item<T>, next: 'Active' | 'Inactive'): Promise<void> {
  if (item.data.status === next) return;
  await tx.put<T>({ account: item.account, kind: item.kind, key: item.key, id: item.data.id, data: { ...item.data, status: next } }, item.version);
}
