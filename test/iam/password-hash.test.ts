/**
 * Console password hashes (src/iam/passwords/hash.ts): scrypt with its parameters stored beside
 * the hash, constant-time checks, off the event loop, and the per-server bound on concurrent
 * hashing that keeps a flood of password calls from exhausting memory, shared fairly between callers
 * (src/iam/passwords/gate.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { AwsError } from '../../src/core/errors.js';
import type { Services } from '../../src/core/services.js';
import { HASHING, HASH_GATE, HashGate, type HashCaller, PER_ACCOUNT, PER_PRINCIPAL, WAITING } from '../../src/iam/passwords/gate.js';
import { CURRENT, hashPassword, needsRehash, passwordMatches } from '../../src/iam/passwords/hash.js';
import { checkComplexity } from '../../src/iam/passwords/policy.js';

/** Just what hash.ts uses of Services: randomness and its slot. */
function services(): Services {
  const gate = new HashGate();
  return { random: (n: number) => randomBytes(n), get: () => gate } as unknown as Services;
}

const ME: HashCaller = { account: '111111111111', principal: 'AIDAME' };

describe('password hashes', () => {
  it('are scrypt N=2^15 r=8 p=1 with a 16-byte salt and a 32-byte key, parameters stored with the hash', async () => {
    const s = services();
    const h = await hashPassword(s, ME, 'Correct-Horse-9');
    const [alg, logN, r, p, salt, key] = h.split('$');
    assert.deepEqual([alg, Number(logN), Number(r), Number(p)], ['scrypt', 15, 8, 1]);
    assert.equal(Buffer.from(salt!, 'base64url').length, 16);
    assert.equal(Buffer.from(key!, 'base64url').length, 32);
    assert.ok(!h.includes('Correct-Horse-9'));
    assert.notEqual(await hashPassword(s, ME, 'Correct-Horse-9'), h, 'a fresh salt each time');
    assert.equal(await passwordMatches(s, ME, 'Correct-Horse-9', h), true);
    assert.equal(await passwordMatches(s, ME, 'correct-horse-9', h), false);
    assert.equal(needsRehash(h), false);
    assert.deepEqual(CURRENT, { logN: 15, r: 8, p: 1 });
  });

  it('older (weaker) parameters still verify and are flagged for a rehash; corrupt or oversized ones never match', async () => {
    const s = services();
    const weak = await hashPassword(s, ME, 'pw-1', { logN: 12, r: 8, p: 1 });
    assert.equal(await passwordMatches(s, ME, 'pw-1', weak), true);
    assert.equal(needsRehash(weak), true);
    const [, , , , salt, key] = weak.split('$');
    for (const bad of ['', 'plain', `scrypt$40$8$1$${salt}$${key}`, `scrypt$19$32$16$${salt}$${key}`, `scrypt$18$16$1$${salt}$${key}`, `scrypt$15$8$1$${salt}$`, `bcrypt$12$8$1$${salt}$${key}`, `scrypt$x$8$1$${salt}$${key}`]) {
      assert.equal(await passwordMatches(s, ME, 'pw-1', bad), false, bad);
    }
  });

  it('hashing runs off the event loop: timers keep firing while a hash is computed', async () => {
    const s = services();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await hashPassword(s, ME, 'pw-1');
    clearInterval(timer);
    assert.ok(ticks >= 2, `the event loop was blocked (${ticks} ticks)`);
  });
});

/** A job that runs until released, recording the order in which jobs started. */
function harness(gate: HashGate) {
  const started: string[] = [];
  const releases: (() => void)[] = [];
  const job = (caller: HashCaller, label = caller.principal): Promise<string> =>
    gate.run(caller, async () => {
      started.push(label);
      await new Promise<void>((r) => releases.push(r));
      return label;
    });
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
  /** Releases the running jobs one at a time until none is left. */
  const drain = async (): Promise<void> => {
    await tick();
    while (releases.length > 0) {
      releases.shift()?.();
      await tick();
      await tick();
    }
  };
  return { started, job, drain, tick };
}
const A = (principal = 'AIDAA'): HashCaller => ({ account: '111111111111', principal });
const B = (principal = 'AIDAB'): HashCaller => ({ account: '222222222222', principal });

