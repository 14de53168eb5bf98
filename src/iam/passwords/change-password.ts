/**
 * iam:ChangePassword — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html
 * "Changes the password of the IAM user who is calling this operation." The caller's own current
 * password is checked first; the new one obeys the account password policy like any other set.
 * With the policy's AllowUsersToChangePassword, IAM users may call it without a policy granting
 * iam:ChangePassword (implicit.ts adds that account-level grant to their identity policies).
 */
import { action } from '../../core/action.js';
import { AccessDenied, InvalidUserType } from '../../core/errors.js';
import { iso } from '../model.js';
import { callerUserResource } from '../users/common.js';
import { apiCaller } from './gate.js';
import { passwordMatches } from './hash.js';
import { PASSWORD_LOCKOUT, lockoutKey } from './lockout.js';
import { password } from './policy.js';
import { noSuchProfile, preparePassword, putProfile, readState, recheck, unmodifiable } from './profile.js';

export const changePassword = action({
  service: 'iam',
  name: 'ChangePassword',
  params: { OldPassword: { ...password, required: true }, NewPassword: { ...password, required: true } },
  resource: (_input, caller, ctx) => callerUserResource(caller, ctx),
  handler: async (ctx, input) => {
    const caller = ctx.caller;
    // "The AWS account root user password is not affected by this operation": root, role and
    // federated sessions have no IAM user whose password this could be.
    if (caller.type !== 'user' || caller.userName === undefined) throw InvalidUserType('Only IAM users can change their own password with ChangePassword.');
    const account = caller.account;
    const state = await ctx.store.read((tx) => readState(tx, account, caller.userName ?? ''));
    const profile = state.profile;
    if (profile === undefined) throw noSuchProfile(state.user.data.name);
    // Repeated wrong old passwords lock the call for a while (lockout.ts): checked before any hash runs.
    const lockout = ctx.services.get(PASSWORD_LOCKOUT);
    const key = lockoutKey(account, state.user.data.id);
    lockout.check(key, ctx.now.getTime());
    if (!(await passwordMatches(ctx.services, apiCaller(caller), input.OldPassword, profile.data.hash))) {
      lockout.failed(key, ctx.now.getTime());
      throw AccessDenied('The old password provided is incorrect.');
    }
    lockout.succeeded(key);
    const pw = await preparePassword(ctx, state, input.NewPassword);
    // The user chose this password: a reset asked by an administrator is done.
    const data = { ...profile.data, hash: pw.hash, history: pw.history, changedAt: iso(ctx.now), passwordResetRequired: false };
    const conflict = (): Error => unmodifiable(state.user.data.name);
    await ctx.store.write(async (tx) => {
      await recheck(tx, account, state, input.NewPassword, conflict);
      await putProfile(tx, account, state, data, conflict);
    });
    return undefined;
  },
});
