/** core/settle.ts: a body written once runs without a promise while values are settled. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onRejected, run, then, wait, waitBoth } from '../../src/core/settle.js';

describe('settle', () => {
  it('runs synchronously while every value is settled', () => {
    const out = run(
      (function* () {
        const a = yield* wait(1);
        const [b, c] = yield* waitBoth(2, 'x');
        return `${a + b}${c}`;
      })(),
    );
    assert.equal(out, '3x');
  });

  it('switches to a promise at the first pending value, and stays correct after', async () => {
    const steps: string[] = [];
    const out = run(
      (function* () {
        steps.push('start');
        const a = yield* wait(Promise.resolve(1));
        steps.push('resumed');
        const b = yield* wait(2);
        const [c, d] = yield* waitBoth(Promise.resolve(3), 4);
        return a + b + c + d;
      })(),
    );
    assert.ok(out instanceof Promise);
    assert.deepEqual(steps, ['start']);
    assert.equal(await out, 10);
    assert.deepEqual(steps, ['start', 'resumed']);
  });

  it('a rejection is thrown where the body waited, and the body may catch it', async () => {
    const caught = run(
      (function* () {
        try {
          yield* wait(Promise.reject(new Error('read failed')));
          return 'not reached';
        } catch (e) {
          return `caught ${(e as Error).message}`;
        }
      })(),
    );
    assert.equal(await caught, 'caught read failed');
    const uncaught = run(
      (function* () {
        yield* wait(Promise.reject(new Error('boom')));
        return 1;
      })(),
    );
    await assert.rejects(async () => uncaught, /boom/);
  });

  it('a throw before any pending value is thrown at once; finally blocks run', () => {
    let finished = false;
    assert.throws(
      () =>
        run(
          (function* () {
            try {
              yield* wait(1);
              throw new Error('sync');
            } finally {
              finished = true;
            }
          })(),
        ),
      /sync/,
    );
    assert.equal(finished, true);
  });

  it('then applies at once to a value, after settling to a promise; onRejected sees only rejections', async () => {
    assert.equal(then(2, (v) => v * 2), 4);
    assert.equal(await then(Promise.resolve(2), (v) => v * 2), 4);
    const seen: unknown[] = [];
    onRejected(5, (e) => seen.push(e));
    onRejected(Promise.resolve(5), (e) => seen.push(e));
    onRejected(Promise.reject(new Error('x')), (e) => seen.push((e as Error).message));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ['x']);
  });
});
