/**
 * iam:UpdateAccessKey — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html
 * Active ⇄ Inactive. An inactive key fails authentication from the very next request: the
 * identity cache (iam/identity.ts) is dropped on every committed change.
 */
import { ValidationError } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { type AccessKeyData, KIND } from '../model.js';
import { accessKeyId, existingUserName, status } from '../shapes.js';
import { impliedUserName } from '../users/common.js';
import { getUserKey, keyUserResource } from './common.js';
import { deniedUser } from '../denied-as.js';

export const updateAccessKey = action({
  service: 'iam',
  name: 'UpdateAccessKey',
  params: { UserName: existingUserName, AccessKeyId: { ...accessKeyId, required: true }, Status: { ...status, required: true } },
  resource: keyUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    // statusType also lists "Expired" (used for service-specific credentials); an access key is only ever Active or Inactive.
    if (input.Status === 'Expired') {
      throw ValidationError("1 validation error detected: Value 'Expired' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
    }
    const newStatus = input.Status;
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const key = await getUserKey(tx, account, name, input.AccessKeyId);
      if (key.data.status === newStatus) return;
      const data: AccessKeyData = { ...key.data, status: newStatus };
      await tx.put<AccessKeyData>({ account, kind: KIND.accessKey, key: key.key, id: data.accessKeyId, data }, key.version);
    });
    return undefined;
  },
});
