/** Conformance: single items — get/put/delete/getById, versions and every ConflictError path. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError } from '../../src/store/types.js';
import type { Harness } from './harness.js';

const A = '111111111111';
const B = '222222222222';

export async function rejectsConflict(p: Promise<unknown>, reason: ConflictError['reason']): Promise<void> {
  await assert.rejects(p, (err: unknown) => err instanceof ConflictError && err.reason === reason);
}

export function itemsSuite(h: Harness): void {
  describe('items', () => {
    it('puts, gets and replaces with growing versions', async () => {
      const s = await h.open();
      assert.equal(await s.read((tx) => tx.get(A, 'role', 'admin')), undefined);
      const first = await s.write((tx) => tx.put({ account: A, kind: 'role', key: 'admin', data: { n: 1 } }));
      assert.deepEqual(first, { account: A, kind: 'role', key: 'admin', version: 1, data: { n: 1 } });
      assert.equal('id' in first, false);
      const second = await s.write((tx) => tx.put({ account: A, kind: 'role', key: 'admin', id: 'AROA1', data: [1, 'x', null, true] }));
      assert.equal(second.version, 2);
      assert.deepEqual(await s.read((tx) => tx.get(A, 'role', 'admin')), second);
      assert.equal(await s.read((tx) => tx.get(B, 'role', 'admin')), undefined, 'accounts are separate');
      assert.equal(await s.read((tx) => tx.get(A, 'user', 'admin')), undefined, 'kinds are separate');
    });

    it('returns data in its stored (JSON) form', async () => {
      const s = await h.open();
      const when = new Date(0);
      const put = await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: { when, gone: undefined, n: 1.5 } }));
      assert.deepEqual(put.data, { when: when.toJSON(), n: 1.5 });
      assert.deepEqual((await s.read((tx) => tx.get(A, 'k', 'x')))?.data, put.data);
    });

    it('finds items by secondary id across accounts, and follows id changes', async () => {
      const s = await h.open();
      await s.write(async (tx) => {
        await tx.put({ account: A, kind: 'role', key: 'r1', id: 'AROAONE', data: 1 });
        await tx.put({ account: B, kind: 'role', key: 'r2', id: 'AROATWO', data: 2 });
      });
      assert.equal((await s.read((tx) => tx.getById('role', 'AROATWO')))?.account, B);
      assert.equal(await s.read((tx) => tx.getById('user', 'AROATWO')), undefined, 'ids are per kind');
      await s.write((tx) => tx.put({ account: A, kind: 'role', key: 'r1', id: 'AROANEW', data: 1 }));
      assert.equal(await s.read((tx) => tx.getById('role', 'AROAONE')), undefined);
      assert.equal((await s.read((tx) => tx.getById('role', 'AROANEW')))?.key, 'r1');
      await s.write((tx) => tx.put({ account: A, kind: 'role', key: 'r1', data: 1 }));
      assert.equal(await s.read((tx) => tx.getById('role', 'AROANEW')), undefined, 'id removed');
      await s.write((tx) => tx.delete(B, 'role', 'r2'));
      assert.equal(await s.read((tx) => tx.getById('role', 'AROATWO')), undefined, 'id gone with its item');
    });

    it('refuses a secondary id another item holds', async () => {
      const s = await h.open();
      await s.write((tx) => tx.put({ account: A, kind: 'key', key: 'k1', id: 'AKIADUP', data: 1 }));
      await rejectsConflict(s.write((tx) => tx.put({ account: B, kind: 'key', key: 'k2', id: 'AKIADUP', data: 2 })), 'exists');
      await rejectsConflict(s.write((tx) => tx.put({ account: A, kind: 'key', key: 'k3', id: 'AKIADUP', data: 2 })), 'exists');
      // the holder itself may be rewritten with its id; another kind may use the same id
      await s.write((tx) => tx.put({ account: A, kind: 'key', key: 'k1', id: 'AKIADUP', data: 3 }));
      await s.write((tx) => tx.put({ account: A, kind: 'other', key: 'k1', id: 'AKIADUP', data: 3 }));
      assert.equal(await s.read((tx) => tx.get(B, 'key', 'k2')), undefined);
    });

    it('deletes, reporting whether the item existed; a re-created item starts at version 1', async () => {
      const s = await h.open();
      await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: 1 }));
      await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: 2 }));
      assert.equal(await s.write((tx) => tx.delete(A, 'k', 'x')), true);
      assert.equal(await s.write((tx) => tx.delete(A, 'k', 'x')), false);
      assert.equal(await s.read((tx) => tx.get(A, 'k', 'x')), undefined);
      assert.equal((await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: 3 }))).version, 1);
    });

    it('put with expectedVersion: every path', async () => {
      const s = await h.open();
      const item = { account: A, kind: 'k', key: 'x', data: 'v' };
      await rejectsConflict(s.write((tx) => tx.put(item, 1)), 'missing');
      assert.equal((await s.write((tx) => tx.put(item, 0))).version, 1);
      await rejectsConflict(s.write((tx) => tx.put(item, 0)), 'exists');
      await rejectsConflict(s.write((tx) => tx.put(item, 2)), 'version');
      assert.equal((await s.write((tx) => tx.put(item, 1))).version, 2);
      assert.equal((await s.write((tx) => tx.put(item))).version, 3, 'absent: unconditional');
      await rejectsConflict(s.write((tx) => tx.put({ ...item, data: 'lost' }, 2)), 'version');
      assert.deepEqual(await s.read((tx) => tx.get(A, 'k', 'x')), { ...item, version: 3 });
    });

    it('delete with expectedVersion: every path', async () => {
      const s = await h.open();
      assert.equal(await s.write((tx) => tx.delete(A, 'k', 'x', 0)), false, '0 on a missing item: nothing to delete');
      await rejectsConflict(s.write((tx) => tx.delete(A, 'k', 'x', 1)), 'missing');
      await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: 1 }));
      await rejectsConflict(s.write((tx) => tx.delete(A, 'k', 'x', 0)), 'exists');
      await rejectsConflict(s.write((tx) => tx.delete(A, 'k', 'x', 2)), 'version');
      assert.equal((await s.read((tx) => tx.get(A, 'k', 'x')))?.version, 1, 'conflicts delete nothing');
      assert.equal(await s.write((tx) => tx.delete(A, 'k', 'x', 1)), true);
    });

    it('keeps unicode keys and data intact', async () => {
      const s = await h.open();
      const key = 'rôle/日本語/𝄞/emoji-🚀';
      const data = { name: 'Zoë 🚀', text: 'line\nbreak\ttab "quoted" \\ back', deep: { list: ['€', '\u{10FFFF}'] } };
      await s.write((tx) => tx.put({ account: A, kind: 'ключ', key, id: 'ид-🚀', data }));
      assert.deepEqual((await s.read((tx) => tx.get(A, 'ключ', key)))?.data, data);
      assert.equal((await s.read((tx) => tx.getById('ключ', 'ид-🚀')))?.key, key);
    });

    it('refuses misuse with TypeError on every backend alike', async () => {
      const s = await h.open();
      const bad: [string, () => Promise<unknown>][] = [
        ['NUL in key', () => s.write((tx) => tx.put({ account: A, kind: 'k', key: 'a\u0000b', data: 1 }))],
        ['lone surrogate', () => s.read((tx) => tx.get(A, 'k', 'a\ud800'))],
        ['NUL in data', () => s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: { s: '\u0000' } }))],
        ['lone surrogate in data', () => s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: ['\udc00'] }))],
        ['undefined data', () => s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: undefined }))],
        ['long key', () => s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x'.repeat(1025), data: 1 }))],
        ['negative version', () => s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: 1 }, -1))],
        ['fractional version', () => s.write((tx) => tx.delete(A, 'k', 'x', 1.5))],
        ['limit 0', () => s.read((tx) => tx.list(A, 'k', { limit: 0 }))],
        ['limit 10001', () => s.read((tx) => tx.list(A, 'k', { limit: 10_001 }))],
      ];
      for (const [name, call] of bad) await assert.rejects(call(), TypeError, name);
      // An escaped backslash before "u0000" is ordinary text, not a NUL.
      await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: '\\u0000' }));
      assert.equal((await s.read((tx) => tx.get(A, 'k', 'x')))?.data, '\\u0000');
    });
  });
}
