/**
 * Console password hashes (src/iam/passwords/hash.ts): scrypt with its parameters stored beside
 * the hash, constant-time checks, off the event loop, and the per-server bound on concurrent
 * hashing that keeps a flood of password calls from exhausting memory.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { AwsError } from '../../src/core/errors.js';
import type { Services } from '../../src/core/services.js';
import { CURRENT, HASHING, HASH_GATE, HashGate, WAITING, hashPassword, needsRehash, passwordMatches } from '../../src/iam/passwords/hash.js';
import { checkComplexity } from '../../src/iam/passwords/policy.js';

/** Just what hash.ts uses of Services: randomness and its slot. */
function services(): Services {
  const gate = new HashGate();
  return { random: (n: number) => randomBytes(n), get: () => gate } as unknown as Services;
}

describe('password hashes', () => {
  it('are scrypt N=2^15 r=8 p=1 with a 16-byte salt and a 32-byte key, parameters stored with the hash', async () => {
    const s = services();
    const h = await hashPassword(s, 'Correct-Horse-9');
    const [alg, logN, r, p, salt, key] = h.split('$');
    assert.deepEqual([alg, Number(logN), Number(r), Number(p)], ['scrypt', 15, 8, 1]);
    assert.equal(Buffer.from(salt!, 'base64url').length, 16);
    assert.equal(Buffer.from(key!, 'base64url').length, 32);
    assert.ok(!h.includes('Correct-Horse-9'));
    assert.notEqual(await hashPassword(s, 'Correct-Horse-9'), h, 'a fresh salt each time');
    assert.equal(await passwordMatches(s, 'Correct-Horse-9', h), true);
    assert.equal(await passwordMatches(s, 'correct-horse-9', h), false);
    assert.equal(needsRehash(h), false);
    assert.deepEqual(CURRENT, { logN: 15, r: 8, p: 1 });
  });

  it('older (weaker) parameters still verify and are flagged for a rehash; corrupt or oversized ones never match', async () => {
    const s = services();
    const weak = await hashPassword(s, 'pw-1', { logN: 12, r: 8, p: 1 });
    assert.equal(await passwordMatches(s, 'pw-1', weak), true);
    assert.equal(needsRehash(weak), true);
    const [, , , , salt, key] = weak.split('$');
    for (const bad of ['', 'plain', `scrypt$40$8$1$${salt}$${key}`, `scrypt$19$32$16$${salt}$${key}`, `scrypt$18$16$1$${salt}$${key}`, `scrypt$15$8$1$${salt}$`, `bcrypt$12$8$1$${salt}$${key}`, `scrypt$x$8$1$${salt}$${key}`]) {
      assert.equal(await passwordMatches(s, 'pw-1', bad), false, bad);
    }
  });

  it('hashing runs off the event loop: timers keep firing while a hash is computed', async () => {
    const s = services();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await hashPassword(s, 'pw-1');
    clearInterval(timer);
    assert.ok(ticks >= 2, `the event loop was blocked (${ticks} ticks)`);
  });
});

describe('the hash gate', () => {
  it(`runs at most ${HASHING} at once, queues up to ${WAITING}, and answers 503 ServiceUnavailable beyond`, async () => {
    const gate = new HashGate(2, 3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const job = (): Promise<number> =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => releases.push(r));
        running--;
        return 1;
      });
    const jobs = [job(), job(), job(), job(), job()];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(gate.load, { running: 2, waiting: 3 });
    await assert.rejects(job(), (e: AwsError) => e.code === 'ServiceUnavailable' && e.status === 503);
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(await Promise.all(jobs), [1, 1, 1, 1, 1]);
    assert.equal(peak, 2);
    assert.deepEqual(gate.load, { running: 0, waiting: 0 });
  });

  it('a failing computation frees its slot', async () => {
    const gate = new HashGate(1, 1);
    await assert.rejects(gate.run(() => Promise.reject(new Error('boom'))));
    assert.equal(await gate.run(() => Promise.resolve(7)), 7);
    assert.deepEqual(gate.load, { running: 0, waiting: 0 });
  });

  it('is one per server (a Services slot)', () => {
    assert.equal(HASH_GATE.name, 'iam/password-hash-gate');
  });
});

describe('password complexity', () => {
  it("AWS's default policy: at least 8 characters, three of four character types, not the account name or email", () => {
    const acct = { name: 'Acme-Prod-1', email: 'Ops@Example.com' };
    for (const pw of ['Ab1!', 'abcdefgh', 'abcdefg1', 'Acme-Prod-1', 'ops@example.com']) {
      assert.throws(() => checkComplexity(pw, undefined, acct), (e: AwsError) => e.code === 'PasswordPolicyViolation' && !e.message.includes(pw), pw);
    }
    for (const pw of ['abcdefG1', 'abcdef1!', 'ABCDEF1!', "pass'word1"]) checkComplexity(pw, undefined, acct);
  });

  it("symbols are AWS's list only: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '", () => {
    const policy = { minimumPasswordLength: 6, requireSymbols: true, requireNumbers: false, requireUppercaseCharacters: false, requireLowercaseCharacters: false, allowUsersToChangePassword: false };
    for (const c of "!@#$%^&*()_+-=[]{}|'") checkComplexity(`abcdef${c}`, policy, {});
    for (const c of ['~', '.', ',', '"', '\\', '/', ' ', '\u00e9']) {
      assert.throws(() => checkComplexity(`abcdef${c}`, policy, {}), /at least one symbol/, JSON.stringify(c));
    }
  });
});
