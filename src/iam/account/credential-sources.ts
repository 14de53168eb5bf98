/**
 * What the credential report needs to know about a user's console password and signing
 * certificates: the login profile (src/iam/passwords/: when the password was last set, when it
 * is next to rotate under the account's password policy) and the certificates
 * (src/iam/signing-certificates/), oldest first.
 */
import type { ReadTx } from '../../store/types.js';
import { findPasswordPolicy, expiresAt } from '../passwords/policy.js';
import { findProfile } from '../passwords/profile.js';
import type { SigningCertificateData } from '../signing-certificates/common.js';
import { KIND, type UserData, nameKey } from '../model.js';

export interface PasswordFacts {
  /** ISO date the password was last set. */
  readonly lastChanged: string;
  /** ISO date the password policy makes it expire, if the policy sets a maximum age. */
  readonly nextRotation?: string;
}

export interface SigningCertFacts {
  readonly active: boolean;
  /** ISO upload date. */
  readonly uploadedAt: string;
}

/** The user's console password (its login profile), or undefined when the user has none. */
export async function passwordOf(tx: ReadTx, account: string, user: UserData): Promise<PasswordFacts | undefined> {
  const profile = await findProfile(tx, account, user);
  if (profile === undefined) return undefined;
  const next = expiresAt(await findPasswordPolicy(tx, account), profile.data.changedAt);
  return { lastChanged: profile.data.changedAt, ...(next === undefined ? {} : { nextRotation: next.toISOString() }) };
}

/** The user's signing certificates, oldest first. */
export async function signingCertsOf(tx: ReadTx, account: string, user: UserData): Promise<readonly SigningCertFacts[]> {
  const certs = await tx.list<SigningCertificateData>(account, KIND.signingCertificate, { prefix: `${nameKey(user.name)}/`, limit: 100 });
  return certs
    .map((c) => ({ active: c.data.status === 'Active', uploadedAt: c.data.uploadedAt }))
    .sort((a, b) => (a.uploadedAt < b.uploadedAt ? -1 : a.uploadedAt > b.uploadedAt ? 1 : 0));
}
