/**
 * Session tokens: AES-256-CTR then HMAC-SHA256-128 (encrypt-then-MAC) under per-version keys.
 * Every byte is authenticated, versions rotate without cutting older tokens, and no stretch of
 * keystream is ever used twice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCipheriv, hkdfSync } from 'node:crypto';
import type { Session } from '../../src/credentials/session.js';
import { MAX_SEALED_TOKEN, SessionTokenSealer, SessionTooLarge } from '../../src/credentials/session-token.js';

const MASTER = Buffer.alloc(32, 7);
const claims = (i = 0, extra: Partial<Session> = {}): Session => ({
  accessKeyId: `ASIA${String(i).padStart(16, 'A')}`,
  secretAccessKey: 'x'.repeat(40),
  account: '111122223333',
  kind: 'role',
  issuedAt: 1_790_000_000,
  expiresAt: 1_790_003_600,
  roleId: 'AROAEXAMPLEEXAMPLE123',
  roleName: 'reader',
  roleArn: 'arn:aws:iam::111122223333:role/reader',
  sessionName: `session-${i}`,
  ...extra,
});
const raw = (token: string): Buffer => Buffer.from(token.slice(2), 'base64url');
const tokenOf = (bytes: Buffer): string => `RT${bytes.toString('base64url')}`;

/**
 * Tokens sealed by the code before `Session` existed (master key MASTER, key version 2), the JSON
 * each carries and the session it is: the wire format is pinned byte for byte.
 */
