/**
 * The account password policy and the rules every password set obeys (CreateLoginProfile,
 * UpdateLoginProfile, ChangePassword).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
 */
import { PasswordPolicyViolation } from '../../core/errors.js';
import type { Spec } from '../../core/input.js';
import type { Output } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { KIND } from '../model.js';

/** The botocore shapes: passwordType (sensitive), minimumPasswordLengthType, maxPasswordAgeType, passwordReusePreventionType. */
export const password = { type: 'string', min: 1, max: 128, pattern: { re: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, text: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' }, sensitive: true } as const satisfies Spec;
export const minimumPasswordLength = { type: 'integer', min: 6, max: 128 } as const satisfies Spec;
export const maxPasswordAge = { type: 'integer', min: 1, max: 1095 } as const satisfies Spec;
export const passwordReusePrevention = { type: 'integer', min: 1, max: 24 } as const satisfies Spec;

export interface PasswordPolicyData {
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  /** Days; absent: passwords never expire. */
  readonly maxPasswordAge?: number;
  /** How many previous passwords a user may not reuse; absent: none. */
  readonly passwordReusePrevention?: number;
  readonly hardExpiry?: boolean;
}

export const POLICY_KEY = 'policy';

/** The most previous passwords any policy can ask about: the history kept per login profile. */
export const MAX_REUSE = passwordReusePrevention.max;

export async function findPasswordPolicy(tx: ReadTx, account: string): Promise<PasswordPolicyData | undefined> {
  return (await tx.get<PasswordPolicyData>(account, KIND.passwordPolicy, POLICY_KEY))?.data;
}

/** GetAccountPasswordPolicy's PasswordPolicy: the optional members only when set, as AWS answers. */
export function policyView(p: PasswordPolicyData): Output {
  return {
    MinimumPasswordLength: p.minimumPasswordLength,
    RequireSymbols: p.requireSymbols,
    RequireNumbers: p.requireNumbers,
    RequireUppercaseCharacters: p.requireUppercaseCharacters,
    RequireLowercaseCharacters: p.requireLowercaseCharacters,
    AllowUsersToChangePassword: p.allowUsersToChangePassword,
    // "Returns true if MaxPasswordAge contains a value greater than 0."
    ExpirePasswords: p.maxPasswordAge !== undefined && p.maxPasswordAge > 0,
    MaxPasswordAge: p.maxPasswordAge,
    PasswordReusePrevention: p.passwordReusePrevention,
    HardExpiry: p.hardExpiry,
  };
}

/** RequireSymbols: "at least one of the following non-alphanumeric characters: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '" */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");
const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isLower = (c: string): boolean => c >= 'a' && c <= 'z';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

interface Classes {
  readonly upper: boolean;
  readonly lower: boolean;
  readonly digit: boolean;
  readonly symbol: boolean;
}

function classesOf(pw: string): Classes {
  let upper = false;
  let lower = false;
  let digit = false;
  let symbol = false;
  for (const c of pw) {
    if (isUpper(c)) upper = true;
    else if (isLower(c)) lower = true;
    else if (isDigit(c)) digit = true;
    else if (SYMBOLS.has(c)) symbol = true;
  }
  return { upper, lower, digit, symbol };
}

const NOT_CONFORMING = 'Password does not conform to the account password policy.';

/** Who the default policy compares a password with: "not be identical to your AWS account name or email address". */
export interface AccountNames {
  readonly name?: string;
  readonly email?: string;
}

/**
 * The complexity rules of the account's policy or, when it has none, of AWS's default policy:
 * "Minimum password length of 8 characters …; minimum of three of the following mix of character
 * types: uppercase, lowercase, numbers, and ! @ # $ % ^ & * ( ) _ + - = [ ] { } | ' symbols; not
 * be identical to your AWS account name or email address" (id_credentials_passwords_account-policy.html,
 * "Default password policy"). Throws PasswordPolicyViolation; the message never quotes the password.
 */
export function checkComplexity(pw: string, policy: PasswordPolicyData | undefined, account: AccountNames): void {
  const c = classesOf(pw);
  if (policy === undefined) {
    const kinds = [c.upper, c.lower, c.digit, c.symbol].filter(Boolean).length;
    const sameAsAccount = (account.name !== undefined && pw === account.name) || (account.email !== undefined && pw.toLowerCase() === account.email.toLowerCase());
    if (pw.length < 8 || kinds < 3 || sameAsAccount) throw PasswordPolicyViolation(NOT_CONFORMING);
    return;
  }
  if (pw.length < policy.minimumPasswordLength) throw PasswordPolicyViolation(`Password should have a minimum length of ${policy.minimumPasswordLength}`);
  if (policy.requireUppercaseCharacters && !c.upper) throw PasswordPolicyViolation('Password should have at least one uppercase letter');
  if (policy.requireLowercaseCharacters && !c.lower) throw PasswordPolicyViolation('Password should have at least one lowercase letter');
  if (policy.requireNumbers && !c.digit) throw PasswordPolicyViolation('Password should have at least one number');
  if (policy.requireSymbols && !c.symbol) throw PasswordPolicyViolation('Password should have at least one symbol');
}

/**
 * PasswordReusePrevention's refusal, in the words AWS uses for a reused password (quoted in
 * edunham.net/2017/11/29/user_is_not_authorized_to_perform_iam_changepassword.html; the same
 * words as the default policy's refusal above).
 */
export const reused = (): Error => PasswordPolicyViolation(NOT_CONFORMING);

/** When a password set at `changedAt` expires under the policy (undefined: never). */
export function expiresAt(policy: PasswordPolicyData | undefined, changedAt: string): Date | undefined {
  if (policy?.maxPasswordAge === undefined) return undefined;
  return new Date(Date.parse(changedAt) + policy.maxPasswordAge * 86_400_000);
}
