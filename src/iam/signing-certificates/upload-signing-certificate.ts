/**
 * iam:UploadSigningCertificate — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html
 * An X.509 certificate in PEM, within its validity period; at most two per user
 * (reference_iam-quotas.html "Signing certificates assigned to an IAM user: 2"); a certificate
 * already held by a user of the account is DuplicateCertificate. Without UserName: the signing user.
 */
import { createHash } from 'node:crypto';
import { action } from '../../core/action.js';
import { DuplicateCertificate, InvalidCertificate, LimitExceeded, MalformedCertificate } from '../../core/errors.js';
import { KIND, iso } from '../model.js';
import { existingUserName } from '../shapes.js';
import { getUser, impliedUserName } from '../users/common.js';
import { newSigningCertificateId } from '../users/credential-ids.js';
import { certificateBody } from '../users/credential-shapes.js';
import { expired, notYetValid, parsePemCertificate } from '../x509.js';
import { type SigningCertificateData, type SigningCertificateDigestData, certUserResource, certificateView } from './common.js';
import { deniedUser } from '../denied-as.js';

export const SIGNING_CERTIFICATES_PER_USER = 2;

/*
 * AWS's wording, recorded (LocalStack test_iam_signing_certificates.snapshot.json,
 * test_signing_certificate_errors): "Certificate invalid-certificate-body is malformed." — the
 * body quoted — and "Cannot exceed quota for CertificatesPerUser: 2" (not the summary's
 * SigningCertificatesPerUserQuota name).
 *
 * A private key pasted by mistake is not quoted: the message reaches the audit trail and the log.
 */
const malformed = (body: string) => (): Error =>
  MalformedCertificate(body.includes('PRIVATE KEY') ? 'Certificate is malformed: it holds a private key (not quoted here).' : `Certificate ${body} is malformed.`);

export const uploadSigningCertificate = action({
  service: 'iam',
  name: 'UploadSigningCertificate',
  params: { UserName: existingUserName, CertificateBody: { ...certificateBody, required: true } },
  resource: certUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    const cert = parsePemCertificate(input.CertificateBody, malformed(input.CertificateBody));
    if (expired(cert, ctx.now)) throw InvalidCertificate("The certificate is no longer valid: its 'Not After' date has passed.");
    if (notYetValid(cert, ctx.now)) throw InvalidCertificate("The certificate is not yet valid: its 'Not Before' date has not come.");
    const digest = createHash('sha256').update(cert.raw).digest('hex');
    const id = newSigningCertificateId(ctx.services.random);
    const data = await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, name);
      const held = await tx.get<SigningCertificateDigestData>(account, KIND.signingCertificateDigest, digest);
      if (held !== undefined) throw DuplicateCertificate(`The Certificate with id ${held.data.certificateId} already exists.`);
      if ((await tx.count(account, KIND.signingCertificate, `${user.key}/`)) >= SIGNING_CERTIFICATES_PER_USER) {
        throw LimitExceeded(`Cannot exceed quota for CertificatesPerUser: ${SIGNING_CERTIFICATES_PER_USER}`);
      }
      const d: SigningCertificateData = { id, userName: user.data.name, body: input.CertificateBody, digest, status: 'Active', uploadedAt: iso(ctx.now) };
      await tx.put<SigningCertificateData>({ account, kind: KIND.signingCertificate, key: `${user.key}/${id}`, id, data: d }, 0);
      await tx.put<SigningCertificateDigestData>({ account, kind: KIND.signingCertificateDigest, key: digest, data: { certificateId: id } }, 0);
      return d;
    });
    return { Certificate: certificateView(data) };
  },
});
