/**
 * Interoperability: requests signed by an independent implementation (botocore's canonical
 * request + `cryptography`, test/python/rolesanywhere_x509_sign.py) verify here, for each key kind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { verifyX509Request } from '../../src/sigv4/x509.js';
import { formatAmzDate } from '../../src/sigv4/index.js';
import { PYTHON } from '../support/boto3.js';
import { repoRoot } from '../support/repo.js';
import { NOW, pki } from './pki.js';
import type { KeyKind } from './pki.js';

const available = spawnSync(PYTHON, ['-c', 'import botocore, cryptography'], { stdio: 'ignore' }).status === 0;
/** Skipped locally without botocore + cryptography, never under CI. */
const skip: string | false = !available && process.env.CI === undefined ? 'python3 with botocore and cryptography is not installed' : false;

describe('AWS4-X509 requests signed by botocore + cryptography', { skip }, () => {
  for (const kind of ['rsa', 'p256', 'p384'] satisfies KeyKind[]) {
    it(`verify here (${kind})`, async () => {
      const { intermediate, leaf } = await pki(kind);
      const body = JSON.stringify({ durationSeconds: 3600 });
      const job = {
        leaf: leaf.cert.raw.toString('base64'),
        chain: [intermediate.cert.raw.toString('base64')],
        key: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        amzDate: formatAmzDate(NOW),
        region: 'eu-west-1',
        host: 'localhost:4566',
        body,
      };
      const run = spawnSync(PYTHON, [join(repoRoot(), 'test', 'python', 'rolesanywhere_x509_sign.py')], { input: JSON.stringify(job), encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const headers = JSON.parse(run.stdout) as Record<string, string>;
      const result = verifyX509Request({ method: 'POST', path: '/sessions', query: '', headers, body }, { nowMs: NOW, region: 'eu-west-1' });
      assert.equal(result.ok, true, JSON.stringify(result));
      // And a byte of the body changed is refused.
      const tampered = verifyX509Request({ method: 'POST', path: '/sessions', query: '', headers, body: body.replace('3600', '3601') }, { nowMs: NOW, region: 'eu-west-1' });
      assert.equal(tampered.ok, false);
    });
  }
});
