/**
 * iam:CreateLoginProfile — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
 * Gives a user a console password, checked against the account password policy (or AWS's default
 * policy when the account has none) and kept only as an scrypt hash.
 */
import { action } from '../../core/action.js';
import { EntityAlreadyExists, ValidationError } from '../../core/errors.js';
import { iso } from '../model.js';
import { existingUserName } from '../shapes.js';
import { impliedUserName, impliedUserResource } from '../users/common.js';
import { password } from './policy.js';
import { preparePassword, profileView, putProfile, readState, recheck } from './profile.js';
import { deniedUser } from '../denied-as.js';

const alreadyExists = (name: string): Error => EntityAlreadyExists(`Login Profile for user ${name} already exists.`);

export const createLoginProfile = action({
  service: 'iam',
  name: 'CreateLoginProfile',
  // Both optional in the model: UserName defaults to the caller; Password may be omitted only in
  // an AssumeRoot session (root credential recovery), which Rolegate does not issue.
  params: { UserName: existingUserName, Password: password, PasswordResetRequired: { type: 'boolean' } },
  resource: impliedUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    if (input.Password === undefined) throw ValidationError("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null");
    const state = await ctx.store.read((tx) => readState(tx, account, name));
    // Cheap refusals before the slow hash.
    if (state.profile !== undefined) throw alreadyExists(state.user.data.name);
    const pw = await preparePassword(ctx, state, input.Password);
    const now = iso(ctx.now);
    const data = { createdAt: now, passwordResetRequired: input.PasswordResetRequired ?? false, hash: pw.hash, changedAt: now, history: [] };
    const conflict = (): Error => alreadyExists(state.user.data.name);
    await ctx.store.write(async (tx) => {
      await recheck(tx, account, state, input.Password, conflict);
      await putProfile(tx, account, state, data, conflict);
    });
    return { LoginProfile: profileView(state.user.data, data) };
  },
});
