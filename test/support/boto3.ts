/**
 * boto3 (Debian's python3-boto3) as the tests run it: the interpreter, whether boto3 is there, a
 * script's run, and the environment that points it at a test server with the admin's key and
 * nothing of the machine's own AWS configuration. Without boto3 a test is skipped locally and fails
 * under CI (CI installs it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo.js';
import type { TestServer } from './server.js';

export const PYTHON = '/usr/bin/python3';
export const hasBoto3 = spawnSync(PYTHON, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
/** For `it(…, { skip })`: a reason locally without boto3, never under CI. */
export const skipWithoutBoto3: string | false = !hasBoto3 && process.env.CI === undefined ? 'python3 with boto3 is not installed' : false;

/** The environment of a boto3 script against `t`, signed with the admin's key. */
export function boto3Env(t: TestServer, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ROLEGATE_ENDPOINT: t.url,
    ROLEGATE_ACCOUNT: t.account,
    AWS_ACCESS_KEY_ID: t.admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_MAX_ATTEMPTS: '1',
    ...extra,
  };
}

/** Runs test/python/<script> (with `python`, PYTHON by default) and resolves with its exit code and output. */
export function runPython(script: string, env: NodeJS.ProcessEnv, python = PYTHON): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(python, [join(repoRoot(), 'test', 'python', script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
