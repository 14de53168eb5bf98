/**
 * sts:GetAccessKeyInfo — the account an access key belongs to, read from the key id itself (our
 * AKIA/ASIA ids encode the account as AWS's do); keys given verbatim at bootstrap are looked up.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html
 */
import { accountOfAccessKeyId } from '../credentials/ids.js';
import { KIND } from '../iam/model.js';
import { InvalidParameterValue } from '../core/errors.js';
import { action } from '../core/action.js';

export const getAccessKeyInfo = action({
  service: 'sts',
  name: 'GetAccessKeyInfo',
  params: { AccessKeyId: { type: 'string', required: true, min: 16, max: 128, pattern: { re: /^\w+$/, text: '[\\w]*' } } },
  resource: () => '*',
  async handler(ctx, input) {
    const stored = await ctx.store.read((tx) => tx.getById(KIND.accessKey, input.AccessKeyId));
    const account = stored?.account ?? accountOfAccessKeyId(input.AccessKeyId);
    if (account === undefined) throw InvalidParameterValue(`The access key ID ${input.AccessKeyId} is not valid.`);
    return { Account: account };
  },
});
