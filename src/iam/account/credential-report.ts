/**
 * The credential report's CSV, built from the account's stored users, access keys, their last-use
 * records (iam/usage.ts), MFA devices, passwords and signing certificates (credential-sources.ts).
 * Columns, their order and the words AWS writes ("N/A", "not_supported", "no_information", "true",
 * "false") follow https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 * ("Understanding the report format"); times are ISO 8601 to the second with "+00:00", as AWS writes them.
 * The first row after the header is the account's root user, `<root_account>`.
 */
import { GLOBAL } from '../../core/accounts.js';
import type { ReadTx } from '../../store/types.js';
import { type AccessKeyData, type AccountData, KIND, type UsageData, type UserData, keyUsageKey, nameKey, rootArn } from '../model.js';
import { passwordOf, signingCertsOf } from './credential-sources.js';

export const REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

const NA = 'N/A';
const ALL = 10_000;

/** 2024-05-01T12:34:56+00:00 */
export const reportTime = (iso: string): string => `${iso.slice(0, 19)}+00:00`;

/** A field as CSV writes it: quoted only when it holds a comma, quote or line break. */
const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

async function keyColumns(tx: ReadTx, account: string, key: AccessKeyData | undefined): Promise<string[]> {
  if (key === undefined) return ['false', NA, NA, NA, NA];
  const used = (await tx.get<UsageData>(account, KIND.usage, keyUsageKey(key.accessKeyId)))?.data;
  return [
    String(key.status === 'Active'),
    reportTime(key.createdAt),
    used === undefined ? NA : reportTime(used.date),
    used?.region ?? NA,
    used?.service ?? NA,
  ];
}

async function userRow(tx: ReadTx, account: string, user: UserData): Promise<string[]> {
  const userKey = nameKey(user.name);
  const password = await passwordOf(tx, account, user);
  const mfa = (await tx.count(account, KIND.userMfa, `${userKey}/`)) > 0;
  // access_key_1 is the older key (AWS numbers a user's keys by creation).
  const keys = (await tx.list<AccessKeyData>(account, KIND.accessKey, { prefix: `${userKey}/`, limit: ALL }))
    .map((k) => k.data)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const certs = await signingCertsOf(tx, account, user);
  const cert = (i: number): string[] => {
    const c = certs[i];
    return c === undefined ? ['false', NA] : [String(c.active), reportTime(c.uploadedAt)];
  };
  return [
    user.name,
    user.arn,
    reportTime(user.createdAt),
    String(password !== undefined),
    // "N/A" without a password; "no_information" for a password never used.
    password === undefined ? NA : user.passwordLastUsed === undefined ? 'no_information' : reportTime(user.passwordLastUsed),
    password === undefined ? NA : reportTime(password.lastChanged),
    password?.nextRotation === undefined ? NA : reportTime(password.nextRotation),
    String(mfa),
    ...(await keyColumns(tx, account, keys[0])),
    ...(await keyColumns(tx, account, keys[1])),
    ...cert(0),
    ...cert(1),
  ];
}

/**
 * The root user's row. Rolegate's root has no console password, access keys, MFA device or
 * signing certificates of its own: password_enabled, _last_changed and _next_rotation are
 * "not_supported" for root as AWS writes them; password_last_used is "N/A" (AWS's word for a user
 * without a password) and the rest read as absent.
 */
async function rootRow(tx: ReadTx, account: string): Promise<string[]> {
  const acct = (await tx.get<AccountData>(GLOBAL, KIND.account, account))?.data;
  return [
    '<root_account>', rootArn(account), acct === undefined ? NA : reportTime(acct.createdAt),
    'not_supported', NA, 'not_supported', 'not_supported', 'false',
    'false', NA, NA, NA, NA,
    'false', NA, NA, NA, NA,
    'false', NA, 'false', NA,
  ];
}

export async function buildCredentialReport(tx: ReadTx, account: string): Promise<string> {
  const rows: string[][] = [[...REPORT_COLUMNS], await rootRow(tx, account)];
  for (const u of await tx.list<UserData>(account, KIND.user, { limit: ALL })) rows.push(await userRow(tx, account, u.data));
  return rows.map((r) => r.map(field).join(',')).join('\n');
}
