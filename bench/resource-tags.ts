/**
 * The cost of a role's tags in the AssumeRole decision (src/sts/trust.ts trustAllows): the caller's
 * policy denies on aws:ResourceTag/protected, and roles with 0, 1, 10 and 50 tags are assumed.
 * Prints µs per decision and the ratio to the untagged role (same run); the tags reach the engine
 * as a map built once per tag list, so the ratios should stay near 1 whatever the count.
 * Run: npm run build && node dist/bench/resource-tags.js
 */
import { performance } from 'node:perf_hooks';
import type { RoleData } from '../src/iam/model.js';
import { trustAllows } from '../src/sts/trust.js';

const ACCOUNT = '111122223333';
const CALLER = `arn:aws:iam::${ACCOUNT}:user/bench`;
const doc = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = doc({ Effect: 'Allow', Principal: { AWS: CALLER }, Action: 'sts:AssumeRole' });
const identity = [
  { id: 'p', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/protected': 'true' } } }) },
];
const context = { 'aws:SecureTransport': false, 'sts:RoleSessionName': 'bench', 'aws:CurrentTime': new Date().toISOString() };

const role = (tags: number): RoleData => ({
  name: `r${tags}`,
  path: '/',
  id: `AROA${tags}`,
  arn: `arn:aws:iam::${ACCOUNT}:role/r${tags}`,
  createdAt: new Date().toISOString(),
  assumeRolePolicyDocument: trust,
  maxSessionDuration: 3600,
  tags: Array.from({ length: tags }, (_, i) => ({ Key: `key-${i}`, Value: `value-${i}` })),
});

function perDecision(r: RoleData, n: number): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    if (!trustAllows({ arn: CALLER, id: 'AIDABENCH' }, 'sts:AssumeRole', r, ACCOUNT, context, undefined, { identity })) throw new Error('denied');
  }
  return ((performance.now() - start) * 1000) / n;
}

const roles = [0, 1, 10, 50].map(role);
const N = 100_000;
for (const r of roles) perDecision(r, N / 5); // warm-up
const base = perDecision(roles[0]!, N);
for (const r of roles) {
  const us = r === roles[0] ? base : perDecision(r, N);
  console.log(`AssumeRole decision, role with ${String(r.tags.length).padStart(2)} tags: ${us.toFixed(2)} µs (×${(us / base).toFixed(2)} the untagged role)`);
}
