/**
 * iam:UploadServerCertificate — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html
 * The certificate (PEM X.509, not expired), its private key (PEM, unencrypted) and an optional
 * chain. The key must be the certificate's (KeyPairMismatch). The key is sealed under the master
 * key before the transaction and never returned; its parameter is `sensitive`, so no message, log
 * line or audit record quotes it. At most 20 per account (reference_iam-quotas.html).
 */
import { type KeyObject, createPrivateKey } from 'node:crypto';
import { action } from '../../core/action.js';
import { EntityAlreadyExists, KeyPairMismatch, LimitExceeded, MalformedCertificate } from '../../core/errors.js';
import { SEAL } from '../../core/services.js';
import { ConflictError } from '../../store/types.js';
import { KIND, iso, nameKey } from '../model.js';
import { path, tags } from '../shapes.js';
import { checkDuplicateTags, requestTagContext } from '../tags.js';
import { newServerCertificateId } from '../users/credential-ids.js';
import { certificateBody, certificateChain, privateKey, serverCertificateName } from '../users/credential-shapes.js';
import { expired, parsePemCertificate, parsePemCertificates } from '../x509.js';
import { type ServerCertificateData, serverCertificateArn, serverCertificateMetadata } from './common.js';

export const SERVER_CERTIFICATES_PER_ACCOUNT = 20;

const PRIVATE_KEY = /^-----BEGIN (RSA |EC )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1PRIVATE KEY-----$/;

export const alreadyExists = (name: string): Error => EntityAlreadyExists(`The Server Certificate with name ${name} already exists.`);

/** The private key; its text never reaches a message (node's own error is not passed on). */
function readPrivateKey(pem: string): KeyObject {
  const text = pem.trim();
  if (!PRIVATE_KEY.test(text)) throw MalformedCertificate('Unable to parse private key. Please ensure the private key is an unencrypted PEM key.');
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw MalformedCertificate('Unable to parse private key. Please ensure the private key is an unencrypted PEM key.');
  }
}

export const uploadServerCertificate = action({
  service: 'iam',
  name: 'UploadServerCertificate',
  params: {
    Path: path,
    ServerCertificateName: { ...serverCertificateName, required: true },
    CertificateBody: { ...certificateBody, required: true },
    PrivateKey: { ...privateKey, required: true },
    CertificateChain: certificateChain,
    Tags: tags,
  },
  resource: (input, caller) => serverCertificateArn(caller.account, input.Path ?? '/', input.ServerCertificateName),
  context: (input) => (input.Tags === undefined ? {} : requestTagContext(input.Tags)),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = input.ServerCertificateName;
    const p = input.Path ?? '/';
    const tagList = input.Tags ?? [];
    checkDuplicateTags(tagList);
    const cert = parsePemCertificate(input.CertificateBody);
    if (expired(cert, ctx.now)) throw MalformedCertificate('Certificate is no longer valid. The \'Not After\' date restriction on the certificate has passed.');
    if (input.CertificateChain !== undefined) parsePemCertificates(input.CertificateChain, 'certificate chain');
    if (!cert.checkPrivateKey(readPrivateKey(input.PrivateKey))) throw KeyPairMismatch('The public key certificate and the private key do not match.');
    const data: ServerCertificateData = {
      name,
      path: p,
      id: newServerCertificateId(ctx.services.random),
      arn: serverCertificateArn(account, p, name),
      body: input.CertificateBody,
      ...(input.CertificateChain === undefined ? {} : { chain: input.CertificateChain }),
      sealedKey: ctx.services.sealer.seal(input.PrivateKey, SEAL.serverCertificateKey),
      uploadedAt: iso(ctx.now),
      expiration: iso(new Date(cert.validTo)),
      tags: tagList,
    };
    await ctx.store.write(async (tx) => {
      if ((await tx.get(account, KIND.serverCertificate, nameKey(name))) !== undefined) throw alreadyExists(name);
      if ((await tx.count(account, KIND.serverCertificate)) >= SERVER_CERTIFICATES_PER_ACCOUNT) {
        throw LimitExceeded(`Cannot exceed quota for ServerCertificatesPerAccount: ${SERVER_CERTIFICATES_PER_ACCOUNT}`);
      }
      try {
        await tx.put<ServerCertificateData>({ account, kind: KIND.serverCertificate, key: nameKey(name), id: data.id, data }, 0);
      } catch (e) {
        if (e instanceof ConflictError && e.reason === 'exists') throw alreadyExists(name);
        throw e;
      }
    });
    return { ServerCertificateMetadata: serverCertificateMetadata(data), Tags: tagList.length === 0 ? undefined : tagList };
  },
});
