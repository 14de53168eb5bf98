/**
 * ChangePassword's back-off state (src/iam/passwords/lockout.ts): delays, forgetting, and a bound
 * on how many users it tracks, whatever a flood of failures does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AwsError } from '../../src/core/errors.js';
import { FIRST_DELAY, FORGET, MAX_DELAY, MAX_ENTRIES, MAX_FAILURES, PasswordLockout } from '../../src/iam/passwords/lockout.js';

const isLocked = (l: PasswordLockout, key: string, now: number): boolean => {
  try {
    l.check(key, now);
    return false;
  } catch (e) {
    assert.equal((e as AwsError).code, 'LimitExceeded');
    return true;
  }
};

describe('the ChangePassword lockout', () => {
  it('locks at the limit, doubles each further failure up to the cap, and forgets after an hour', () => {
    const l = new PasswordLockout();
    let now = 0;
    for (let i = 1; i < MAX_FAILURES; i++) l.failed('u', now);
    assert.equal(isLocked(l, 'u', now), false);
    l.failed('u', now);
    assert.equal(isLocked(l, 'u', now + FIRST_DELAY - 1), true);
    assert.equal(isLocked(l, 'u', now + FIRST_DELAY), false);
    for (let k = 1; k <= 6; k++) {
      now += MAX_DELAY;
      l.failed('u', now);
      const delay = Math.min(MAX_DELAY, FIRST_DELAY * 2 ** k);
      assert.equal(isLocked(l, 'u', now + delay - 1), true, `failure ${MAX_FAILURES + k}`);
      assert.equal(isLocked(l, 'u', now + delay), false);
    }
    assert.equal(isLocked(l, 'u', now + FORGET), false);
    assert.equal(l.size, 0, 'a stale count is forgotten');
    l.failed('u', now + FORGET);
    assert.equal(isLocked(l, 'u', now + FORGET), false, 'counting starts again');
  });

  it('keeps at most MAX_ENTRIES users, forgetting the least recently failed', () => {
    const l = new PasswordLockout();
    for (let i = 0; i < MAX_FAILURES; i++) l.failed('first', 0);
    for (let i = 0; i < MAX_ENTRIES + 50; i++) l.failed(`u${i}`, 1);
    assert.equal(l.size, MAX_ENTRIES);
    assert.equal(isLocked(l, 'first', 1), false);
    l.succeeded(`u${MAX_ENTRIES + 49}`);
    assert.equal(l.size, MAX_ENTRIES - 1);
  });
});
