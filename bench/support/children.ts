/**
 * Servers under test run in child processes, so the load generator does not share their event
 * loop: `node bench/support/child.js rolegate|bare <dataDir>` prints `PORT <n>` when listening.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  readonly port: number;
  /** The server process (to read its memory figures from /proc). */
  readonly pid: number;
  stop(): Promise<void>;
}

export function startChild(kind: 'rolegate' | 'bare', dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const script = fileURLToPath(new URL('./child.js', import.meta.url));
  const proc: ChildProcess = spawn(process.execPath, [...(env.BENCH_NODE_ARGS ? env.BENCH_NODE_ARGS.split(' ') : []), script, kind, dataDir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        resolve({
          port: Number(m[1]),
          pid: proc.pid ?? 0,
          stop: () =>
            new Promise<void>((done) => {
              proc.once('exit', () => done());
              proc.kill('SIGTERM');
            }),
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`${kind} server exited early (${code})`)));
  });
}
