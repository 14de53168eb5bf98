/**
 * Data-driven validation vectors: test/vectors/policy/validation/*.json. Each case names the AWS
 * page or recording it comes from and the exact MalformedPolicyDocument message (or "valid").
 * Object documents are checked twice: as JSON text and as an already-parsed value.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MalformedPolicyDocumentError } from '../../src/policy/errors.js';
import type { PolicyKind } from '../../src/policy/types.js';
import { validatePolicy } from '../../src/policy/validate.js';
import type { ValidateOptions } from '../../src/policy/validate.js';

interface VectorCase {
  readonly name: string;
  readonly kind: PolicyKind;
  readonly document: unknown;
  readonly source?: string;
  readonly options?: ValidateOptions;
  readonly valid?: true;
  readonly error?: string;
  readonly canonical?: unknown;
}

interface VectorFile {
  readonly source: string;
  readonly cases: readonly VectorCase[];
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'rolegate') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json named "rolegate" not found');
    dir = parent;
  }
}

const vectorDir = join(repoRoot(), 'test', 'vectors', 'policy', 'validation');
const files = readdirSync(vectorDir).filter((f) => f.endsWith('.json')).sort();

function outcome(input: unknown, c: VectorCase): { valid: true; doc: unknown } | { valid: false; message: string } {
  try {
    return { valid: true, doc: validatePolicy(input, c.kind, c.options ?? {}) };
  } catch (err) {
    assert.ok(err instanceof MalformedPolicyDocumentError, `threw ${String(err)}`);
    assert.equal(err.code, 'MalformedPolicyDocument');
    return { valid: false, message: err.message };
  }
}

function check(input: unknown, c: VectorCase): void {
  const got = outcome(input, c);
  if (c.valid === true) {
    assert.ok(got.valid, `expected valid, got: ${got.valid ? '' : got.message}`);
    if (c.canonical !== undefined) assert.deepEqual(JSON.parse(JSON.stringify(got.doc)), c.canonical);
  } else {
    assert.equal(got.valid ? 'valid' : got.message, c.error);
  }
}

let total = 0;
for (const file of files) {
  const data = JSON.parse(readFileSync(join(vectorDir, file), 'utf8')) as VectorFile;
  void describe(`validation vectors: ${file}`, () => {
    for (const c of data.cases) {
      total++;
      void it(c.name, () => {
        assert.ok((c.source ?? data.source).length > 0, 'every case cites its source');
        assert.ok((c.valid === true) !== (c.error !== undefined), 'a case is either valid or has an error');
        if (typeof c.document === 'string') {
          check(c.document, c);
        } else {
          check(JSON.stringify(c.document), c);
          check(structuredClone(c.document), c);
        }
      });
    }
  });
}

void describe('validation vectors: coverage', () => {
  void it('has at least 80 cases', () => {
    assert.ok(total >= 80, `only ${total} cases`);
  });
});
