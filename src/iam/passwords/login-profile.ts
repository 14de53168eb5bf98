/**
 * iam:GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetLoginProfile.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html
 */
import { action } from '../../core/action.js';
import { KIND, iso } from '../model.js';
import { existingUserName } from '../shapes.js';
import { getUser, impliedUserName, impliedUserResource, userResource } from '../users/common.js';
import { password } from './policy.js';
import { getProfile, noSuchProfile, preparePassword, profileView, putProfile, readState, recheck, unmodifiable } from './profile.js';
import { deniedUser } from '../denied-as.js';

export const getLoginProfile = action({
  service: 'iam',
  name: 'GetLoginProfile',
  params: { UserName: existingUserName },
  resource: impliedUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    return ctx.store.read(async (tx) => {
      const user = await getUser(tx, account, name);
      const p = await getProfile(tx, account, user.data);
      return { LoginProfile: profileView(user.data, p.data) };
    });
  },
});

export const updateLoginProfile = action({
  service: 'iam',
  name: 'UpdateLoginProfile',
  params: { UserName: { ...existingUserName, required: true }, Password: password, PasswordResetRequired: { type: 'boolean' } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const state = await ctx.store.read((tx) => readState(tx, account, input.UserName));
    const profile = state.profile;
    if (profile === undefined) throw noSuchProfile(state.user.data.name);
    const pw = input.Password === undefined ? undefined : await preparePassword(ctx, state, input.Password);
    const now = iso(ctx.now);
    const data = {
      ...profile.data,
      ...(pw === undefined ? {} : { hash: pw.hash, history: pw.history, changedAt: now }),
      ...(input.PasswordResetRequired === undefined ? {} : { passwordResetRequired: input.PasswordResetRequired }),
    };
    const conflict = (): Error => unmodifiable(state.user.data.name);
    await ctx.store.write(async (tx) => {
      await recheck(tx, account, state, input.Password, conflict);
      await putProfile(tx, account, state, data, conflict);
    });
    return undefined;
  },
});

export const deleteLoginProfile = action({
  service: 'iam',
  name: 'DeleteLoginProfile',
  params: { UserName: existingUserName },
  resource: impliedUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, name);
      const p = await getProfile(tx, account, user.data);
      await tx.delete(account, KIND.loginProfile, p.key, p.version);
    });
    return undefined;
  },
});
