/**
 * Sign-in with a console password, for the web console (it calls this; no AWS API does). AWS's
 * rules: a user whose profile has PasswordResetRequired, or whose password is older than the
 * policy's MaxPasswordAge, must choose a new one at sign-in; with HardExpiry an expired password
 * no longer signs in at all ("The IAM user cannot access the console until an administrator
 * resets the password", PasswordPolicy.HardExpiry). A successful sign-in sets the user's
 * PasswordLastUsed (GetUser, ListUsers).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 */
import type { Services } from '../../core/services.js';
import { ConflictError } from '../../store/types.js';
import { KIND, type UserData, iso } from '../model.js';
import { findUser } from '../users/common.js';
import { signInCaller } from './gate.js';
import { burnTime, hashPassword, needsRehash, passwordMatches } from './hash.js';
import { expiresAt, findPasswordPolicy } from './policy.js';
import { type LoginProfileData, findProfile } from './profile.js';

export type PasswordCheck =
  /** No such user, no login profile, or the wrong password: one answer for all three (no user enumeration). */
  | { readonly outcome: 'invalid' }
  /** Right password, but expired under HardExpiry: an administrator must reset it. */
  | { readonly outcome: 'expired' }
  /** Signed in; `mustChangePassword` when an administrator asked for a reset or the password expired. */
  | { readonly outcome: 'ok'; readonly user: UserData; readonly mustChangePassword: boolean };

const INVALID: PasswordCheck = Object.freeze({ outcome: 'invalid' });

/**
 * Checks `password` for user `userName` of `account`. Unknown users and users without a password
 * cost one scrypt run too, so the time taken does not tell them apart from a wrong password.
 */
export async function verifyPassword(services: Services, account: string, userName: string, password: string): Promise<PasswordCheck> {
  const found = await services.store.read(async (tx) => {
    const user = await findUser(tx, account, userName);
    const profile = user === undefined ? undefined : await findProfile(tx, account, user.data);
    return user === undefined || profile === undefined ? undefined : { user, profile, policy: await findPasswordPolicy(tx, account) };
  });
  const caller = signInCaller(account, userName);
  if (found === undefined) {
    await burnTime(services, caller, password);
    return INVALID;
  }
  const { user, profile, policy } = found;
  if (!(await passwordMatches(services, caller, password, profile.data.hash))) return INVALID;
  const now = services.now();
  const expiry = expiresAt(policy, profile.data.changedAt);
  const expired = expiry !== undefined && now.getTime() >= expiry.getTime();
  if (expired && policy?.hardExpiry === true) return { outcome: 'expired' };
  const rehash = needsRehash(profile.data.hash) ? await hashPassword(services, caller, password) : undefined;
  await recordUse(services, account, user.data, profile.data, now, rehash);
  return { outcome: 'ok', user: { ...user.data, passwordLastUsed: iso(now) }, mustChangePassword: profile.data.passwordResetRequired || expired };
}

/** PasswordLastUsed (and a rehash under today's parameters): best effort, a concurrent change of the user wins. */
async function recordUse(services: Services, account: string, user: UserData, profile: LoginProfileData, now: Date, rehash: string | undefined): Promise<void> {
  try {
    await services.store.write(async (tx) => {
      const u = await findUser(tx, account, user.name);
      if (u === undefined || u.data.id !== user.id) return;
      // The user keeps its secondary id (its AIDA…): GetUser by key and lookups by id both still find it.
      await tx.put<UserData>({ account, kind: KIND.user, key: u.key, ...(u.id === undefined ? {} : { id: u.id }), data: { ...u.data, passwordLastUsed: iso(now) } }, u.version);
      const p = rehash === undefined ? undefined : await findProfile(tx, account, u.data);
      if (p !== undefined && p.data.hash === profile.hash) {
        await tx.put<LoginProfileData>({ account, kind: KIND.loginProfile, key: p.key, data: { ...p.data, hash: rehash ?? p.data.hash } }, p.version);
      }
    });
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
  }
}
