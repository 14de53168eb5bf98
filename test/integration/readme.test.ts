/** README.md stays current: every action the server serves is listed there. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { actionNames } from '../../src/app/actions.js';
import { repoRoot } from '../support/repo.js';

describe('README', () => {
  it('lists every supported action', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Supported actions'), readme.indexOf('## The policy engine'));
    for (const service of ['iam', 'sts', 'organizations'] as const) {
      for (const name of actionNames(service)) assert.match(section, new RegExp(`\\b${name}\\b`), `${service}:${name} is not in README.md`);
    }
  });
});
