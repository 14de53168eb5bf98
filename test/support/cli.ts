/**
 * The real `rolegate serve` as a child process (node dist/src/cli/main.js), for tests of what an
 * operator sees: start messages, refusals and exit codes, signals, crashes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADMIN, TEST_ACCOUNT } from './server.js';

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** The environment of a test server with the test admin key given (nothing generated). */
export const GIVEN_ADMIN_ENV: NodeJS.ProcessEnv = {
  ROLEGATE_ACCOUNT_ID: TEST_ACCOUNT,
  ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
  ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
};

export interface CliOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly port?: number;
  /** Added to a copy of this process's environment without any ROLEGATE_ variable. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface CliProcess {
  readonly proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/** Children still running when the test process ends (a failed assertion) are killed with it. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export function spawnServe(o: CliOptions): CliProcess {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ROLEGATE_')) env[k] = v;
  const args = [CLI, 'serve', '--port', String(o.port ?? 0), '--data-dir', o.dataDir, ...(o.databaseUrl ? ['--database-url', o.databaseUrl] : [])];
  const proc = spawn(process.execPath, args, { env: { ...env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  live.add(proc);
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, signal) => {
      live.delete(proc);
      resolve(code ?? signal ?? -1);
    }),
  );
  return { proc, stdout: () => out, stderr: () => err, exited };
}

export interface Serving extends CliProcess {
  readonly url: string;
}

/** Starts and waits for the "serving … on URL" line; rejects with the output if it exits first. */
export function serve(o: CliOptions): Promise<Serving> {
  const p = spawnServe(o);
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const m = /serving IAM, STS and Organizations on (http:\/\/\S+)/.exec(p.stdout());
      // The line after it (what was created) is written in the same turn; wait for the newline.
      if (m && p.stdout().endsWith('\n')) {
        p.proc.stdout!.off('data', onData);
        resolve({ ...p, url: m[1]! });
      }
    };
    p.proc.stdout!.on('data', onData);
    void p.exited.then((code) => reject(new Error(`server exited (${code}):\n${p.stdout()}\n${p.stderr()}`)));
  });
}

/** Sends the signal and waits for the exit. */
export async function stop(p: CliProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> {
  p.proc.kill(signal);
  return p.exited;
}

/**
 * For a start that must be refused: resolves with its exit code, or with 'served' (the process
 * is then stopped) should it start serving instead of refusing.
 */
export function refusal(o: CliOptions): Promise<CliProcess & { readonly code: number | string }> {
  const p = spawnServe(o);
  return new Promise((resolve) => {
    const onData = (): void => {
      if (!/serving IAM/.test(p.stdout())) return;
      p.proc.kill('SIGKILL');
      void p.exited.then(() => resolve({ ...p, code: 'served' }));
    };
    p.proc.stdout!.on('data', onData);
    void p.exited.then((code) => resolve({ ...p, code }));
  });
}
