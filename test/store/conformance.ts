/**
 * The store conformance suite: every backend must pass all of it, the same way. A test that
 * holds on one backend only belongs in that backend's own test file, not here.
 */
import { after, before, describe } from 'node:test';
import { itemsSuite } from './conformance-items.js';
import { listSuite } from './conformance-list.js';
import { txSuite } from './conformance-tx.js';
import { harness } from './harness.js';
import type { Backend } from './harness.js';

export function conformance(backend: Backend): void {
  describe(`store conformance: ${backend.name}`, () => {
    before(() => backend.setup());
    after(() => backend.teardown());
    const h = harness(backend);
    itemsSuite(h);
    listSuite(h);
    txSuite(h);
  });
}
