/**
 * iam:GetAccountPasswordPolicy, UpdateAccountPasswordPolicy, DeleteAccountPasswordPolicy.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
 * "If you do not specify a value for a parameter, the operation uses the default value": Update
 * replaces the whole policy (MinimumPasswordLength 6, the Require and Allow flags false, no expiry,
 * no reuse prevention), never merging with the policy it replaces.
 */
import { action } from '../../core/action.js';
import { NoSuchEntity } from '../../core/errors.js';
import { KIND } from '../model.js';
import { POLICY_KEY, type PasswordPolicyData, findPasswordPolicy, maxPasswordAge, minimumPasswordLength, passwordReusePrevention, policyView } from './policy.js';

/** The actions take no resource ("*" in the Service Authorization Reference). */
const anyResource = (): string => '*';

export const getAccountPasswordPolicy = action({
  service: 'iam',
  name: 'GetAccountPasswordPolicy',
  params: {},
  resource: anyResource,
  handler: async (ctx) => {
    const account = ctx.caller.account;
    const policy = await ctx.store.read((tx) => findPasswordPolicy(tx, account));
    if (policy === undefined) throw NoSuchEntity(`The Password Policy with domain name ${account} cannot be found.`);
    return { PasswordPolicy: policyView(policy) };
  },
});

const bool = { type: 'boolean' } as const;

export const updateAccountPasswordPolicy = action({
  service: 'iam',
  name: 'UpdateAccountPasswordPolicy',
  params: {
    MinimumPasswordLength: minimumPasswordLength,
    RequireSymbols: bool,
    RequireNumbers: bool,
    RequireUppercaseCharacters: bool,
    RequireLowercaseCharacters: bool,
    AllowUsersToChangePassword: bool,
    MaxPasswordAge: maxPasswordAge,
    PasswordReusePrevention: passwordReusePrevention,
    HardExpiry: bool,
  },
  resource: anyResource,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const data: PasswordPolicyData = {
      minimumPasswordLength: input.MinimumPasswordLength ?? 6,
      requireSymbols: input.RequireSymbols ?? false,
      requireNumbers: input.RequireNumbers ?? false,
      requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
      requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
      allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
      ...(input.MaxPasswordAge === undefined ? {} : { maxPasswordAge: input.MaxPasswordAge }),
      ...(input.PasswordReusePrevention === undefined ? {} : { passwordReusePrevention: input.PasswordReusePrevention }),
      ...(input.HardExpiry === undefined ? {} : { hardExpiry: input.HardExpiry }),
    };
    await ctx.store.write(async (tx) => {
      await tx.put<PasswordPolicyData>({ account, kind: KIND.passwordPolicy, key: POLICY_KEY, data });
    });
    return undefined;
  },
});

export const deleteAccountPasswordPolicy = action({
  service: 'iam',
  name: 'DeleteAccountPasswordPolicy',
  params: {},
  resource: anyResource,
  handler: async (ctx) => {
    const account = ctx.caller.account;
    const deleted = await ctx.store.write((tx) => tx.delete(account, KIND.passwordPolicy, POLICY_KEY));
    if (!deleted) throw NoSuchEntity('The account policy with name PasswordPolicy cannot be found.');
    return undefined;
  },
});
