/** CRLs: import (signature against the anchor's CA) and the revocation check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRevoked, importCrl } from '../../src/rolesanywhere/crl.js';
import type { CrlFailure, ImportedCrl } from '../../src/rolesanywhere/crl.js';
import { crl, issue, pki, x509 } from './pki.js';
import type { KeyKind } from './pki.js';

function imported(result: ReturnType<typeof importCrl>): ImportedCrl {
  assert.equal(result.ok, true, JSON.stringify(result));
  return (result as { crl: ImportedCrl }).crl;
}

function reason(result: ReturnType<typeof importCrl>): CrlFailure['reason'] {
  assert.equal(result.ok, false, 'expected a refusal');
  return (result).reason;
}

for (const kind of ['rsa', 'p256', 'p384'] satisfies KeyKind[]) {
  it(`imports a CRL signed by the anchor and refuses the revoked leaf, DER and PEM (${kind})`, async () => {
    const { root, intermediate, leaf } = await pki(kind);
    const other = await issue({ kind, name: 'other-leaf', issuer: intermediate });
    // The intermediate's CRL, imported against an anchor made of the intermediate.
    const list = await crl(intermediate, [leaf.cert.serialNumber]);
    const der = imported(importCrl(new Uint8Array(list.rawData), [intermediate.cert]));
    const pem = imported(importCrl(list.toString('pem'), [intermediate.cert]));
    assert.deepEqual([...pem.revoked], [...der.revoked]);
    // RFC 7468's label.
    imported(importCrl(list.toString('pem').replace(/-(BEGIN|END) CRL-/g, '-$1 X509 CRL-'), [intermediate.cert]));
    assert.equal(findRevoked([leaf.cert, intermediate.cert], [der]), leaf.cert);
    assert.equal(findRevoked([other.cert, intermediate.cert], [der]), undefined);
    // The root's CRL revoking the intermediate: the whole path under it is refused.
    const rootList = imported(importCrl(new Uint8Array((await crl(root, [intermediate.cert.serialNumber])).rawData), [root.cert]));
    assert.equal(findRevoked([other.cert, intermediate.cert], [rootList]), intermediate.cert);
  });
}

describe('CRL refusals', () => {
  it('refuses a CRL signed by another key, from another CA, or by a CA without CRL Sign', async () => {
    const { root, intermediate, leaf } = await pki('p256');
    const forger = await issue({ name: 'forger' });
    assert.equal(reason(importCrl(new Uint8Array((await crl(root, [leaf.cert.serialNumber], forger)).rawData), [root.cert])), 'BadSignature');
    assert.equal(reason(importCrl(new Uint8Array((await crl(intermediate, [leaf.cert.serialNumber])).rawData), [root.cert])), 'UnknownIssuer');
    const noCrlSign = await issue({ name: 'no-crl-sign', ca: true, keyUsage: x509.KeyUsageFlags.keyCertSign });
    assert.equal(reason(importCrl(new Uint8Array((await crl(noCrlSign, ['01'])).rawData), [noCrlSign.cert])), 'IssuerCannotSignCrl');
  });

  it('refuses a tampered CRL (a revoked serial removed) and garbage', async () => {
    const { root, intermediate } = await pki('p256');
    const list = await crl(root, [intermediate.cert.serialNumber]);
    const raw = Buffer.from(list.rawData);
    const at = raw.indexOf(Buffer.from(intermediate.cert.serialNumber, 'hex'));
    assert.ok(at > 0);
    raw[at] = raw[at]! ^ 0x01;
    assert.equal(reason(importCrl(raw, [root.cert])), 'BadSignature');
    assert.equal(reason(importCrl(Buffer.from('not a crl'), [root.cert])), 'MalformedCrl');
    assert.equal(reason(importCrl('-----BEGIN X509 CRL-----\n!!!!\n-----END X509 CRL-----\n', [root.cert])), 'MalformedCrl');
    assert.equal(reason(importCrl(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), [root.cert])), 'MalformedCrl');
  });
});