const WIRE: readonly { readonly token: string; readonly json: string; readonly session: Session }[] = [
  {
    // role
    token: 'RTAnRdFWu9jBERcNETcAAAAACp22BGmKezsK5qJGTGdEmmv0yCU9sZCHAxksxmhxrYVfywd4HTYzgoKGnfeeyD8wN0DRhsYO3GjsB7GT8B0V1ZL09s_7inPrTvVRB6kv9NHGIO8VvXvG74O3l_NUEDUu7hlLgL9g-7XYI90FjgntT7FQUShG0QbC4lxCxsBoncxjVR9nmPryr1WgsT1JjDDX4eS65PywEALvN2Z0E0wlYedlAFVL33robvuc3XaQwjbIJHiI22ZBHR_aCEgB_XeJyVQZqK-T_jIX55PhtpU-PSZeuHPrvatZCP2v-N8mhjTYO8zlYqsrti8Pnhw2asr3e8o4oeQRG0p8KQW3oMF6rUxFmMXVBtcoMj3A5Gfd32AFT3uF_6XSmB7gNaVIEukMfdeNLwsTwLyqPn_D34dp7VBrEal4upUMJ7v-k1nMF3V-M4br2AuCqQPnBSEoRnlfnVDFchnLmA7bqVNGg_RaWLBRpjURxk6phczh6_TtbOMWY29eBazS_EhIQgEsPhwzxuVHuR9R4fhQNcSGN1x1RoLP7T9t7ZHegjgtrEVz7huQYDHibI31N_UKB_bowTdbVhMdY4kK7X8cE1K9krhoKgpm1hxNR8yYxfMoppGBmffAV0v2SoZ1k3y2_BWFh-Tp3KWUCV8aMJ6KbvlZXlAomtarkN',
    json: '{"k":"ASIAAAAAAAAAAAAAAAA1","s":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","iat":1790000000,"exp":1790003600,"a":"111122223333","typ":"role","rid":"AROAEXAMPLEEXAMPLE123","rn":"reader","ra":"arn:aws:iam::111122223333:role/app/reader","sn":"sess-é","fp":"accounts.google.com","p":"{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}","pa":["arn:aws:iam::aws:policy/ReadOnlyAccess"],"tg":[["Team","blue"],["Cost","\\"42\\""]],"tt":["Team"],"si":"alice","mfa":true,"mfat":1789999000,"ch":true}',
    session: { accessKeyId: 'ASIAAAAAAAAAAAAAAAA1', secretAccessKey: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', issuedAt: 1790000000, expiresAt: 1790003600, account: '111122223333', kind: 'role', roleId: 'AROAEXAMPLEEXAMPLE123', roleName: 'reader', roleArn: 'arn:aws:iam::111122223333:role/app/reader', sessionName: 'sess-é', identityProvider: 'accounts.google.com', policy: '{"Version":"2012-10-17","Statement":[]}', policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], tags: [['Team', 'blue'], ['Cost', '"42"']], transitiveTagKeys: ['Team'], sourceIdentity: 'alice', mfa: true, mfaTime: 1789999000, chained: true },
  },
  {
    // fed
    token: 'RTAnRdFWu9jBERcNETcAAAAB-q-KlGodw-h2REcpVxo96kK1O83W6c0GQzWnWZMeO2fCA9i_jrCAWmbag1YouaXEN7NUWAP5m2t0IR6jjfTYaPLTSu8pvL6O_o8eElRrMbEvqoi_NFk_SEqu8kwnjv_qbSoY5DKWVMfnlKpD6y4K7KMSRoDJnVA93shnQuXzHtFg5cnqtHoEPtdg-kwanHUjLYQ9RZ6r06Wc-dVxVPCNYKvBwatleLXS3UEj_xrNFr_YscVfR3QMgV_hZACUm1n_0Afi3IdpKAJKKtDDVb4ayK93peUwWHTQYSYE0axeLYcwpfjJUFyD7Dea6zwKS3JLlEVqMPTvBpcTOMT9DIcJCjqd3PmN2YfzrxRLb8ziPnM4ryjKi597ehf-xfC0njTieSXBlsEcJnE0az1F5Ge8kWxxrS2-dbPijk1nBYmFfICltbzqvxQ97GXRiFCBGTk_r5',
    json: '{"k":"ASIAAAAAAAAAAAAAAAA2","s":"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy","iat":1790000000,"exp":1790043200,"a":"111122223333","typ":"fed","sn":"bob","uid":"AIDAEXAMPLEEXAMPLE123","ua":"arn:aws:iam::111122223333:user/bob","un":"bob","p":"{\\"Version\\":\\"2012-10-17\\"}","pa":["arn:aws:iam::aws:policy/X"],"tg":[["k","v"]]}',
    session: { accessKeyId: 'ASIAAAAAAAAAAAAAAAA2', secretAccessKey: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy', issuedAt: 1790000000, expiresAt: 1790043200, account: '111122223333', kind: 'federated', sessionName: 'bob', userId: 'AIDAEXAMPLEEXAMPLE123', userArn: 'arn:aws:iam::111122223333:user/bob', userName: 'bob', policy: '{"Version":"2012-10-17"}', policyArns: ['arn:aws:iam::aws:policy/X'], tags: [['k', 'v']] },
  },
  {
    // user
    token: 'RTAnRdFWu9jBERcNETcAAAADRMouKZhkHUXPArQYeIQsWKTVvmNyXNwm9zY9ZrgH7ky0oFma4wN6XHUtPbH68d3iXo-47-OukmFdf0nhLtZ2IhUzxswJ0GkFEu4-uDDjr0iSesj_xtxJoc86WOJaKsplwe6aubB3Y-uGop2Mh5-5g3G5QBn18JmHtFSnff_gHRlLb97AfUT2aTVNmXhEwh1ZVDhqr4jvhS9NlAabH28kZBGjQT8jsq4fZkz64azEHGb-nnCUkAkHgdFctcNmSHY-4BUK38TFfHAgm5t8ssLbdelKdvzc8AD-SSuLtj01d6X-WpI2hDJ3MvvJ57-hyJ8pVL_o4OjjoRZIwjDFDmcecE98B6oSkGRNPG3N81ww',
    json: '{"k":"ASIAAAAAAAAAAAAAAAA3","s":"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz","iat":1790000000,"exp":1790043200,"a":"111122223333","typ":"user","uid":"AIDAEXAMPLEEXAMPLE123","ua":"arn:aws:iam::111122223333:user/bob","un":"bob","mfa":true,"mfat":1790000000}',
    session: { accessKeyId: 'ASIAAAAAAAAAAAAAAAA3', secretAccessKey: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', issuedAt: 1790000000, expiresAt: 1790043200, account: '111122223333', kind: 'user', userId: 'AIDAEXAMPLEEXAMPLE123', userArn: 'arn:aws:iam::111122223333:user/bob', userName: 'bob', mfa: true, mfaTime: 1790000000 },
  },
  {
    // rootUser
    token: 'RTAnRdFWu9jBERcNETcAAAAES7k7QnLW--tt6xpvMPjw-EPqtik3oFpkLmVmHYNxOe9gUNTsK84E2z2w_cZeKZgK3fWQv3ha-BPvPnVcf-nTEuiOZ08xciQC7r64tKMJwj5oeuBxsuXr1HU77uV3wFuqnKrHXk6p-LaIH4VwPM-PGwtL6lefJRLeBXjTG8tMRv3PdmvAKvWM6OjmwBnMltKehOp4XJ1Y-nMmPuyGsYOjYsa2YMHvJy9xHMPN0aeW-N0zPwDbth_deXf6-FIQQtVnwzqfAtStbHV_35UOerXDsIDyhvzI9Iqq1Q6oak4HtAsNAK14Y',
    json: '{"k":"ASIAAAAAAAAAAAAAAAA4","s":"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww","iat":1790000000,"exp":1790003600,"a":"111122223333","typ":"user","uid":"111122223333","ua":"arn:aws:iam::111122223333:root","mfa":false}',
    session: { accessKeyId: 'ASIAAAAAAAAAAAAAAAA4', secretAccessKey: 'wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww', issuedAt: 1790000000, expiresAt: 1790003600, account: '111122223333', kind: 'user', userId: '111122223333', userArn: 'arn:aws:iam::111122223333:root', mfa: false },
  },
];

/** The JSON inside a token, decrypted here with the keys derived as the sealer derives them. */
function plaintextOf(token: string, master = MASTER): string {
  const bytes = raw(token);
  const key = Buffer.from(hkdfSync('sha256', master, 'rolegate', `session-token/v${bytes[0]!}/aes-256-ctr`, 32));
  return createCipheriv('aes-256-ctr', key, bytes.subarray(1, 17)).update(bytes.subarray(17, bytes.length - 16)).toString('utf8');
}

describe('session tokens', () => {
  it('open to the claims they sealed, whatever their size and characters', () => {
    const sealer = new SessionTokenSealer(MASTER);
    for (let i = 0; i < 600; i++) {
      const c = claims(i, { sessionName: 'é😀ж'.repeat(i % 7), ...(i % 3 === 0 ? { policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }).repeat(i % 40) } : {}), tags: [[`k${i}`, 'v'.repeat(i % 300)]] });
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

  it('refuses to seal a session whose token could not be sent back (PackedPolicyTooLarge in STS)', () => {
    const sealer = new SessionTokenSealer(MASTER);
    let fits = 0;
    for (const size of [1000, 5000, 8000, 8500, 9000, 20_000, 80_000]) {
      const c = claims(10, { policy: 'x'.repeat(size) });
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
    assert.throws(() => sealer.seal(claims(11, { tags: Array.from({ length: 50 }, (_, i) => [`鍵${i}`.repeat(40), '値'.repeat(256)] as const) })), SessionTooLarge);
    // The sealer still works after refusing.
    assert.deepEqual(sealer.open(sealer.seal(claims(12))), claims(12));
  });

  it('the wire is unchanged: tokens of earlier code open to their session, and each session seals to the same JSON', () => {
    const sealer = new SessionTokenSealer(MASTER, 2);
    for (const { token, json, session } of WIRE) {
      assert.deepEqual(sealer.open(token), session);
      const again = sealer.seal(session);
      assert.equal(plaintextOf(again), json);
      assert.deepEqual(sealer.open(again), session);
    }
  });

  it('legacy AES-256-GCM ("RG") tokens, never released, do not open', () => {
    const sealer = new SessionTokenSealer(MASTER, 2);
    const body = raw(WIRE[0]!.token).toString('base64url');
    assert.equal(sealer.open(`RG${body}`), undefined);
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
      const bytes = raw(sealer.seal(claims(i, { policy: 'y'.repeat(i % 500) })));
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