describe('the hash gate', () => {
  it(`runs at most ${HASHING} at once; a principal waits at most ${PER_PRINCIPAL}, an account ${PER_ACCOUNT}; beyond: Throttling 400 "Rate exceeded"`, async () => {
    const gate = new HashGate(2, 100, 5, 3);
    const h = harness(gate);
    const mine = Array.from({ length: 5 }, () => h.job(A()));
    await h.tick();
    assert.deepEqual(gate.load, { running: 2, waiting: 3, accounts: 1 });
    await assert.rejects(h.job(A()), (e: AwsError) => e.code === 'Throttling' && e.status === 400 && e.message === 'Rate exceeded');
    // Another principal of the same account still queues, up to the account's bound.
    const other = [h.job(A('AIDAA2')), h.job(A('AIDAA2'))];
    await assert.rejects(h.job(A('AIDAA3')), (e: AwsError) => e.code === 'Throttling');
    // Another account is not throttled by A's flood.
    const theirs = h.job(B());
    await h.tick();
    assert.deepEqual(gate.load, { running: 2, waiting: 6, accounts: 2 });
    await h.drain();
    assert.equal(await theirs, 'AIDAB');
    await Promise.all([...mine, ...other]);
    assert.deepEqual(gate.load, { running: 0, waiting: 0, accounts: 0 }, 'no map entry outlives its waiters');
  });

  it('serves accounts round-robin, then the principals of an account round-robin', async () => {
    const gate = new HashGate(1, 100, 100, 100);
    const h = harness(gate);
    const all = [h.job(A(), 'hold'), ...Array.from({ length: 4 }, (_, i) => h.job(A(), `a${i}`)), h.job(A('AIDAA2'), 'a2-0'), h.job(B(), 'b0'), h.job(B(), 'b1')];
    await h.drain();
    await Promise.all(all);
    assert.deepEqual(h.started, ['hold', 'a0', 'b0', 'a2-0', 'b1', 'a1', 'a2', 'a3']);
  });

  it('when every queue together is full, the largest account gives up its newest waiter to a smaller one; 503 only when all are as small', async () => {
    const gate = new HashGate(1, 4, 4, 4);
    const h = harness(gate);
    const hold = h.job(A(), 'hold');
    const flood = Array.from({ length: 4 }, (_, i) => h.job(A(), `a${i}`));
    const outcomes = flood.map((p) => p.then(() => 'ran', (e: AwsError) => e.code));
    const theirs = h.job(B(), 'b0');
    await h.tick();
    assert.deepEqual(gate.load, { running: 1, waiting: 4, accounts: 2 });
    assert.equal(await outcomes[3], 'Throttling', "the flood's newest waiter was shed");
    // Now A waits 3, B 1: a third account joins by shedding A again; then sizes are 2, 1, 1.
    const c = { account: '333333333333', principal: 'AIDAC' };
    const theirs2 = h.job(c, 'c0');
    await h.tick();
    assert.equal(await outcomes[2], 'Throttling');
    // A fourth account sheds A once more (A 2 > 0 + 1); then every account waits 1, and a fifth
    // account finds the server saturated.
    const d = { account: '444444444444', principal: 'AIDAD' };
    const theirs3 = h.job(d, 'd0');
    await h.tick();
    assert.equal(await outcomes[1], 'Throttling');
    assert.deepEqual(gate.load, { running: 1, waiting: 4, accounts: 4 });
    await assert.rejects(h.job({ account: '555555555555', principal: 'AIDAE' }), (e: AwsError) => e.code === 'ServiceUnavailable' && e.status === 503);
    await h.drain();
    assert.equal(await theirs, 'b0');
    assert.equal(await theirs2, 'c0');
    assert.equal(await theirs3, 'd0');
    await hold;
    assert.deepEqual(await Promise.all(outcomes), ['ran', 'Throttling', 'Throttling', 'Throttling']);
    assert.deepEqual(gate.load, { running: 0, waiting: 0, accounts: 0 });
  });

  it('a failing computation frees its slot', async () => {
    const gate = new HashGate(1, 1);
    await assert.rejects(gate.run(A(), () => Promise.reject(new Error('boom'))));
    assert.equal(await gate.run(A(), () => Promise.resolve(7)), 7);
    assert.deepEqual(gate.load, { running: 0, waiting: 0, accounts: 0 });
  });

  it('is one per server (a Services slot), with the documented bounds', () => {
    assert.equal(HASH_GATE.name, 'iam/password-hash-gate');
    assert.deepEqual([HASHING, WAITING, PER_ACCOUNT, PER_PRINCIPAL], [2, 256, 32, 8]);
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
