/**
 * The password hash gate is shared fairly (src/iam/passwords/gate.ts), and ChangePassword backs
 * off after repeated wrong old passwords (src/iam/passwords/lockout.ts), against a started server
 * with the AWS SDK v3. IAM's throttling answer, `Throttling` / HTTP 400 / "Rate exceeded", as IAM
 * returns it (a pasted IAM response: github.com/legion-platform/legion/issues/807).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChangePasswordCommand, CreateLoginProfileCommand, CreateUserCommand, UpdateLoginProfileCommand } from '@aws-sdk/client-iam';
import { HASHING, HASH_GATE, PER_PRINCIPAL, WAITING } from '../../src/iam/passwords/gate.js';
import { FIRST_DELAY, MAX_FAILURES } from '../../src/iam/passwords/lockout.js';
import { allow, putUser } from '../support/fixtures.js';
import { rejectsWith } from '../support/assert.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';

const GOOD = 'Correct-Horse-9';
const OTHER_ACCOUNT = '222222222222';

interface SdkError {
  readonly name: string;
  readonly message: string;
  readonly $metadata: { readonly httpStatusCode?: number };
}

/** Waits (without a deadline of its own: the test runner's timeout bounds it) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

describe('password hashing shared fairly between callers (SDK v3)', () => {
  let t: TestServer;
  let clock = Date.parse('2026-12-07T10:00:00Z');
  let other: Credentials;
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
    other = await putUser(t, 'admin-b', { account: OTHER_ACCOUNT, inline: { p: allow('iam:*') } });
  });
  after(async () => {
    await t.close();
  });

  it("one account's flood is throttled (Throttling 400 \"Rate exceeded\") while another account's password call is served", async () => {
    await t.iam().send(new CreateUserCommand({ UserName: 'flood-a' }));
    await t.iam().send(new CreateLoginProfileCommand({ UserName: 'flood-a', Password: GOOD }));
    const sameAccount = await putUser(t, 'quiet-a', { inline: { p: allow('iam:*') } });
    await t.iam(sameAccount).send(new CreateUserCommand({ UserName: 'quiet-target' }));
    await t.iam(other).send(new CreateUserCommand({ UserName: 'b-user' }));

    // Both hashing slots are taken by account A's work in progress, so nothing drains meanwhile.
    const gate = t.server.services.get(HASH_GATE);
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const holders = Array.from({ length: HASHING }, () => gate.run({ account: t.account, principal: 'AIDAHOLDER' }, () => blocked));

    // Account A's admin floods: more password calls than the whole server may queue.
    const n = WAITING + 16;
    let settled = 0;
    const flood = Array.from({ length: n }, (_, i) =>
      t.iam().send(new UpdateLoginProfileCommand({ UserName: 'flood-a', Password: `Flood-Password-${i}` })).finally(() => settled++),
    );
    const outcomes = Promise.allSettled(flood);
    await until(() => settled + gate.load.waiting === n);

    // Another account, and another principal of the flooding account, still get their turn.
    const before = gate.load.waiting;
    let answered = 0;
    const theirs = t.iam(other).send(new CreateLoginProfileCommand({ UserName: 'b-user', Password: GOOD })).finally(() => answered++);
    const neighbour = t.iam(sameAccount).send(new CreateLoginProfileCommand({ UserName: 'quiet-target', Password: GOOD })).finally(() => answered++);
    // Each is queued, or (a gate without fairness) already refused.
    const quiet = Promise.allSettled([theirs, neighbour]);
    await until(() => gate.load.waiting + answered === before + 2);
    release();
    await Promise.all(holders);

    const [b, a2] = await quiet;
    assert.equal(b?.status === 'fulfilled' ? b.value.LoginProfile?.UserName : (b?.reason as SdkError).name, 'b-user');
    assert.equal(a2?.status === 'fulfilled' ? a2.value.LoginProfile?.UserName : (a2?.reason as SdkError).name, 'quiet-target');
    const results = await outcomes;
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as SdkError] : []));
    const served = results.length - refused.length;
    assert.ok(served >= 1 && served <= PER_PRINCIPAL, `${served} of the flood were served`);
    for (const e of refused) {
      // Served ones may still lose the race on the profile's version (EntityTemporarilyUnmodifiable);
      // refused ones never reached a hash.
      if (e.name === 'EntityTemporarilyUnmodifiableException') continue;
      assert.deepEqual([e.name, e.$metadata.httpStatusCode, e.message], ['Throttling', 400, 'Rate exceeded']);
    }
    assert.ok(refused.filter((e) => e.name === 'Throttling').length >= n - PER_PRINCIPAL);
    assert.deepEqual(gate.load, { running: 0, waiting: 0, accounts: 0 });
  });

  it('a server whose queues are all small and full answers 503 ServiceUnavailable', async () => {
    await t.iam().send(new CreateUserCommand({ UserName: 'saturated' }));
    const gate = t.server.services.get(HASH_GATE);
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    // One waiter from each of WAITING accounts: nobody floods, the server is simply full.
    const holders = Array.from({ length: HASHING + WAITING }, (_, i) => gate.run({ account: String(300_000_000_000 + i), principal: 'AIDAX' }, () => blocked));
    assert.deepEqual(gate.load, { running: HASHING, waiting: WAITING, accounts: WAITING });
    await rejectsWith(t.iam().send(new CreateLoginProfileCommand({ UserName: 'saturated', Password: GOOD })), 'ServiceUnavailable', 'Too many password operations in progress; retry the request.');
    release();
    await Promise.all(holders);
    await t.iam().send(new CreateLoginProfileCommand({ UserName: 'saturated', Password: GOOD }));
  });

  describe('ChangePassword after wrong old passwords', () => {
    const wrong = (c: Credentials, n: number): Promise<unknown> => t.iam(c).send(new ChangePasswordCommand({ OldPassword: `Wrong-Guess-${n}`, NewPassword: 'Next-Password-1' }));
    const right = (c: Credentials, old: string, next: string): Promise<unknown> => t.iam(c).send(new ChangePasswordCommand({ OldPassword: old, NewPassword: next }));
    const LOCKED = 'Attempt limit exceeded, please try after some time.';
    let locky: Credentials;
    let calm: Credentials;
    before(async () => {
      locky = await putUser(t, 'locky', { inline: { p: allow('iam:ChangePassword') } });
      calm = await putUser(t, 'calm', { inline: { p: allow('iam:ChangePassword') } });
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'locky', Password: GOOD }));
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'calm', Password: GOOD }));
    });

    it(`the ${MAX_FAILURES}th wrong old password in a row locks the user's ChangePassword (LimitExceeded 409), even with the right one`, async () => {
      for (let i = 1; i <= MAX_FAILURES; i++) await rejectsWith(wrong(locky, i), 'AccessDenied', 'The old password provided is incorrect.');
      await rejectsWith(right(locky, GOOD, 'Next-Password-1'), 'LimitExceededException', LOCKED);
      await assert.rejects(wrong(locky, 99), (e: SdkError) => e.name === 'LimitExceededException' && e.$metadata.httpStatusCode === 409);
      // Another user of the account is not affected.
      await right(calm, GOOD, 'Calm-Password-2');
      // The lock lifts after its delay; the right password then works and clears the count.
      clock += FIRST_DELAY;
      await right(locky, GOOD, 'Next-Password-1');
      await rejectsWith(wrong(locky, 1), 'AccessDenied', 'The old password provided is incorrect.');
      await right(locky, 'Next-Password-1', 'Next-Password-2');
    });

    it('each wrong one past the limit doubles the delay', async () => {
      for (let i = 1; i <= MAX_FAILURES; i++) await rejectsWith(wrong(locky, i), 'AccessDenied', 'The old password provided is incorrect.');
      clock += FIRST_DELAY;
      await rejectsWith(wrong(locky, 6), 'AccessDenied', 'The old password provided is incorrect.');
      clock += FIRST_DELAY;
      await rejectsWith(right(locky, 'Next-Password-2', 'Next-Password-3'), 'LimitExceededException', LOCKED);
      clock += FIRST_DELAY;
      await right(locky, 'Next-Password-2', 'Next-Password-3');
    });
  });
});
