/**
 * The fuzz run at scale: the generators of test/integration/fuzz-malformed.test.ts against a
 * started server, FUZZ_RUNS requests (default 5,000) from FUZZ_SEED (default 11). Prints how many
 * were tried, the statuses seen, and any 5xx (with the request's kind); exits 1 on a 5xx or a hang.
 * `node dist/bench/fuzz.js`
 */
import fc from 'fast-check';
import { requests, sendRaw } from '../test/support/fuzz.js';
import { startTestServer } from '../test/support/server.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? '5000');
const SEED = Number(process.env.FUZZ_SEED ?? '11');

const t = await startTestServer();
const { host, port } = new URL(t.url);
const statuses = new Map<number, number>();
const kinds = new Map<string, number>();
const failures: string[] = [];
const started = performance.now();
try {
  await fc.assert(
    fc.asyncProperty(requests(host, t.admin), async (r) => {
      const status = await sendRaw(Number(port), host, r);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
      if (status >= 500) failures.push(`${status} ${r.kind} ${r.method} ${r.target.slice(0, 200)} ${JSON.stringify(r.headers).slice(0, 600)} ${r.body.subarray(0, 200).toString()}`);
      return true;
    }),
    { seed: SEED, numRuns: RUNS },
  );
} finally {
  await t.close();
}
const tried = [...statuses.values()].reduce((a, b) => a + b, 0);
console.log(`fuzz: ${tried} malformed requests (seed ${SEED}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`  statuses: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s === 0 ? 'closed' : s}×${n}`).join(', ')}`);
console.log(`  kinds: ${[...kinds].sort().map(([k, n]) => `${k}×${n}`).join(', ')}`);
console.log(`  5xx: ${failures.length}`);
for (const f of failures.slice(0, 20)) console.log(`    ${f}`);
if (failures.length > 0) process.exitCode = 1;
