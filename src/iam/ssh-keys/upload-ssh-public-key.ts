/**
 * iam:UploadSSHPublicKey — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
 * An ssh-rsa or PEM RSA key of at least 2048 bits (parse.ts); at most five per user; the same key
 * twice for one user is DuplicateSSHPublicKey (compared by fingerprint, so either encoding counts).
 */
import { action } from '../../core/action.js';
import { DuplicateSSHPublicKey, LimitExceeded } from '../../core/errors.js';
import { KIND, iso } from '../model.js';
import { userName } from '../shapes.js';
import { getUser, userResource } from '../users/common.js';
import { newSshPublicKeyId } from '../users/credential-ids.js';
import { publicKeyMaterial } from '../users/credential-shapes.js';
import { type SshPublicKeyData, sshKeyView } from './common.js';
import { fingerprint, parseSshPublicKey } from './parse.js';
import { deniedUser } from '../denied-as.js';

/** IAM quotas: "SSH public keys per user: 5" (reference_iam-quotas.html). */
export const SSH_KEYS_PER_USER = 5;

export const uploadSshPublicKey = action({
  service: 'iam',
  name: 'UploadSSHPublicKey',
  params: { UserName: { ...userName, required: true }, SSHPublicKeyBody: { ...publicKeyMaterial, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const parsed = parseSshPublicKey(input.SSHPublicKeyBody);
    const print = fingerprint(parsed.blob);
    const id = newSshPublicKeyId(ctx.services.random);
    const data = await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const held = await tx.list<SshPublicKeyData>(account, KIND.sshPublicKey, { prefix: `${user.key}/`, limit: SSH_KEYS_PER_USER + 1 });
      if (held.some((k) => k.data.fingerprint === print)) throw DuplicateSSHPublicKey('The SSH public key is already associated with the specified IAM user.');
      if (held.length >= SSH_KEYS_PER_USER) throw LimitExceeded(`Cannot exceed quota for SSHPublicKeysPerUser: ${SSH_KEYS_PER_USER}`);
      const d: SshPublicKeyData = { id, userName: user.data.name, blob: parsed.blob.toString('base64'), fingerprint: print, status: 'Active', uploadedAt: iso(ctx.now) };
      await tx.put<SshPublicKeyData>({ account, kind: KIND.sshPublicKey, key: `${user.key}/${id}`, id, data: d }, 0);
      return d;
    });
    return { SSHPublicKey: sshKeyView(data, input.SSHPublicKeyBody) };
  },
});
