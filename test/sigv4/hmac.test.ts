/** HmacSha256 (built on one-shot hashes) against Node's createHmac and RFC 4231's vectors. */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { HmacSha256 } from '../../src/sigv4/hmac.js';

describe('HmacSha256', () => {
  it("matches RFC 4231's test cases 1, 2, 6 and 7", () => {
    const cases: [Uint8Array | string, Uint8Array | string, string][] = [
      [Buffer.alloc(20, 0x0b), 'Hi There', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
      ['Jefe', 'what do ya want for nothing?', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
      [Buffer.alloc(131, 0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First', '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
      [
        Buffer.alloc(131, 0xaa),
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
        '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
      ],
    ];
    for (const [key, msg, hex] of cases) assert.equal(new HmacSha256(key).digest(msg), hex);
  });

  it('matches createHmac for keys and messages of every length class, strings and bytes, in every encoding', () => {
    for (const keyLength of [0, 1, 31, 32, 63, 64, 65, 128, 300]) {
      const key = randomBytes(keyLength);
      const mac = new HmacSha256(key);
      // Growing and shrinking messages: the scratch buffer is reused and regrown.
      for (const length of [0, 1, 55, 56, 63, 64, 65, 200, 256, 257, 5000, 3, 70_000, 10]) {
        const bytes = randomBytes(length);
        const text = bytes.toString('base64').slice(0, length) + 'é😀';
        assert.equal(mac.digest(bytes), createHmac('sha256', key).update(bytes).digest('hex'));
        assert.equal(mac.digest(text), createHmac('sha256', key).update(text, 'utf8').digest('hex'));
        assert.equal(mac.digest(text, 'base64'), createHmac('sha256', key).update(text, 'utf8').digest('base64'));
        assert.deepEqual(mac.bytes(bytes), createHmac('sha256', key).update(bytes).digest());
      }
    }
  });

  it('takes a string key as UTF-8', () => {
    assert.equal(new HmacSha256('AWS4ключ').digest('20150830'), createHmac('sha256', 'AWS4ключ').update('20150830').digest('hex'));
  });
});
