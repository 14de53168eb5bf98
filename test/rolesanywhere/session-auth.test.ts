/** The composed CreateSession authentication: signature → path → revocation → attributes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCrl } from '../../src/rolesanywhere/crl.js';
import type { ImportedCrl } from '../../src/rolesanywhere/crl.js';
import { authenticateSession } from '../../src/rolesanywhere/session-auth.js';
import type { SessionRefused } from '../../src/rolesanywhere/session-auth.js';
import { signX509Request } from '../../src/sigv4/x509.js';
import type { SigV4Request } from '../../src/sigv4/index.js';
import { crl, issue, NOW, pki } from './pki.js';

const request: SigV4Request = { method: 'POST', path: '/sessions', query: '', headers: { host: 'localhost', 'content-type': 'application/json' }, body: '{}' };
const DAY = 86_400_000;

function refused(result: ReturnType<typeof authenticateSession>): Pick<SessionRefused, 'stage' | 'reason'> {
  assert.equal(result.ok, false, 'expected a refusal');
  const r = result;
  return { stage: r.stage, reason: r.reason };
}

async function imported(issuer: Parameters<typeof crl>[0], serials: string[]): Promise<ImportedCrl> {
  const result = importCrl(new Uint8Array((await crl(issuer, serials)).rawData), [issuer.cert]);
  assert.ok(result.ok);
  return result.crl;
}

describe('CreateSession authentication', () => {
  it('authenticates an RSA-2048 leaf with one intermediate and gives its tags and source identity', async () => {
    const { root, intermediate, leaf } = await pki('rsa');
    const signed = signX509Request(request, { certificate: leaf.cert, intermediates: [intermediate.cert], privateKey: leaf.privateKey, region: 'us-east-1', nowMs: NOW });
    const result = authenticateSession(signed, { nowMs: NOW, anchors: [root.cert], crls: [await imported(root, ['7fff'])] });
    assert.equal(result.ok, true, JSON.stringify(result));
    if (!result.ok) return;
    assert.equal(result.path.length, 3);
    assert.equal(result.sourceIdentity, 'CN=leaf-rsa.example.com');
    assert.equal(result.principalTags['x509Subject/CN'], 'leaf-rsa.example.com');
    assert.equal(result.principalTags['x509Issuer/CN'], 'Intermediate rsa');
  });

  it('refuses at each stage: signature, path, revocation', async () => {
    const { root, intermediate, leaf } = await pki('p256');
    const signed = signX509Request(request, { certificate: leaf.cert, intermediates: [intermediate.cert], privateKey: leaf.privateKey, region: 'us-east-1', nowMs: NOW });
    assert.deepEqual(refused(authenticateSession(signed, { nowMs: NOW + 16 * 60_000, anchors: [root.cert], crls: [] })), { stage: 'signature', reason: 'ClockSkew' });
    const stranger = await issue({ name: 'stranger', ca: true });
    assert.deepEqual(refused(authenticateSession(signed, { nowMs: NOW, anchors: [stranger.cert], crls: [] })), { stage: 'path', reason: 'UntrustedIssuer' });
    assert.deepEqual(refused(authenticateSession(signed, { nowMs: NOW, anchors: [root.cert], crls: [await imported(intermediate, [leaf.cert.serialNumber])] })), { stage: 'revocation', reason: 'Revoked' });
    assert.deepEqual(refused(authenticateSession(signed, { nowMs: NOW, anchors: [root.cert], crls: [await imported(root, [intermediate.cert.serialNumber])] })), { stage: 'revocation', reason: 'Revoked' });
  });

  it('judges validity at the server clock, not at the X-Amz-Date the client chose', async () => {
    const { root, intermediate } = await pki('p256');
    const leaf = await issue({ name: 'short', issuer: intermediate, notBefore: new Date(NOW - DAY), notAfter: new Date(NOW + 5 * 60_000) });
    // Signed 10 minutes "ago" when the certificate was valid; the server's clock is past notAfter.
    const signed = signX509Request(request, { certificate: leaf.cert, intermediates: [intermediate.cert], privateKey: leaf.privateKey, region: 'us-east-1', nowMs: NOW });
    assert.deepEqual(refused(authenticateSession(signed, { nowMs: NOW + 10 * 60_000, anchors: [root.cert], crls: [] })), { stage: 'path', reason: 'Expired' });
  });
});
