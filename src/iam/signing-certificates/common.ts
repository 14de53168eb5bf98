/**
 * What the signing certificate actions share: the stored certificate, AWS's NoSuchEntity wording
 * and the SigningCertificate shape. Certificates are per user (`${userKey}/${id}`); a digest item
 * per certificate keeps one certificate to one user of the account (DuplicateCertificate).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SigningCertificate.html
 */
import type { ActionContext, Caller } from '../../core/action.js';
import { NoSuchEntity } from '../../core/errors.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND } from '../model.js';
import { callerUserResource, getUser, userResource } from '../users/common.js';

export interface SigningCertificateData {
  readonly id: string;
  readonly userName: string;
  /** The certificate as uploaded (returned as is). */
  readonly body: string;
  /** SHA-256 of the DER, hex: the key of its digest item. */
  readonly digest: string;
  readonly status: 'Active' | 'Inactive';
  readonly uploadedAt: string;
}

export interface SigningCertificateDigestData {
  readonly certificateId: string;
}

export const noSuchCertificate = (id: string): Error => NoSuchEntity(`The Certificate with id ${id} cannot be found.`);

/** The user ARN the call is authorized against: the named user's, else the signing user's. */
export function certUserResource(input: { readonly UserName?: string }, caller: Caller, ctx: ActionContext): string | Promise<string> {
  return input.UserName === undefined ? callerUserResource(caller, ctx) : userResource(ctx, input.UserName);
}

export async function getUserCertificate(tx: ReadTx, account: string, userName: string, id: string): Promise<Item<SigningCertificateData>> {
  const user = await getUser(tx, account, userName);
  const item = await tx.get<SigningCertificateData>(account, KIND.signingCertificate, `${user.key}/${id}`);
  if (item === undefined) throw noSuchCertificate(id);
  return item;
}

export function certificateView(c: SigningCertificateData): { UserName: string; CertificateId: string; CertificateBody: string; Status: string; UploadDate: Date } {
  return { UserName: c.userName, CertificateId: c.id, CertificateBody: c.body, Status: c.status, UploadDate: new Date(c.uploadedAt) };
}
