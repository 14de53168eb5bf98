/**
 * rolegate:GenerateUserOneTimePassword — what IAM Identity Center's console offers an administrator
 * ("Reset password" → "Generate a one-time password that you can share with the user"), as a
 * Rolegate action: a random password for an identity-store user, shown once in the answer and
 * stored only as a scrypt hash (iam/passwords/hash.ts, the login profiles' KDF), marked to be
 * changed at the user's next sign-in. A second call replaces the first password.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/resetuserpwd.html
 *
 * Authorized as rolegate:GenerateUserOneTimePassword on the user's ARN
 * (`arn:aws:identitystore:::user/<UserId>`). The password is never logged or audited: the answer's
 * member is named as a secret (the audit's name rule) and the hash is never returned.
 *
 * The generated password meets Identity Center's password requirements (8–64 characters, at least
 * one number, one lower-case and one upper-case letter and one non-alphanumeric character):
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/password-requirements.html
 */
import { action } from '../core/action.js';
import { apiCaller } from '../iam/passwords/gate.js';
import { hashPassword } from '../iam/passwords/hash.js';
import type { WriteTx } from '../store/types.js';
import { KIND, key, storeOf, userArn, userIn } from './identitystore/model.js';
import { identityStoreId, resourceId } from './identitystore/shapes.js';

/** Password items: `<store>/<userId>` in the instance's account (a kind of the identity store's). */
export const PASSWORD_KIND = KIND.password;

export interface UserPasswordData {
  /** scrypt$… (iam/passwords/hash.ts). */
  readonly hash: string;
  /** A one-time password: the user must choose a new one at the next sign-in. */
  readonly mustChange: boolean;
  readonly setAt: string;
  /** The ARN of the caller that set it. */
  readonly setBy: string;
}


const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!@#$%^&*()-_=+[]{}:,.?';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;
export const ONE_TIME_PASSWORD_LENGTH = 20;

/** A uniform integer in [0, n), n ≤ 256 (rejection sampling: no modulo bias). */
function below(random: (n: number) => Uint8Array, n: number): number {
  const limit = 256 - (256 % n);
  for (;;) {
    const b = random(1)[0]!;
    if (b < limit) return b % n;
  }
}

const pick = (random: (n: number) => Uint8Array, set: string): string => set[below(random, set.length)]!;

/** 20 characters, one of each required class, shuffled (Fisher–Yates with unbiased draws). */
export function newOneTimePassword(random: (n: number) => Uint8Array): string {
  const chars = [pick(random, LOWER), pick(random, UPPER), pick(random, DIGITS), pick(random, SYMBOLS)];
  while (chars.length < ONE_TIME_PASSWORD_LENGTH) chars.push(pick(random, ALL));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = below(random, i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** Deletes a user's password with the user (identitystore DeleteUser's transaction). */
export async function deleteUserPassword(tx: WriteTx, account: string, store: string, user: string): Promise<void> {
  const item = await tx.get<UserPasswordData>(account, PASSWORD_KIND, key(store, user));
  if (item !== undefined) await tx.delete(account, PASSWORD_KIND, item.key, item.version);
}

export const generateUserOneTimePassword = action({
  service: 'rolegate',
  name: 'GenerateUserOneTimePassword',
  params: { IdentityStoreId: { ...identityStoreId, required: true }, UserId: { ...resourceId, required: true } },
  resource: (input) => userArn(input.UserId),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const store = input.IdentityStoreId;
    // The user is checked before a hash is paid for; checked again in the write.
    await ctx.store.read(async (tx) => {
      await storeOf(tx, account, store);
      await userIn(tx, account, store, input.UserId);
    });
    const password = newOneTimePassword(ctx.services.random);
    const hash = await hashPassword(ctx.services, apiCaller(ctx.caller), password);
    await ctx.store.write(async (tx) => {
      await storeOf(tx, account, store);
      await userIn(tx, account, store, input.UserId);
      const k = key(store, input.UserId);
      const before = await tx.get<UserPasswordData>(account, PASSWORD_KIND, k);
      const data: UserPasswordData = { hash, mustChange: true, setAt: ctx.now.toISOString(), setBy: ctx.caller.arn };
      await tx.put({ account, kind: PASSWORD_KIND, key: k, data }, before?.version ?? 0);
    });
    return { UserId: input.UserId, OneTimePassword: password };
  },
});

export const identityCenterRolegateActions = [generateUserOneTimePassword];
