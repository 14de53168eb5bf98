/**
 * iam:GetAccessKeyLastUsed — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html
 * Authorized against the user who owns the key. A key never used answers ServiceName and Region
 * "N/A" and no LastUsedDate (API_AccessKeyLastUsed.html). Use is recorded by iam/usage.ts.
 * A key the caller's account does not have is AWS's 403 AccessDenied naming the key, not
 * NoSuchEntity (LocalStack test_iam_users.py::test_access_key_errors
 * "get-last-used-nonexistent-key-error", recorded against AWS).
 */
import { type ActionContext, action } from '../../core/action.js';
import type { Item } from '../../store/types.js';
import { type AccessKeyData, KIND, type UsageData, type UserData, keyUsageKey, nameKey } from '../model.js';
import { accessKeyId } from '../shapes.js';
import { AccessDenied } from '../../core/errors.js';

/** The key in the caller's account (a key of another account is, to this caller, not there). */
async function findKey(ctx: ActionContext, id: string): Promise<Item<AccessKeyData> | undefined> {
  const item = await ctx.store.read((tx) => tx.getById<AccessKeyData>(KIND.accessKey, id));
  return item !== undefined && item.account === ctx.caller.account ? item : undefined;
}

export const getAccessKeyLastUsed = action({
  service: 'iam',
  name: 'GetAccessKeyLastUsed',
  params: { AccessKeyId: { ...accessKeyId, required: true } },
  resource: async (input, caller, ctx) => {
    const key = await findKey(ctx, input.AccessKeyId);
    if (key === undefined) return caller.arn;
    const user = await ctx.store.read((tx) => tx.get<UserData>(key.account, KIND.user, nameKey(key.data.userName)));
    return user?.data.arn ?? caller.arn;
  },
  handler: async (ctx, input) => {
    const key = await findKey(ctx, input.AccessKeyId);
    if (key === undefined) {
      throw AccessDenied(`User: ${ctx.caller.arn} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${input.AccessKeyId}`);
    }
    const used = (await ctx.store.read((tx) => tx.get<UsageData>(key.account, KIND.usage, keyUsageKey(key.data.accessKeyId))))?.data;
    return {
      UserName: key.data.userName,
      AccessKeyLastUsed:
        used === undefined
          ? { ServiceName: 'N/A', Region: 'N/A' }
          : { LastUsedDate: new Date(used.date), ServiceName: used.service, Region: used.region },
    };
  },
});
