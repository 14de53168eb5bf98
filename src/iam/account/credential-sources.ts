/**
 * What the credential report needs to know about a user's console password and signing
 * certificates (src/iam/signing-certificates/), oldest first. Until login profiles land,
 * `passwordOf` answers "no password" and the report's password columns read as AWS writes them for
 * a user without one ("false"/"N/A"); it will then read the login profile (enabled, when last
 * changed, when next to rotate under the password policy). Nothing else in the report changes.
 */
import type { ReadTx } from '../../store/types.js';
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

/** The user's console password, or undefined when the user has none. */
export function passwordOf(_tx: ReadTx, _account: string, _user: UserData): Promise<PasswordFacts | undefined> {
  // Plug-in point for login profiles (issue 13): no user has a password yet.
  return Promise.resolve(undefined);
}

/** The user's signing certificates, oldest first. */
export async function signingCertsOf(tx: ReadTx, account: string, user: UserData): Promise<readonly SigningCertFacts[]> {
  const certs = await tx.list<SigningCertificateData>(account, KIND.signingCertificate, { prefix: `${nameKey(user.name)}/`, limit: 100 });
  return certs
    .map((c) => ({ active: c.data.status === 'Active', uploadedAt: c.data.uploadedAt }))
    .sort((a, b) => (a.uploadedAt < b.uploadedAt ? -1 : a.uploadedAt > b.uploadedAt ? 1 : 0));
}
