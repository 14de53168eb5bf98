/** Identifier encodings: RFC 4648 base32, access key ids that carry the account, secrets. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountOfAccessKeyId, base32, newAccessKeyId, newSecretAccessKey } from '../../src/credentials/ids.js';

describe('ids', () => {
  it('base32 follows RFC 4648 (test vectors, no padding)', () => {
    for (const [text, b32] of [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']] as const) {
      assert.equal(base32(Buffer.from(text)), b32);
    }
    assert.equal(base32(new Uint8Array(20).fill(255)), '7'.repeat(32));
  });

  it('access key ids carry the account, for every account', () => {
    for (const account of ['000000000000', '000000000001', '111122223333', '999999999999', '123456789012']) {
      for (let i = 0; i < 50; i++) {
        for (const prefix of ['AKIA', 'ASIA'] as const) {
          const id = newAccessKeyId(prefix, account);
          assert.match(id, /^(AKIA|ASIA)[A-Z2-7]{16}$/);
          assert.equal(accountOfAccessKeyId(id), account);
        }
      }
    }
  });

  it('secrets are 40 characters of the AWS secret alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = newSecretAccessKey();
      assert.match(s, /^[A-Za-z0-9+/]{40}$/);
      seen.add(s);
    }
    assert.equal(seen.size, 200);
  });
});
