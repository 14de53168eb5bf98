/**
 * Malformed input never makes the server fail (issue 11, figures): a fixed-seed fast-check run of
 * raw requests (test/support/fuzz.ts: form and JSON bodies, headers, query strings, mutated
 * signatures, odd and huge parameter names, bad escapes, deep JSON, policy documents) against a
 * started server. Every request must be answered, none with a 5xx, and the server must still
 * serve afterwards. `node dist/bench/fuzz.js` runs the same generators longer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { requests, sendRaw } from '../support/fuzz.js';
import { type TestServer, startTestServer } from '../support/server.js';

const RUNS = 400;

describe('fuzz: malformed requests', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it(`${RUNS} malformed requests, none answered with a 5xx`, async () => {
    const { host, port } = new URL(t.url);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requests(host, t.admin), async (r) => {
        const status = await sendRaw(Number(port), host, r);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        return status < 500;
      }),
      { seed: 11, numRuns: RUNS, endOnFailure: true },
    );
    const answered = [...statuses].filter(([s]) => s !== 0).reduce((n, [, c]) => n + c, 0);
    assert.ok(answered >= RUNS * 0.95, `answered ${answered} of ${RUNS}: ${JSON.stringify([...statuses])}`);
    const who = await t.sts().send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, t.account);
  });
});
