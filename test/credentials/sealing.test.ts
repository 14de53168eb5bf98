/** Secrets at rest: sealed under a key derived from the master key; nothing else opens. */
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Sealer } from '../../src/credentials/sealing.js';

const MASTER = randomBytes(32);

/** A value in the v1 format of unreleased builds: AES-256-GCM under the master key itself. */
function sealV1(plaintext: string, label: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', MASTER, iv);
  c.setAAD(Buffer.from(label));
  const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

describe('Sealer', () => {
  it('seals as v2 and opens it again, under its label only', () => {
    const s = new Sealer(MASTER);
    const sealed = s.seal('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY é', 'secret-access-key');
    assert.match(sealed, /^v2\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(sealed.includes('wJalr'), false);
    assert.equal(s.open(sealed, 'secret-access-key'), 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY é');
    assert.throws(() => s.open(sealed, 'mfa-seed'));
    assert.throws(() => new Sealer(randomBytes(32)).open(sealed, 'secret-access-key'));
  });

  it('v1 values (never released) do not open, not even relabelled as v2', () => {
    const s = new Sealer(MASTER);
    const v1 = sealV1('old secret', 'secret-access-key');
    assert.throws(() => s.open(v1, 'secret-access-key'), /not a sealed value/);
    assert.throws(() => s.open(v1.replace(/^v1/, 'v2'), 'secret-access-key'));
    assert.throws(() => s.open(v1.replace(/^v1/, 'v3'), 'secret-access-key'), /not a sealed value/);
  });

  it('refuses short tags, extra parts and tampering', () => {
    const s = new Sealer(MASTER);
    const [v, iv, tag, ct] = s.seal('x', 'l').split('.') as [string, string, string, string];
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    assert.throws(() => s.open([v, iv, shortTag, ct].join('.'), 'l'));
    assert.throws(() => s.open([v, iv, tag, ct, 'more'].join('.'), 'l'), /not a sealed value/);
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0]! ^= 1;
    assert.throws(() => s.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'l'));
    assert.throws(() => new Sealer(Buffer.alloc(16)), TypeError);
  });
});
