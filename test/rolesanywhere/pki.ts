/** A small test PKI: keys from node's WebCrypto, certificates and CRLs from @peculiar/x509. */
import 'reflect-metadata';
import { KeyObject, X509Certificate as NodeCertificate, generatePrimeSync, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

interface SigningAlgorithm {
  readonly name: string;
  readonly hash: string;
}
type KeyPair = webcrypto.CryptoKeyPair;

export type KeyKind = 'rsa' | 'p256' | 'p384';

const ALGORITHMS: Record<KeyKind, webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams> = {
  rsa: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 },
  p256: { name: 'ECDSA', namedCurve: 'P-256' },
  p384: { name: 'ECDSA', namedCurve: 'P-384' },
};

function signingAlgorithm(kind: KeyKind): SigningAlgorithm {
  return kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: kind === 'p384' ? 'SHA-384' : 'SHA-256' };
}

export interface Issued {
  readonly kind: KeyKind;
  readonly keys: KeyPair;
  readonly cert: NodeCertificate;
  readonly peculiar: x509.X509Certificate;
  readonly privateKey: KeyObject;
  readonly name: string;
}

export interface IssueOptions {
  readonly kind?: KeyKind;
  readonly name: string;
  /** Undefined: self-signed. */
  readonly issuer?: Issued;
  /** true: CA (basicConstraints cA); a number also sets pathLen. */
  readonly ca?: boolean | number;
  /** false: no basicConstraints extension at all. */
  readonly basicConstraints?: boolean;
  readonly keyUsage?: x509.KeyUsageFlags | null;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly serialHex?: string;
  readonly extensions?: x509.Extension[];
  /** Sign with another key than the issuer's (a forged certificate). */
  readonly signWith?: Issued;
  readonly hash?: string;
  /** The subject DN (default `CN=<name>`). */
  readonly subject?: string;
  /** The certificate's key pair (default: a new one of `kind`). */
  readonly keys?: KeyPair;
}

const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

let serial = 0x1000;

export async function issue(o: IssueOptions): Promise<Issued> {
  const kind = o.kind ?? 'p256';
  const keys = o.keys ?? (await webcrypto.subtle.generateKey(ALGORITHMS[kind], true, ['sign', 'verify']));
  const isCa = o.ca !== undefined && o.ca !== false;
  const extensions: x509.Extension[] = [];
  if (o.basicConstraints !== false) {
    extensions.push(new x509.BasicConstraintsExtension(isCa, typeof o.ca === 'number' ? o.ca : undefined, true));
  }
  const defaultUsage = isCa ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature;
  const usage = o.keyUsage === undefined ? defaultUsage : o.keyUsage;
  if (usage !== null) extensions.push(new x509.KeyUsagesExtension(usage, true));
  extensions.push(...(o.extensions ?? []));
  const signer = o.signWith ?? o.issuer;
  const signerKind = signer?.kind ?? kind;
  const alg = o.hash !== undefined ? { ...signingAlgorithm(signerKind), hash: o.hash } : signingAlgorithm(signerKind);
  const peculiar = await x509.X509CertificateGenerator.create({
    serialNumber: o.serialHex ?? (serial++).toString(16).padStart(4, '0'),
    subject: o.subject ?? `CN=${o.name}`,
    issuer: o.issuer === undefined ? (o.subject ?? `CN=${o.name}`) : o.issuer.peculiar.subject,
    notBefore: o.notBefore ?? new Date(NOW - 30 * DAY),
    notAfter: o.notAfter ?? new Date(NOW + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: signer === undefined ? keys.privateKey : signer.keys.privateKey,
    signingAlgorithm: alg,
    extensions,
  });
  const cert = new NodeCertificate(Buffer.from(peculiar.rawData));
  return { kind, keys, cert, peculiar, privateKey: KeyObject.from(keys.privateKey), name: o.name };
}

/** root → intermediate → leaf, every key of one kind. */
export async function pki(kind: KeyKind): Promise<{ root: Issued; intermediate: Issued; leaf: Issued }> {
  const root = await issue({ kind, name: `Root ${kind}`, ca: true });
  const intermediate = await issue({ kind, name: `Intermediate ${kind}`, ca: 0, issuer: root });
  const leaf = await issue({ kind, name: `leaf-${kind}.example.com`, issuer: intermediate });
  return { root, intermediate, leaf };
}

export async function crl(issuer: Issued, revokedSerialsHex: readonly string[], signWith?: Issued): Promise<x509.X509Crl> {
  const signer = signWith ?? issuer;
  return x509.X509CrlGenerator.create({
    issuer: issuer.peculiar.subject,
    thisUpdate: new Date(NOW - DAY),
    nextUpdate: new Date(NOW + 30 * DAY),
    entries: revokedSerialsHex.map((serialNumber) => ({ serialNumber, revocationDate: new Date(NOW - DAY) })),
    signingKey: signer.keys.privateKey,
    signingAlgorithm: signingAlgorithm(signer.kind),
  });
}

const b64u = (n: bigint): string => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex').toString('base64url');
};
const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;
/** [gcd, x] with a·x ≡ gcd (mod b). */
function egcd(a: bigint, b: bigint): [bigint, bigint] {
  let [r0, r1, s0, s1] = [a, b, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return [r0, s0];
}

/**
 * An RSA key pair (RSASSA-PKCS1-v1_5, SHA-256) whose public exponent has about `exponentBits`
 * bits: valid, signs and verifies, but every verification costs an exponentiation that long
 * (WebCrypto's generateKey takes 65537-sized exponents only, so it is built from two primes).
 */
export async function rsaKeysWithExponent(modulusBits: number, exponentBits: number): Promise<KeyPair> {
  const p = generatePrimeSync(modulusBits / 2, { bigint: true });
  const q = generatePrimeSync(modulusBits / 2, { bigint: true });
  const phi = (p - 1n) * (q - 1n);
  let e: bigint;
  let d: bigint;
  for (;;) {
    e = BigInt(`0x${randomBytes(Math.ceil(exponentBits / 8)).toString('hex')}`) | 1n | (1n << BigInt(exponentBits - 1));
    const [g, x] = egcd(e, phi);
    if (g === 1n) {
      d = mod(x, phi);
      break;
    }
  }
  const pub = { kty: 'RSA', n: b64u(p * q), e: b64u(e) };
  const priv = { ...pub, d: b64u(d), p: b64u(p), q: b64u(q), dp: b64u(d % (p - 1n)), dq: b64u(d % (q - 1n)), qi: b64u(mod(egcd(q, p)[1], p)) };
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return {
    publicKey: await webcrypto.subtle.importKey('jwk', pub, alg, true, ['verify']),
    privateKey: await webcrypto.subtle.importKey('jwk', priv, alg, true, ['sign']),
  };
}

export { x509 };
