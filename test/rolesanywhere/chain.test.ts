/** Path validation of leaf + intermediates to a trust anchor. */
import assert from 'node:assert/strict';
import { X509Certificate, sign } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { describe, it } from 'node:test';
import { validatePath } from '../../src/rolesanywhere/chain.js';
import type { PathFailure } from '../../src/rolesanywhere/chain.js';
import { issue, NOW, pki, rsaKeysWithExponent, x509 } from './pki.js';
import type { KeyKind } from './pki.js';

const DAY = 86_400_000;

function reason(result: ReturnType<typeof validatePath>): PathFailure['reason'] {
  assert.equal(result.ok, false, 'expected a refusal');
  return (result).reason;
}

for (const kind of ['rsa', 'p256', 'p384'] satisfies KeyKind[]) {
  it(`accepts leaf → intermediate → root (${kind})`, async () => {
    const { root, intermediate, leaf } = await pki(kind);
    const result = validatePath({ leaf: leaf.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW });
    assert.equal(result.ok, true, JSON.stringify(result));
    if (result.ok) assert.deepEqual(result.path.map((c) => c.subject), [leaf.cert.subject, intermediate.cert.subject, root.cert.subject]);
  });
}

describe('path validation refusals', () => {
  it('accepts a leaf issued by the anchor directly, and an intermediate as the anchor', async () => {
    const { root, intermediate, leaf } = await pki('p256');
    const direct = await issue({ name: 'direct', issuer: root });
    assert.equal(validatePath({ leaf: direct.cert, intermediates: [], anchors: [root.cert], atMs: NOW }).ok, true);
    assert.equal(validatePath({ leaf: leaf.cert, intermediates: [], anchors: [intermediate.cert], atMs: NOW }).ok, true);
  });

  it('refuses a missing intermediate (broken chain) and another CA (wrong anchor)', async () => {
    const { root, intermediate, leaf } = await pki('p256');
    const other = await pki('p256');
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: [], anchors: [root.cert], atMs: NOW })), 'UntrustedIssuer');
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: [intermediate.cert], anchors: [other.root.cert], atMs: NOW })), 'UntrustedIssuer');
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: [other.intermediate.cert], anchors: [root.cert], atMs: NOW })), 'UntrustedIssuer');
  });

  it('refuses a certificate whose issuer name matches but whose signature does not (forged / tampered)', async () => {
    const { root, intermediate } = await pki('p256');
    const forger = await issue({ name: 'forger', kind: 'p256' });
    const forged = await issue({ name: 'forged', issuer: intermediate, signWith: forger });
    assert.equal(reason(validatePath({ leaf: forged.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'UntrustedIssuer');
    // A flipped byte in the signature of a genuine leaf.
    const leaf = await issue({ name: 'genuine', issuer: intermediate });
    const raw = Buffer.from(leaf.cert.raw);
    raw[raw.length - 3]! ^= 0x01;
    assert.equal(reason(validatePath({ leaf: new X509Certificate(raw), intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'UntrustedIssuer');
  });

  it('refuses expired and not-yet-valid leaves, intermediates and anchors', async () => {
    const { root, intermediate } = await pki('p256');
    const expired = await issue({ name: 'expired', issuer: intermediate, notBefore: new Date(NOW - 10 * DAY), notAfter: new Date(NOW - DAY) });
    const future = await issue({ name: 'future', issuer: intermediate, notBefore: new Date(NOW + DAY) });
    assert.equal(reason(validatePath({ leaf: expired.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'Expired');
    assert.equal(reason(validatePath({ leaf: future.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'NotYetValid');
    const leaf = await issue({ name: 'ok', issuer: intermediate });
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW + 400 * DAY })), 'Expired');
    const oldInt = await issue({ name: 'old-int', ca: true, issuer: root, notAfter: new Date(NOW - DAY), notBefore: new Date(NOW - 10 * DAY) });
    const underOld = await issue({ name: 'under-old', issuer: oldInt });
    assert.equal(reason(validatePath({ leaf: underOld.cert, intermediates: [oldInt.cert], anchors: [root.cert], atMs: NOW })), 'Expired');
  });

  it('refuses a CA certificate as the leaf, and a leaf without Digital Signature', async () => {
    const { root, intermediate } = await pki('p256');
    assert.equal(reason(validatePath({ leaf: intermediate.cert, intermediates: [], anchors: [root.cert], atMs: NOW })), 'LeafIsCA');
    const enc = await issue({ name: 'enc', issuer: intermediate, keyUsage: x509.KeyUsageFlags.keyEncipherment });
    assert.equal(reason(validatePath({ leaf: enc.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'LeafKeyUsage');
    const none = await issue({ name: 'none', issuer: intermediate, keyUsage: null });
    assert.equal(reason(validatePath({ leaf: none.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'LeafKeyUsage');
  });

  it('refuses an issuer that is not a CA or lacks Certificate Sign', async () => {
    const { root } = await pki('p256');
    const notCa = await issue({ name: 'not-ca', issuer: root });
    const under = await issue({ name: 'under-not-ca', issuer: notCa });
    assert.equal(reason(validatePath({ leaf: under.cert, intermediates: [notCa.cert], anchors: [root.cert], atMs: NOW })), 'IssuerNotCA');
    const noBc = await issue({ name: 'no-bc', issuer: root, basicConstraints: false, keyUsage: x509.KeyUsageFlags.keyCertSign });
    const underNoBc = await issue({ name: 'under-no-bc', issuer: noBc });
    assert.equal(reason(validatePath({ leaf: underNoBc.cert, intermediates: [noBc.cert], anchors: [root.cert], atMs: NOW })), 'IssuerNotCA');
    const noSign = await issue({ name: 'no-sign', issuer: root, ca: true, keyUsage: x509.KeyUsageFlags.cRLSign });
    const underNoSign = await issue({ name: 'under-no-sign', issuer: noSign });
    assert.equal(reason(validatePath({ leaf: underNoSign.cert, intermediates: [noSign.cert], anchors: [root.cert], atMs: NOW })), 'IssuerKeyUsage');
  });

  it('enforces pathLen', async () => {
    const root = await issue({ name: 'root-pl0', ca: 0 });
    const int = await issue({ name: 'int-under-pl0', ca: true, issuer: root });
    const leaf = await issue({ name: 'leaf-pl', issuer: int });
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: [int.cert], anchors: [root.cert], atMs: NOW })), 'PathLenExceeded');
    const direct = await issue({ name: 'leaf-direct-pl0', issuer: root });
    assert.equal(validatePath({ leaf: direct.cert, intermediates: [], anchors: [root.cert], atMs: NOW }).ok, true);
  });

  it('bounds the path length', async () => {
    const root = await issue({ name: 'deep-root', ca: true });
    let issuer = root;
    const ints = [];
    for (let i = 0; i < 4; i++) {
      issuer = await issue({ name: `deep-${i}`, ca: true, issuer });
      ints.push(issuer);
    }
    const leaf = await issue({ name: 'deep-leaf', issuer });
    // leaf + 4 intermediates + root = 6 > 5.
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: ints.map((c) => c.cert), anchors: [root.cert], atMs: NOW })), 'ChainTooLong');
    // leaf + 3 intermediates + anchor (the first intermediate) = 5.
    assert.equal(validatePath({ leaf: leaf.cert, intermediates: ints.slice(1).map((c) => c.cert), anchors: [ints[0]!.cert], atMs: NOW }).ok, true);
  });

  it('refuses SHA-1 signatures and unknown critical extensions', async () => {
    // ECDSA: WebCrypto takes the hash per signature (an RSA key carries its own).
    const { root, intermediate } = await pki('p256');
    const sha1 = await issue({ name: 'sha1', issuer: intermediate, hash: 'SHA-1' });
    assert.equal(reason(validatePath({ leaf: sha1.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'WeakSignatureAlgorithm');
    const odd = await issue({ name: 'odd', issuer: intermediate, extensions: [new x509.Extension('1.3.6.1.4.1.99999.1', true, new Uint8Array([5, 0]))] });
    assert.equal(reason(validatePath({ leaf: odd.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'UnsupportedCriticalExtension');
  });

  it('refuses a certificate whose outer signature algorithm differs from the signed one (RFC 5280 4.1.1.2)', async () => {
    const { root, intermediate, leaf } = await pki('p256');
    const asn = AsnConvert.parse(leaf.cert.raw, Certificate);
    asn.signatureAlgorithm = new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.3' });
    const altered = new X509Certificate(Buffer.from(AsnConvert.serialize(asn)));
    // OpenSSL's X509_verify refuses a certificate whose two fields differ, so it chains to nothing
    // (cert-info.ts, read only for a path found, refuses it too: MalformedCertificate).
    assert.equal(reason(validatePath({ leaf: altered, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'UntrustedIssuer');
    const inner = AsnConvert.parse(leaf.cert.raw, Certificate);
    inner.tbsCertificate.signature = new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.3' });
    inner.signatureValue = new Uint8Array(sign('sha256', Buffer.from(AsnConvert.serialize(inner.tbsCertificate)), intermediate.privateKey)).buffer;
    const resigned = new X509Certificate(Buffer.from(AsnConvert.serialize(inner)));
    assert.equal(resigned.verify(intermediate.cert.publicKey), false, 'signed again, it still does not verify');
  });

  it('refuses an empty issuer name (RFC 5280 4.1.2.4; x509-limbo ee_empty_issuer)', async () => {
    const root = await issue({ name: 'root-for-empty', ca: true });
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const emptyCa = await x509.X509CertificateGenerator.create({
      serialNumber: '0e01',
      subject: '',
      issuer: root.peculiar.subject,
      notBefore: new Date(NOW - DAY),
      notAfter: new Date(NOW + DAY),
      publicKey: keys.publicKey,
      signingKey: root.keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
    });
    const leafKeys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: '0e02',
      subject: 'CN=under-empty',
      issuer: '',
      notBefore: new Date(NOW - DAY),
      notAfter: new Date(NOW + DAY),
      publicKey: leafKeys.publicKey,
      signingKey: keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    });
    const result = validatePath({ leaf: new X509Certificate(Buffer.from(leaf.rawData)), intermediates: [new X509Certificate(Buffer.from(emptyCa.rawData))], anchors: [root.cert], atMs: NOW });
    assert.equal(reason(result), 'EmptyIssuerName');
  });

  it('does not loop on cross-signed certificates that issue each other', async () => {
    const a = await issue({ name: 'loop-a', ca: true });
    const b = await issue({ name: 'loop-b', ca: true, issuer: a });
    const leaf = await issue({ name: 'loop-leaf', issuer: b });
    const anchor = await issue({ name: 'unrelated', ca: true });
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: [b.cert, a.cert, b.cert], anchors: [anchor.cert], atMs: NOW })), 'UntrustedIssuer');
  });
  // Rules found with the x509-limbo vectors (test/rolesanywhere/vectors/README.md).
  it('does not count a self-issued intermediate against pathLen (RFC 5280 6.1.4 (l))', async () => {
    const root = await issue({ name: 'si-root', ca: true });
    const ca = await issue({ name: 'si-ca', ca: 0, issuer: root });
    const rekeyed = await issue({ name: 'si-ca', ca: 0, issuer: ca }); // same name, new key: self-issued
    const leaf = await issue({ name: 'si-leaf', issuer: rekeyed });
    assert.equal(validatePath({ leaf: leaf.cert, intermediates: [ca.cert, rekeyed.cert], anchors: [root.cert], atMs: NOW }).ok, true);
    const other = await issue({ name: 'si-other', ca: 0, issuer: ca }); // not self-issued: pathLen 0 of si-ca is exceeded
    const under = await issue({ name: 'si-under-other', issuer: other });
    assert.equal(reason(validatePath({ leaf: under.cert, intermediates: [ca.cert, other.cert], anchors: [root.cert], atMs: NOW })), 'PathLenExceeded');
  });

  it('compares validity at whole seconds: notAfter holds through its last second', async () => {
    const { root, intermediate } = await pki('p256');
    const notAfter = new Date(NOW + DAY);
    const leaf = await issue({ name: 'second', issuer: intermediate, notAfter });
    const at = (ms: number) => validatePath({ leaf: leaf.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: ms });
    assert.equal(at(notAfter.getTime() + 999).ok, true);
    assert.equal(reason(at(notAfter.getTime() + 1000)), 'Expired');
  });

  it('refuses name constraints even when not critical, and keyCertSign or a 21-octet serial on a leaf', async () => {
    const { root, intermediate } = await pki('p256');
    // NameConstraints { permittedSubtrees [0] { GeneralSubtree { dNSName "example.com" } } }
    const nc = new Uint8Array([0x30, 0x11, 0xa0, 0x0f, 0x30, 0x0d, 0x82, 0x0b, ...Buffer.from('example.com')]);
    const constrained = await issue({ name: 'nc-ca', ca: true, issuer: root, extensions: [new x509.Extension('2.5.29.30', false, nc)] });
    const below = await issue({ name: 'outside.test', issuer: constrained });
    assert.equal(reason(validatePath({ leaf: below.cert, intermediates: [constrained.cert], anchors: [root.cert], atMs: NOW })), 'UnsupportedPathConstraint');
    const signer = await issue({ name: 'ku-leaf', issuer: intermediate, keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign });
    assert.equal(reason(validatePath({ leaf: signer.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'LeafKeyUsage');
    const long = await issue({ name: 'long-serial', issuer: intermediate, serialHex: '01'.padEnd(42, '0') }); // RFC 5280 4.1.2.2: at most 20 octets
    assert.equal(reason(validatePath({ leaf: long.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'BadSerialNumber');
  });

  it('leaves out, before building paths, intermediates whose keys are costly to verify with', async () => {
    // Four intermediates of one name and one key, each signing the others: every order is a path.
    // With a 3000-bit public exponent each signature check cost 6 ms, and the walk made 64 of them.
    const root = await issue({ kind: 'rsa', name: 'root-costly', ca: true });
    const keys = await rsaKeysWithExponent(3072, 3000);
    const first = await issue({ kind: 'rsa', name: 'loop', ca: true, issuer: root, keys });
    const others = await Promise.all([1, 2, 3].map(() => issue({ kind: 'rsa', name: 'loop', ca: true, issuer: first, keys })));
    const leaf = await issue({ kind: 'rsa', name: 'costly-leaf', issuer: first });
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: [first.cert], anchors: [root.cert], atMs: NOW })), 'WeakKey', 'a path through one is refused');
    assert.equal(reason(validatePath({ leaf: leaf.cert, intermediates: [...others, first].map((i) => i.cert), anchors: [root.cert], atMs: NOW })), 'WeakKey');
  });

  it('reads a certificate in full only once its signatures chain to an anchor', async () => {
    // Reading one costs up to 160 ms (a 16 KiB certificate of 1,300 RDNs through @peculiar/asn1-x509),
    // so a request's own certificates, which chain to nothing, are never read: before, this
    // leaf's empty SAN was found (MalformedCertificate) whatever had issued it.
    const { root, intermediate } = await pki('p256');
    const stranger = await issue({ name: 'stranger-ca', ca: true });
    const emptySan = [new x509.Extension('2.5.29.17', false, new Uint8Array([0x30, 0x00]))];
    const own = await issue({ name: 'own', issuer: stranger, extensions: emptySan });
    assert.equal(reason(validatePath({ leaf: own.cert, intermediates: [stranger.cert], anchors: [root.cert], atMs: NOW })), 'UntrustedIssuer');
    const issued = await issue({ name: 'issued', issuer: intermediate, extensions: emptySan });
    assert.equal(reason(validatePath({ leaf: issued.cert, intermediates: [intermediate.cert], anchors: [root.cert], atMs: NOW })), 'MalformedCertificate');
  });
});
