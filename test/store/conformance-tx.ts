/** Conformance: transactions — atomicity, isolation, concurrency, change feed, persistence. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError } from '../../src/store/types.js';
import type { ReadTx } from '../../src/store/types.js';
import type { Harness } from './harness.js';

const A = '111111111111';

/** Resolves when `check` has been true, polling briefly (for cross-node notifications). */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function txSuite(h: Harness): void {
  describe('transactions', () => {
    it('a throw inside write() leaves nothing written and propagates as is', async () => {
      const s = await h.open();
      await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'keep', data: 1 }));
      const boom = new Error('boom');
      await assert.rejects(
        s.write(async (tx) => {
          await tx.put({ account: A, kind: 'k', key: 'new', id: 'ID1', data: 1 });
          await tx.put({ account: A, kind: 'k', key: 'keep', data: 2 });
          await tx.delete(A, 'k', 'keep');
          throw boom;
        }),
        (err) => err === boom,
      );
      await s.read(async (tx) => {
        assert.equal(await tx.get(A, 'k', 'new'), undefined);
        assert.equal(await tx.getById('k', 'ID1'), undefined);
        assert.deepEqual((await tx.get(A, 'k', 'keep'))?.data, 1);
        assert.equal(await tx.count(A, 'k'), 1);
      });
    });

    it('a ConflictError after earlier writes rolls them all back', async () => {
      const s = await h.open();
      await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: 1 }));
      await assert.rejects(
        s.write(async (tx) => {
          await tx.put({ account: A, kind: 'k', key: 'y', data: 1 });
          await tx.put({ account: A, kind: 'k', key: 'x', data: 2 }, 0);
        }),
        ConflictError,
      );
      assert.deepEqual(await s.read((tx) => tx.list(A, 'k', { limit: 10 })).then((l) => l.map((i) => i.key)), ['x']);
    });

    it('a write sees its own writes; others see them only after commit', async () => {
      const s = await h.open();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let inside!: () => void;
      const started = new Promise<void>((r) => (inside = r));
      const writing = s.write(async (tx) => {
        await tx.put({ account: A, kind: 'k', key: 'x', data: 'new' });
        assert.deepEqual((await tx.get(A, 'k', 'x'))?.data, 'new');
        assert.equal(await tx.count(A, 'k'), 1);
        assert.equal((await tx.list(A, 'k', { limit: 5 })).length, 1);
        inside();
        await gate;
        return 'result';
      });
      await started;
      assert.equal(await s.read((tx) => tx.get(A, 'k', 'x')), undefined, 'no dirty read');
      release();
      assert.equal(await writing, 'result');
      assert.deepEqual((await s.read((tx) => tx.get(A, 'k', 'x')))?.data, 'new');
    });

    it('read() sees one snapshot across its awaits', async () => {
      const s = await h.open();
      await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: 1 }));
      const seen = await s.read(async (tx) => {
        const before = (await tx.get<number>(A, 'k', 'x'))?.data;
        await s.write((w) => w.put({ account: A, kind: 'k', key: 'x', data: 2 }));
        const after = (await tx.get<number>(A, 'k', 'x'))?.data;
        return [before, after];
      });
      assert.deepEqual(seen, [1, 1]);
      assert.equal((await s.read((tx) => tx.get<number>(A, 'k', 'x')))?.data, 2);
    });

    it('a transaction object is dead once its transaction ends', async () => {
      const s = await h.open();
      let leaked!: ReadTx;
      await s.write((tx) => {
        leaked = tx;
        return Promise.resolve();
      });
      await assert.rejects(leaked.get(A, 'k', 'x'), /transaction already finished/);
    });

    it('N concurrent increments through write() end at N', async () => {
      const s = await h.open();
      const n = 40;
      await s.write((tx) => tx.put({ account: A, kind: 'counter', key: 'c', data: { n: 0 } }));
      await Promise.all(
        Array.from({ length: n }, () =>
          s.write(async (tx) => {
            const cur = await tx.get<{ n: number }>(A, 'counter', 'c');
            assert.ok(cur);
            await new Promise((r) => setImmediate(r)); // widen the race window
            await tx.put({ account: A, kind: 'counter', key: 'c', data: { n: cur.data.n + 1 } }, cur.version);
          }),
        ),
      );
      const final = await s.read((tx) => tx.get<{ n: number }>(A, 'counter', 'c'));
      assert.deepEqual([final?.data.n, final?.version], [n, n + 1]);
    });

    it('is serializable: two check-then-insert writers cannot both pass (no write skew)', async () => {
      const s = await h.open();
      // "at most one access key": each writer counts, then inserts its own key.
      const results = await Promise.allSettled(
        ['k1', 'k2', 'k3'].map((key) =>
          s.write(async (tx) => {
            const n = await tx.count(A, 'accesskey', 'alice/');
            await new Promise((r) => setImmediate(r));
            if (n >= 1) throw new Error('LimitExceeded');
            await tx.put({ account: A, kind: 'accesskey', key: `alice/${key}`, data: 1 });
          }),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.equal(await s.read((tx) => tx.count(A, 'accesskey', 'alice/')), 1);
    });

    it('notifies committed changes once per item, not rolled-back ones; unsubscribe stops it', async () => {
      const s = await h.open();
      const got: string[] = [];
      const off = s.onChange((c) => got.push(`${c.account}/${c.kind}/${c.key}`));
      await s.write(async (tx) => {
        await tx.put({ account: A, kind: 'k', key: 'x', data: 1 });
        await tx.put({ account: A, kind: 'k', key: 'x', data: 2 });
        await tx.put({ account: A, kind: 'k', key: 'ü', data: 1 });
      });
      assert.deepEqual(got.sort(), [`${A}/k/x`, `${A}/k/ü`], 'own changes delivered by the time write() resolves');
      await assert.rejects(s.write(async (tx) => {
        await tx.put({ account: A, kind: 'k', key: 'rolled-back', data: 1 });
        throw new Error('no');
      }));
      await s.write((tx) => tx.delete(A, 'k', 'x'));
      await new Promise((r) => setTimeout(r, 100)); // an echo or a late notification would show up here
      assert.deepEqual(got.sort(), [`${A}/k/x`, `${A}/k/x`, `${A}/k/ü`]);
      off();
      await s.write((tx) => tx.put({ account: A, kind: 'k', key: 'later', data: 1 }));
      assert.equal(got.length, 3);
    });

    it('persists across reopen; migrations are idempotent, also when opened concurrently', async () => {
      const first = await h.open();
      await first.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', id: 'I', data: { v: '🚀' } }));
      await first.close();
      const [a, b, c] = await Promise.all([h.open(), h.open(), h.open()]);
      assert.ok(a && b && c);
      assert.deepEqual((await c.read((tx) => tx.getById('k', 'I')))?.data, { v: '🚀' });
      await a.write((tx) => tx.put({ account: A, kind: 'k', key: 'x', data: 2 }, 1));
      assert.equal((await b.read((tx) => tx.get(A, 'k', 'x')))?.version, 2);
    });

    it('closed stores refuse work', async () => {
      const s = await h.open();
      await s.close();
      await assert.rejects(s.read((tx) => tx.get(A, 'k', 'x')));
      await assert.rejects(s.write((tx) => tx.delete(A, 'k', 'x')));
      await s.close(); // twice is harmless
    });

    if (h.backend.name === 'postgres') {
      it('delivers other nodes\' changes through LISTEN/NOTIFY', async () => {
        const one = await h.open();
        const two = await h.open();
        const got: string[] = [];
        two.onChange((c) => got.push(c.key));
        await one.write((tx) => tx.put({ account: A, kind: 'k', key: 'from-one', data: 1 }));
        await eventually(() => got.includes('from-one'));
      });
    }
  });
}
