/**
 * Login profiles (console passwords): how they are kept, AWS's wording, and the one path every
 * password set takes (CreateLoginProfile, UpdateLoginProfile, ChangePassword).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_admin-change-user.html
 */
import type { ActionContext, Output } from '../../core/action.js';
import { GLOBAL } from '../../core/accounts.js';
import { EntityTemporarilyUnmodifiable, NoSuchEntity } from '../../core/errors.js';
import { ConflictError, type Item, type ReadTx, type WriteTx } from '../../store/types.js';
import { type AccountData, KIND, type UserData } from '../model.js';
import { getUser } from '../users/common.js';
import { apiCaller } from './gate.js';
import { hashPassword, passwordMatches } from './hash.js';
import { MAX_REUSE, type PasswordPolicyData, checkComplexity, findPasswordPolicy, reused } from './policy.js';

/** Kept under the user's id (KIND.loginProfile): UpdateUser's rename leaves it where it is. */
export interface LoginProfileData {
  readonly createdAt: string;
  readonly passwordResetRequired: boolean;
  /** scrypt hash with its parameters (hash.ts); the password itself is never kept. */
  readonly hash: string;
  /** When the password was last set (MaxPasswordAge counts from here). */
  readonly changedAt: string;
  /** Hashes of earlier passwords, newest first: PasswordReusePrevention looks at [hash, ...history]. */
  readonly history: readonly string[];
}

export const noSuchProfile = (userName: string): Error => NoSuchEntity(`Login Profile for User ${userName} cannot be found.`);

export async function findProfile(tx: ReadTx, account: string, user: UserData): Promise<Item<LoginProfileData> | undefined> {
  return tx.get<LoginProfileData>(account, KIND.loginProfile, user.id);
}

export async function getProfile(tx: ReadTx, account: string, user: UserData): Promise<Item<LoginProfileData>> {
  const p = await findProfile(tx, account, user);
  if (p === undefined) throw noSuchProfile(user.name);
  return p;
}

/** The LoginProfile shape (CreateLoginProfile, GetLoginProfile). */
export const profileView = (user: UserData, p: LoginProfileData): Output => ({
  UserName: user.name,
  CreateDate: new Date(p.createdAt),
  PasswordResetRequired: p.passwordResetRequired,
});

/** The user, its profile and what a password set is checked against, read in one snapshot. */
export interface PasswordState {
  readonly user: Item<UserData>;
  readonly profile: Item<LoginProfileData> | undefined;
  readonly policy: PasswordPolicyData | undefined;
  readonly accountNames: { readonly name?: string; readonly email?: string };
}

export async function readState(tx: ReadTx, account: string, userName: string): Promise<PasswordState> {
  const user = await getUser(tx, account, userName);
  const acct = await tx.get<AccountData>(GLOBAL, KIND.account, account);
  return {
    user,
    profile: await findProfile(tx, account, user.data),
    policy: await findPasswordPolicy(tx, account),
    accountNames: acct === undefined ? {} : { name: acct.data.name, email: acct.data.email },
  };
}

/** A checked and hashed new password: what the write stores. */
export interface NewPassword {
  readonly hash: string;
  readonly history: readonly string[];
}

/**
 * The policy's complexity rules, then PasswordReusePrevention against the last N hashes, then the
 * new hash — outside any transaction: each comparison and the hash are scrypt runs (~100 ms each,
 * bounded by the server's hash gate), never held inside a store transaction.
 */
export async function preparePassword(ctx: ActionContext, state: PasswordState, password: string): Promise<NewPassword> {
  checkComplexity(password, state.policy, state.accountNames);
  const earlier = state.profile === undefined ? [] : [state.profile.data.hash, ...state.profile.data.history];
  const n = state.policy?.passwordReusePrevention;
  const caller = apiCaller(ctx.caller);
  if (n !== undefined) {
    for (const h of earlier.slice(0, n)) if (await passwordMatches(ctx.services, caller, password, h)) throw reused();
  }
  return { hash: await hashPassword(ctx.services, caller, password), history: earlier.slice(0, MAX_REUSE - 1) };
}

/**
 * In the write: the user must be the one read (same id: not deleted and re-created meanwhile) and
 * the profile unchanged since (its version) — else the password checks ran against stale data and
 * the call answers `onConflict()`: AWS's EntityTemporarilyUnmodifiable ("likely to succeed if you
 * try again") for an update, EntityAlreadyExists for a create that lost the race.
 * The complexity rules are applied again against the policy as it is now.
 */
export async function recheck(tx: WriteTx, account: string, state: PasswordState, password: string | undefined, onConflict: () => Error): Promise<void> {
  const user = await getUser(tx, account, state.user.data.name);
  const profile = await findProfile(tx, account, user.data);
  // The version alone could repeat if the profile was deleted and created again meanwhile; the
  // hash (salted) cannot.
  const same = profile?.version === state.profile?.version && profile?.data.hash === state.profile?.data.hash;
  if (user.data.id !== state.user.data.id || !same) throw onConflict();
  if (password !== undefined) checkComplexity(password, await findPasswordPolicy(tx, account), state.accountNames);
}

export const unmodifiable = (userName: string): Error =>
  EntityTemporarilyUnmodifiable(`Login Profile for User ${userName} cannot be modified while login profile is being created.`);

/** Writes the profile at the version read (0: must not exist); a concurrent writer gets EntityTemporarilyUnmodifiable. */
export async function putProfile(tx: WriteTx, account: string, state: PasswordState, data: LoginProfileData, onConflict: () => Error): Promise<void> {
  try {
    await tx.put<LoginProfileData>({ account, kind: KIND.loginProfile, key: state.user.data.id, data }, state.profile?.version ?? 0);
  } catch (e) {
    if (e instanceof ConflictError) throw onConflict();
    throw e;
  }
}
