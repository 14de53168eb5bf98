/**
 * iam:UpdateSSHPublicKey — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSSHPublicKey.html
 * iam:DeleteSSHPublicKey — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSSHPublicKey.html
 */
import { action } from '../../core/action.js';
import { KIND } from '../model.js';
import { status, userName } from '../shapes.js';
import { userResource } from '../users/common.js';
import { setCredentialStatus, settableStatus } from '../users/credentials.js';
import { sshPublicKeyId } from '../users/credential-shapes.js';
import { getUserSshKey } from './common.js';
import { deniedUser } from '../denied-as.js';

export const updateSshPublicKey = action({
  service: 'iam',
  name: 'UpdateSSHPublicKey',
  params: { UserName: { ...userName, required: true }, SSHPublicKeyId: { ...sshPublicKeyId, required: true }, Status: { ...status, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const next = settableStatus(input.Status);
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const key = await getUserSshKey(tx, account, input.UserName, input.SSHPublicKeyId);
      await setCredentialStatus(tx, key, next);
    });
    return undefined;
  },
});

export const deleteSshPublicKey = action({
  service: 'iam',
  name: 'DeleteSSHPublicKey',
  params: { UserName: { ...userName, required: true }, SSHPublicKeyId: { ...sshPublicKeyId, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const key = await getUserSshKey(tx, account, input.UserName, input.SSHPublicKeyId);
      await tx.delete(account, KIND.sshPublicKey, key.key, key.version);
    });
    return undefined;
  },
});
