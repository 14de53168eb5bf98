/**
 * Data-driven evaluation vectors: test/vectors/policy/evaluation/*.json, each case citing the AWS
 * documentation page its expected answer comes from. `expect.builtInRule` pins which of AWS's
 * built-in rules decided (input `builtInRules: true`), or null for none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../src/policy/index.js';
import type { EvaluateInput, MatchedStatement } from '../../src/policy/index.js';
import { loadVectors } from '../support/repo.js';

interface Case {
  name: string;
  source?: string;
  input: EvaluateInput;
  /** builtInRule: the rule the result must name; null: it must name none. */
  expect: { decision: string; deniedBy?: string; matched?: MatchedStatement[]; builtInRule?: string | null };
}

const key = (m: MatchedStatement): string =>
  [m.policyType, m.level ?? '', m.policyIndex, m.statementIndex, m.effect].join('|');

const files = loadVectors<{ source: string; cases: Case[] }>('test/vectors/policy/evaluation');

describe('policy evaluation vectors', () => {
  it('has at least 300 cases, each citing an AWS page', () => {
    const all = files.flatMap((f) => f.data.cases.map((c) => ({ c, source: c.source ?? f.data.source })));
    assert.ok(all.length >= 300, `only ${all.length} cases`);
    for (const { c, source } of all) assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\//, c.name);
  });
  for (const { file, data } of files) {
    describe(file, () => {
      for (const c of data.cases) {
        it(c.name, () => {
          const r = evaluate(c.input);
          assert.equal(r.decision, c.expect.decision);
          if (c.expect.deniedBy !== undefined) {
            if (r.decision === 'ExplicitDeny') {
              assert.ok(r.matched.some((m) => m.policyType === c.expect.deniedBy), `no ${c.expect.deniedBy} deny in matched`);
            } else assert.equal(r.deniedBy, c.expect.deniedBy);
          }
          if (c.expect.builtInRule !== undefined) assert.equal(r.builtInRule, c.expect.builtInRule ?? undefined);
          if (c.expect.matched !== undefined) {
            assert.deepEqual(new Set(r.matched.map(key)), new Set(c.expect.matched.map(key)));
          }
        });
      }
    });
  }
});
