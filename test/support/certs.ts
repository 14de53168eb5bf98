/**
 * Key pairs and self-signed X.509 certificates made at test time (node:crypto + @peculiar/x509),
 * for the signing and server certificate actions; SSH public keys in ssh-rsa form.
 */
import 'reflect-metadata';
import { type KeyObject, generateKeyPairSync, randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface TestCert {
  readonly certPem: string;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
}

const DAY = 86_400_000;

/** A self-signed RSA certificate valid from `from` to `to` (default: yesterday to a year on). */
export async function selfSigned(o: { cn?: string; from?: Date; to?: Date; bits?: number } = {}): Promise<TestCert> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: o.bits ?? 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomUUID().replace(/-/g, '').slice(0, 16),
    name: `CN=${o.cn ?? 'rolegate.test'}`,
    notBefore: o.from ?? new Date(Date.now() - DAY),
    notAfter: o.to ?? new Date(Date.now() + 365 * DAY),
    keys,
    signingAlgorithm: alg,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { certPem: cert.toString('pem'), keyPem };
}

/** The RFC 4253 `ssh-rsa` line of an RSA public key. */
export function sshRsaLine(pub: KeyObject, comment = 'test@rolegate'): string {
  const jwk = pub.export({ format: 'jwk' });
  const part = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (b.length >>> (24 - 8 * i)) & 255)), b]);
  const mp = (s: string | undefined): Buffer => {
    const b = Buffer.from(s ?? '', 'base64url');
    return (b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
  };
  const blob = Buffer.concat([part(Buffer.from('ssh-rsa')), part(mp(jwk.e)), part(mp(jwk.n))]);
  return `ssh-rsa ${blob.toString('base64')} ${comment}`;
}

/** A fresh RSA key: its ssh-rsa line, its SPKI PEM and the key objects. */
export function rsaKey(bits = 2048): { ssh: string; spki: string; pub: KeyObject } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { ssh: sshRsaLine(publicKey), spki: publicKey.export({ type: 'spki', format: 'pem' }).toString(), pub: publicKey };
}
