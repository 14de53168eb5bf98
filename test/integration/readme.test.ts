/** README.md stays current: every action the server serves is listed there, and every error it answers. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { actionNames } from '../../src/app/actions.js';
import { AwsError, ERRORS, type ErrorCode } from '../../src/core/errors.js';
import { JSON11 } from '../../src/http/routes.js';
import { repoRoot } from '../support/repo.js';

describe('README', () => {
  it('lists every supported action', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Supported actions'), readme.indexOf('## The policy engine'));
    for (const service of ['iam', 'sts', 'organizations', 'rolegate', 'eks-auth', 'rolesanywhere', 'identitystore', 'sso'] as const) {
      for (const name of actionNames(service)) assert.match(section, new RegExp(`\\b${name}\\b`), `${service}:${name} is not in README.md`);
    }
  });
});

/** What a JSON 1.1 client reads for this code when the JSON wire names it otherwise: "`Name` status", else ''. */
function jsonColumn(code: ErrorCode): string {
  const out = JSON11.encodeError('organizations', new AwsError(code, 'm'));
  const name = (JSON.parse(out.body) as { __type: string }).__type;
  return name === code && out.status === ERRORS[code].status ? '' : `\`${name}\` ${out.status}`;
}

// As fastify's test/internals/errors.test.js keeps lib/errors.js and docs/Reference/Errors.md in step.
describe('README: the Errors table and the error registry (core/errors.ts)', () => {
  const text = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Errors'), text.indexOf('\n## ', text.indexOf('## Errors') + 1));
  const rows = new Map<string, { status: number; fault: string; json: string }>();
  for (const m of section.matchAll(/^\| `(\w+)` \| (\d{3}) \| (Sender|Receiver) \| (.*?) *\|$/gm)) {
    assert.ok(!rows.has(m[1]!), `${m[1]} is documented twice`);
    rows.set(m[1]!, { status: Number(m[2]), fault: m[3]!, json: m[4]! });
  }

  it('documents every registered error with its status, fault and JSON name', () => {
    for (const code of Object.keys(ERRORS) as ErrorCode[]) {
      const row = rows.get(code);
      assert.ok(row !== undefined, `${code} is not in README.md's Errors table`);
      assert.equal(row.status, ERRORS[code].status, `${code}: status`);
      assert.equal(row.fault, ERRORS[code].fault, `${code}: fault`);
      assert.equal(row.json, jsonColumn(code), `${code}: JSON 1.1 name`);
    }
  });

  it('documents no error that is not registered', () => {
    assert.ok(rows.size > 0, 'the Errors table was found');
    for (const code of rows.keys()) assert.ok(Object.hasOwn(ERRORS, code), `${code} is in README.md but not in the registry`);
  });
});
