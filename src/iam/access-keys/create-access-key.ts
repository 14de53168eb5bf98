/**
 * iam:CreateAccessKey — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
 * At most two keys per user; the secret is returned this once and kept only sealed under the
 * master key. Key ids are `AKIA…` and encode the account, as AWS's do.
 */
import { newAccessKeyId, newSecretAccessKey } from '../../credentials/ids.js';
import { LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { SEAL } from '../../core/services.js';
import { type AccessKeyData, KIND, iso } from '../model.js';
import { existingUserName } from '../shapes.js';
import { getUser, impliedUserName } from '../users/common.js';
import { keyUserResource } from './common.js';
import { deniedUser } from '../denied-as.js';

/** IAM quotas: "Access keys assigned to an IAM user: 2" (reference_iam-quotas.html). */
export const KEYS_PER_USER = 2;

export const createAccessKey = action({
  service: 'iam',
  name: 'CreateAccessKey',
  params: { UserName: existingUserName },
  resource: keyUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    const accessKeyId = newAccessKeyId('AKIA', account, ctx.services.random);
    const secret = newSecretAccessKey(ctx.services.random);
    const sealedSecret = ctx.services.sealer.seal(secret, SEAL.secretAccessKey);
    const key = await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, name);
      if ((await tx.count(account, KIND.accessKey, `${user.key}/`)) >= KEYS_PER_USER) {
        throw LimitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`);
      }
      const data: AccessKeyData = { accessKeyId, userName: user.data.name, status: 'Active', createdAt: iso(ctx.now), sealedSecret };
      await tx.put<AccessKeyData>({ account, kind: KIND.accessKey, key: `${user.key}/${accessKeyId}`, id: accessKeyId, data }, 0);
      return data;
    });
    return {
      AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: secret, CreateDate: new Date(key.createdAt) },
    };
  },
});
