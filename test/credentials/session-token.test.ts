/**
 * Session tokens: AES-256-CTR then HMAC-SHA256-128 (encrypt-then-MAC) under per-version keys.
 * Every byte is authenticated, versions rotate without cutting older tokens, and no stretch of
 * keystream is ever used twice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { MAX_SEALED_TOKEN, type SessionClaims, SessionTokenSealer, SessionTooLarge } from '../../src/credentials/session-token.js';

const MASTER = Buffer.alloc(32, 7);
const claims = (i = 0, extra: Partial<SessionClaims> = {}): SessionClaims => ({
  k: `ASIA${String(i).padStart(16, 'A')}`,
  s: 'x'.repeat(40),
  a: '111122223333',
  typ: 'role',
  iat: 1_790_000_000,
  exp: 1_790_003_600,
  rid: 'AROAEXAMPLEEXAMPLE123',
  rn: 'reader',
  ra: 'arn:aws:iam::111122223333:role/reader',
  sn: `session-${i}`,
  ...extra,
});
const raw = (token: string): Buffer => Buffer.from(token.slice(2), 'base64url');
const tokenOf = (bytes: Buffer): string => `RT${bytes.toString('base64url')}`;

/** A token as earlier builds sealed it: AES-256-GCM after "RG". */
function legacyToken(master: Buffer, version: number, c: SessionClaims): string {
  const key = Buffer.from(hkdfSync('sha256', master, 'rolegate', `session-token/v${version}`, 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`rolegate/session-token/${version}`));
  const ct = Buffer.concat([cipher.update(JSON.stringify(c), 'utf8'), cipher.final()]);
  return `RG${Buffer.concat([Buffer.from([version]), iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
}

describe('session tokens', () => {
  it('open to the claims they sealed, whatever their size and characters', () => {
    const sealer = new SessionTokenSealer(MASTER);
    for (let i = 0; i < 600; i++) {
      const c = claims(i, { sn: 'é😀ж'.repeat(i % 7), ...(i % 3 === 0 ? { p: JSON.stringify({ Version: '2012-10-17', Statement: [] }).repeat(i % 40) } : {}), tg: [[`k${i}`, 'v'.repeat(i % 300)]] });
      const token = sealer.seal(c);
      assert.match(token, /^RT[A-Za-z0-9_-]+$/);
      assert.deepEqual(sealer.open(token), JSON.parse(JSON.stringify(c)));
    }
  });

  it('the plaintext does not show through: no claim is readable in the token', () => {
    const token = new SessionTokenSealer(MASTER).seal(claims(1));
    const bytes = raw(token).toString('latin1');
    for (const v of ['xxxxxxxx', '111122223333', 'reader', 'ASIA', 'session-1']) assert.equal(bytes.includes(v), false, v);
  });

  it('refuse every single-bit change, truncation and extension', () => {
    const sealer = new SessionTokenSealer(MASTER);
    const bytes = raw(sealer.seal(claims(2)));
    for (let i = 0; i < bytes.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const t = Buffer.from(bytes);
        t[i]! ^= bit;
        assert.equal(sealer.open(tokenOf(t)), undefined, `byte ${i} bit ${bit}`);
      }
    }
    for (let n = 0; n < bytes.length; n += 7) assert.equal(sealer.open(tokenOf(bytes.subarray(0, n))), undefined, `first ${n} bytes`);
    assert.equal(sealer.open(tokenOf(Buffer.concat([bytes, Buffer.from([0])]))), undefined);
    assert.equal(sealer.open(`XX${bytes.toString('base64url')}`), undefined);
    assert.equal(sealer.open(''), undefined);
    assert.equal(sealer.open(`RG${'A'.repeat(20_000)}`), undefined);
  });

  it('one spelling per token: stray characters, "+" or "/" for "-" or "_", and non-zero trailing bits are refused', () => {
    const sealer = new SessionTokenSealer(MASTER);
    const token = sealer.seal(claims(7));
    assert.deepEqual(sealer.open(token), claims(7));
    const body = token.slice(2);
    for (const variant of [`${token}=`, `${token}!`, `RT ${body}`, `RT${body.slice(0, 10)}.${body.slice(10)}`, token.replace(/-/, '+'), token.replace(/_/, '/')]) {
      if (variant !== token) assert.equal(sealer.open(variant), undefined, variant.slice(0, 20));
    }
    // The last character carries unused low bits (the byte count is not a multiple of 3): set them.
    const bytes = raw(token);
    if (bytes.length % 3 !== 0) {
      const last = body.at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const twisted = `RT${body.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`;
      assert.deepEqual(Buffer.from(twisted.slice(2), 'base64url'), bytes, 'decodes to the same bytes');
      assert.equal(sealer.open(twisted), undefined);
    }
  });

  it("opens the AES-256-GCM tokens of earlier builds (an upgrade cuts no session), tampered or foreign ones not", () => {
    const sealer = new SessionTokenSealer(MASTER, 2);
    const old = legacyToken(MASTER, 1, claims(8));
    assert.deepEqual(sealer.open(old), claims(8));
    assert.deepEqual(sealer.open(legacyToken(MASTER, 2, claims(9))), claims(9));
    assert.equal(sealer.open(legacyToken(MASTER, 3, claims(9))), undefined, 'a version above the current one');
    assert.equal(sealer.open(legacyToken(Buffer.alloc(32, 9), 1, claims(9))), undefined, 'another master key');
    const bytes = Buffer.from(old.slice(2), 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    assert.equal(sealer.open(`RG${bytes.toString('base64url')}`), undefined);
  });

  it('refuses to seal a session whose token could not be sent back (PackedPolicyTooLarge in STS)', () => {
    const sealer = new SessionTokenSealer(MASTER);
    let fits = 0;
    for (const size of [1000, 5000, 8000, 8500, 9000, 20_000, 80_000]) {
      const c = claims(10, { p: 'x'.repeat(size) });
      try {
        const token = sealer.seal(c);
        assert.ok(token.length <= MAX_SEALED_TOKEN, `${token.length}`);
        assert.deepEqual(sealer.open(token), c);
        fits++;
      } catch (e) {
        assert.ok(e instanceof SessionTooLarge);
        assert.ok(e.percent > 100);
      }
    }
    assert.ok(fits >= 3 && fits < 7, `${fits} of 7 fit`);
    // Multi-byte text counts by its UTF-8 length.
    assert.throws(() => sealer.seal(claims(11, { tg: Array.from({ length: 50 }, (_, i) => [`鍵${i}`.repeat(40), '値'.repeat(256)] as const) })), SessionTooLarge);
    // The sealer still works after refusing.
    assert.deepEqual(sealer.open(sealer.seal(claims(12))), claims(12));
  });

  it('another master key opens nothing', () => {
    const token = new SessionTokenSealer(MASTER).seal(claims(3));
    assert.equal(new SessionTokenSealer(Buffer.alloc(32, 8)).open(token), undefined);
  });

  it('rotate: a newer version opens older tokens, an older one refuses newer tokens', () => {
    const v1 = new SessionTokenSealer(MASTER, 1);
    const v2 = new SessionTokenSealer(MASTER, 2);
    const old = v1.seal(claims(4));
    const fresh = v2.seal(claims(5));
    assert.equal(raw(old)[0], 1);
    assert.equal(raw(fresh)[0], 2);
    assert.deepEqual(v2.open(old), claims(4));
    assert.deepEqual(v2.open(fresh), claims(5));
    assert.equal(v1.open(fresh), undefined);
    // A version byte changed to another valid version fails its MAC (the keys differ per version).
    const moved = raw(old);
    moved[0] = 2;
    assert.equal(v2.open(tokenOf(moved)), undefined);
    assert.throws(() => new SessionTokenSealer(MASTER, 0), TypeError);
    assert.throws(() => new SessionTokenSealer(MASTER, 256), TypeError);
  });

  it('never hands out the same keystream twice, across chunk refills', () => {
    const sealer = new SessionTokenSealer(MASTER);
    // [prefix (12 bytes, hex), first block, blocks used]
    const spans: [string, number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      const bytes = raw(sealer.seal(claims(i, { p: 'y'.repeat(i % 500) })));
      const counter = bytes.subarray(1, 17);
      const ciphertext = bytes.length - 17 - 16;
      spans.push([counter.subarray(0, 12).toString('hex'), counter.readUInt32BE(12), Math.ceil(ciphertext / 16)]);
    }
    const prefixes = new Set(spans.map(([p]) => p));
    assert.ok(prefixes.size > 3, `${prefixes.size} keystream chunks`);
    for (const prefix of prefixes) {
      const mine = spans.filter(([p]) => p === prefix).sort((a, b) => a[1] - b[1]);
      for (let j = 1; j < mine.length; j++) assert.ok(mine[j]![1] >= mine[j - 1]![1] + mine[j - 1]![2], `overlap in chunk ${prefix}`);
    }
  });

  it('two sealers with one master key still use distinct keystreams (fresh random counter blocks)', () => {
    const a = raw(new SessionTokenSealer(MASTER).seal(claims(6)));
    const b = raw(new SessionTokenSealer(MASTER).seal(claims(6)));
    assert.notDeepEqual(a.subarray(1, 13), b.subarray(1, 13));
    assert.notDeepEqual(a.subarray(17), b.subarray(17));
  });
});
