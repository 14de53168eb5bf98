/**
 * iam:GetSSHPublicKey — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSSHPublicKey.html
 * iam:ListSSHPublicKeys — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSSHPublicKeys.html
 * Get renders the key as `ssh-rsa …` (Encoding SSH) or a PEM SubjectPublicKeyInfo (PEM). List
 * without UserName lists the signing user's keys.
 */
import { action } from '../../core/action.js';
import { KIND } from '../model.js';
import { paging, userName } from '../shapes.js';
import { getUser, impliedUserName, impliedUserResource, userResource } from '../users/common.js';
import { encoding, sshPublicKeyId } from '../users/credential-shapes.js';
import { listPage } from '../users/paging.js';
import { type SshPublicKeyData, getUserSshKey, sshKeyMetadata, sshKeyView } from './common.js';
import { encodeSshPublicKey } from './parse.js';
import { deniedUser } from '../denied-as.js';

export const getSshPublicKey = action({
  service: 'iam',
  name: 'GetSSHPublicKey',
  params: { UserName: { ...userName, required: true }, SSHPublicKeyId: { ...sshPublicKeyId, required: true }, Encoding: { ...encoding, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const key = await ctx.store.read((tx) => getUserSshKey(tx, ctx.caller.account, input.UserName, input.SSHPublicKeyId));
    return { SSHPublicKey: sshKeyView(key.data, encodeSshPublicKey(Buffer.from(key.data.blob, 'base64'), input.Encoding)) };
  },
});

export const listSshPublicKeys = action({
  service: 'iam',
  name: 'ListSSHPublicKeys',
  params: { UserName: userName, ...paging },
  resource: impliedUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    const page = await ctx.store.read(async (tx) => {
      const user = await getUser(tx, account, name);
      return listPage<SshPublicKeyData>(tx, account, KIND.sshPublicKey, { ...input, prefix: `${user.key}/` });
    });
    return { SSHPublicKeys: page.items.map((k) => sshKeyMetadata(k.data)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});
