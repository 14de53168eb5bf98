/** Pooled randomness: request and event ids are version-4 UUIDs, never repeated across pool refills. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pooledRandom, randomUuid } from '../../src/credentials/random.js';

describe('randomUuid', () => {
  it('makes RFC 9562 version-4 UUIDs, all distinct across several pool refills', () => {
    const seen = new Set<string>();
    const digits = new Set<string>();
    for (let i = 0; i < 12_000; i++) {
      // Interleaved with other takers of the pool, as on the request path.
      if (i % 7 === 0) pooledRandom(40);
      const u = randomUuid();
      assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(u);
      digits.add(u[0]!);
    }
    assert.equal(seen.size, 12_000);
    assert.equal(digits.size, 16, 'every hex digit shows up in the first position');
  });
});
