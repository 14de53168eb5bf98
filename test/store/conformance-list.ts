/** Conformance: key-range listing — byte-wise order, prefix, after, limit, count. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../src/store/types.js';
import type { Harness } from './harness.js';

const A = '111111111111';

async function putKeys(s: Store, keys: readonly string[], account = A, kind = 'k'): Promise<void> {
  await s.write(async (tx) => {
    for (const key of keys) await tx.put({ account, kind, key, data: { key } });
  });
}

async function keys(s: Store, options: { prefix?: string; after?: string; limit: number }, kind = 'k'): Promise<string[]> {
  return (await s.read((tx) => tx.list(A, kind, options))).map((i) => i.key);
}

export function listSuite(h: Harness): void {
  describe('list and count', () => {
    it('orders keys byte-wise (UTF-8 / code point order, not UTF-16 or locale order)', async () => {
      const s = await h.open();
      // In code point order U+FF5A (ｚ) < U+1D11E (𝄞); UTF-16 code units would put 𝄞 (0xD834…) first.
      const sorted = ['', ' ', 'A', 'B', 'Z', '_', 'a', 'a/b', 'a0', 'b', '~', 'é', 'ｚ', '\uFFFD', '𝄞', '\u{10FFFF}'];
      await putKeys(s, [...sorted].reverse());
      assert.deepEqual(await keys(s, { limit: 100 }), sorted);
    });

    it('pages with after and limit through every key exactly once', async () => {
      const s = await h.open();
      const all = Array.from({ length: 53 }, (_, i) => `role-${String(i).padStart(3, '0')}`);
      await putKeys(s, all);
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await keys(s, after === undefined ? { limit: 10 } : { after, limit: 10 });
        seen.push(...page);
        if (page.length < 10) break;
        after = page[page.length - 1];
      }
      assert.deepEqual(seen, all);
      assert.deepEqual(await keys(s, { after: 'role-051', limit: 10 }), ['role-052']);
      assert.deepEqual(await keys(s, { after: 'role-0505', limit: 2 }), ['role-051', 'role-052'], 'marker need not exist');
      assert.deepEqual(await keys(s, { after: 'zzz', limit: 10 }), []);
    });

    it('filters by prefix, alone and with a marker', async () => {
      const s = await h.open();
      await putKeys(s, ['a', 'ab', 'ab/1', 'ab/2', 'ab/3', 'ab\u{10FFFF}', 'ab\u{10FFFF}z', 'ac', 'b', '%x', '_x', 'x%', 'x_']);
      assert.deepEqual(await keys(s, { prefix: 'ab', limit: 100 }), ['ab', 'ab/1', 'ab/2', 'ab/3', 'ab\u{10FFFF}', 'ab\u{10FFFF}z']);
      assert.deepEqual(await keys(s, { prefix: 'ab/', limit: 2 }), ['ab/1', 'ab/2']);
      assert.deepEqual(await keys(s, { prefix: 'ab/', after: 'ab/1', limit: 100 }), ['ab/2', 'ab/3']);
      assert.deepEqual(await keys(s, { prefix: 'ab/', after: 'a', limit: 100 }), ['ab/1', 'ab/2', 'ab/3'], 'marker before the prefix');
      assert.deepEqual(await keys(s, { prefix: 'ab/', after: 'ab/3', limit: 100 }), []);
      assert.deepEqual(await keys(s, { prefix: 'ab/', after: 'b', limit: 100 }), [], 'marker past the prefix');
      assert.deepEqual(await keys(s, { prefix: 'ab\u{10FFFF}', limit: 100 }), ['ab\u{10FFFF}', 'ab\u{10FFFF}z']);
      // LIKE wildcards are plain characters in a prefix.
      assert.deepEqual(await keys(s, { prefix: '%', limit: 100 }), ['%x']);
      assert.deepEqual(await keys(s, { prefix: '_', limit: 100 }), ['_x']);
      assert.deepEqual(await keys(s, { prefix: 'x', limit: 100 }), ['x%', 'x_']);
      assert.deepEqual(await keys(s, { prefix: 'nope', limit: 100 }), []);
      assert.deepEqual(await keys(s, { prefix: '', limit: 3 }), ['%x', '_x', 'a']);
    });

    it('lists one account and kind only', async () => {
      const s = await h.open();
      await putKeys(s, ['a', 'b']);
      await putKeys(s, ['c'], '222222222222');
      await putKeys(s, ['d'], A, 'k2');
      assert.deepEqual(await keys(s, { limit: 10 }), ['a', 'b']);
      assert.deepEqual(await keys(s, { limit: 10 }, 'k2'), ['d']);
      const items = await s.read((tx) => tx.list<{ key: string }>(A, 'k', { limit: 1 }));
      assert.deepEqual(items, [{ account: A, kind: 'k', key: 'a', version: 1, data: { key: 'a' } }]);
    });

    it('counts items, with and without a prefix', async () => {
      const s = await h.open();
      await putKeys(s, ['u/1', 'u/2', 'u/3', 'v/1', 'é/1', '𝄞']);
      await putKeys(s, ['u/9'], '222222222222');
      await s.read(async (tx) => {
        assert.equal(await tx.count(A, 'k'), 6);
        assert.equal(await tx.count(A, 'k', 'u/'), 3);
        assert.equal(await tx.count(A, 'k', 'é'), 1);
        assert.equal(await tx.count(A, 'k', '𝄞'), 1);
        assert.equal(await tx.count(A, 'k', 'w'), 0);
        assert.equal(await tx.count(A, 'none'), 0);
      });
    });

    it('answers a page of 10,000 (the largest limit)', async () => {
      const s = await h.open();
      const all = Array.from({ length: 10_001 }, (_, i) => `k${String(i).padStart(5, '0')}`);
      for (let i = 0; i < all.length; i += 2500) await putKeys(s, all.slice(i, i + 2500));
      const page = await keys(s, { limit: 10_000 });
      assert.equal(page.length, 10_000);
      assert.equal(page[9999], 'k09999');
    });
  });
}
