/** The master key file: generated once, never overwritten, never seen half-written by a node sharing the directory. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { generateMasterKey, readMasterKey } from '../../src/credentials/master-key.js';

const run = promisify(execFile);
const MODULE = new URL('../../src/credentials/master-key.js', import.meta.url).href;

/** A separate process's first start: generate (or read) the key and print it, or the error. */
function startIn(dir: string): Promise<string> {
  const script = `import(${JSON.stringify(MODULE)}).then((m) => m.generateMasterKey(${JSON.stringify(dir)})).then((k) => process.stdout.write(k.key.toString('hex')), (e) => process.stdout.write('error: ' + e.message))`;
  return run(process.execPath, ['--input-type=module', '-e', script]).then((r) => r.stdout);
}

describe('master key file', () => {
  it('processes racing for one directory all end with the same key, written whole, mode 0600, no temporary file left', async () => {
    for (let round = 0; round < 4; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'rolegate-key-'));
      try {
        const keys = await Promise.all([...Array.from({ length: 8 }, () => startIn(dir)), ...Array.from({ length: 8 }, () => generateMasterKey(dir).then((k) => k.key.toString('hex')))]);
        assert.equal(new Set(keys).size, 1, keys.join('\n'));
        assert.match(keys[0]!, /^[0-9a-f]{64}$/);
        assert.deepEqual(readdirSync(dir), ['master.key']);
        assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600);
        assert.equal((await readMasterKey(dir, undefined))?.key.toString('hex'), keys[0]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
