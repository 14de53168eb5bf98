/**
 * What the credential report needs to know about a user's console password and signing
 * certificates. Login profiles (CreateLoginProfile…) and signing certificates
 * (UploadSigningCertificate…) are being added by other parts of issue 13; until their data lands
 * these answer "no password" and "no certificates", and the report's columns read as AWS writes
 * them for a user without either ("false"/"N/A"). When the login-profile items exist, `passwordOf`
 * reads them (enabled, when last changed, when next to rotate under the password policy); when the
 * signing-certificate items exist, `signingCertsOf` lists them (status, upload date), oldest first.
 * Nothing else in the report changes.
 */
import type { ReadTx } from '../../store/types.js';
import type { UserData } from '../model.js';

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
export function signingCertsOf(_tx: ReadTx, _account: string, _user: UserData): Promise<readonly SigningCertFacts[]> {
  // Plug-in point for signing certificates (issue 13): no user has one yet.
  return Promise.resolve([]);
}
