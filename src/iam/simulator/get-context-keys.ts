/**
 * iam:GetContextKeysForCustomPolicy, iam:GetContextKeysForPrincipalPolicy
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForCustomPolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForPrincipalPolicy.html
 * "all of the context keys referenced in the input policies" — condition keys and policy
 * variables, as written, each once, in order of appearance (aws-cli example: Resource
 * `…/${aws:username}` then a condition on aws:CurrentTime → ["aws:username", "aws:CurrentTime"]).
 * For a principal: its policies (a user's groups' too, and its permissions boundary), then
 * PolicyInputList.
 */
import { policyContextKeys } from '../../policy/index.js';
import { action } from '../../core/action.js';
import { inputPolicies } from './inputs.js';
import { policyList, policySourceArn } from './shapes.js';
import { loadSource } from './sources.js';
import type { SourcePolicy } from './types.js';

const keysOf = (list: readonly SourcePolicy[]): string[] => policyContextKeys(list.map((p) => p.compiled ?? p.text));

export const getContextKeysForCustomPolicy = action({
  service: 'iam',
  name: 'GetContextKeysForCustomPolicy',
  params: { PolicyInputList: { ...policyList, required: true } },
  resource: () => '*',
  handler: async (_ctx, input) => ({ ContextKeyNames: keysOf(await inputPolicies(input.PolicyInputList, 'PolicyInputList', 'IAM Policy')) }),
});

export const getContextKeysForPrincipalPolicy = action({
  service: 'iam',
  name: 'GetContextKeysForPrincipalPolicy',
  params: { PolicySourceArn: policySourceArn, PolicyInputList: policyList },
  resource: (input) => input.PolicySourceArn,
  handler: async (ctx, input) => {
    const extra = await inputPolicies(input.PolicyInputList, 'PolicyInputList', 'IAM Policy');
    return ctx.store.read(async (tx) => {
      const source = await loadSource(tx, ctx.caller.account, input.PolicySourceArn);
      return { ContextKeyNames: keysOf([...source.identity, ...(source.boundary ?? []), ...extra]) };
    });
  },
});
