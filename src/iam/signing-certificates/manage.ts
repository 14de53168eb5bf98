/**
 * iam:ListSigningCertificates — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSigningCertificates.html
 * iam:UpdateSigningCertificate — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSigningCertificate.html
 * iam:DeleteSigningCertificate — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSigningCertificate.html
 * Without UserName: the signing user's certificates.
 */
import { action } from '../../core/action.js';
import { KIND } from '../model.js';
import { existingUserName, paging, status } from '../shapes.js';
import { getUser, impliedUserName } from '../users/common.js';
import { setCredentialStatus, settableStatus } from '../users/credentials.js';
import { certificateId } from '../users/credential-shapes.js';
import { listPage } from '../users/paging.js';
import { type SigningCertificateData, certUserResource, certificateView, getUserCertificate } from './common.js';
import { deniedUser } from '../denied-as.js';

export const listSigningCertificates = action({
  service: 'iam',
  name: 'ListSigningCertificates',
  params: { UserName: existingUserName, ...paging },
  resource: certUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    const page = await ctx.store.read(async (tx) => {
      const user = await getUser(tx, account, name);
      return listPage<SigningCertificateData>(tx, account, KIND.signingCertificate, { ...input, prefix: `${user.key}/` });
    });
    return { Certificates: page.items.map((c) => certificateView(c.data)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});

export const updateSigningCertificate = action({
  service: 'iam',
  name: 'UpdateSigningCertificate',
  params: { UserName: existingUserName, CertificateId: { ...certificateId, required: true }, Status: { ...status, required: true } },
  resource: certUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const next = settableStatus(input.Status);
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const cert = await getUserCertificate(tx, account, name, input.CertificateId);
      await setCredentialStatus(tx, cert, next);
    });
    return undefined;
  },
});

export const deleteSigningCertificate = action({
  service: 'iam',
  name: 'DeleteSigningCertificate',
  params: { UserName: existingUserName, CertificateId: { ...certificateId, required: true } },
  resource: certUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const cert = await getUserCertificate(tx, account, name, input.CertificateId);
      await tx.delete(account, KIND.signingCertificate, cert.key, cert.version);
      await tx.delete(account, KIND.signingCertificateDigest, cert.data.digest);
    });
    return undefined;
  },
});
