/**
 * The workload commands (`rolegate imds`, `rolegate container-credentials`, `rolegate
 * credentials`) as child processes with only the caller's credentials in their environment, and
 * the three clients — boto3, the AWS CLI, SDK v3's default chain — run with only a workload's
 * environment (no AWS keys, no shared files).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PYTHON, runPython } from './boto3.js';
import { CLI } from './cli.js';
import type { Credentials } from './server.js';

export const SDK_CHILD = fileURLToPath(new URL('./sdk-chain-child.js', import.meta.url));

/** An environment with nothing of the machine's AWS configuration: the base of every child's. */
export function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

/** The caller's credentials as environment variables. */
export const keysEnv = (c: Credentials): NodeJS.ProcessEnv => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  ...(c.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: c.sessionToken }),
});

export interface Endpoint {
  readonly proc: ChildProcess;
  readonly url: string;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Starts `rolegate <args>` and resolves once it prints `pattern`'s URL; rejects with its output if it exits first. */
export function startEndpoint(args: readonly string[], env: NodeJS.ProcessEnv, pattern: RegExp): Promise<Endpoint> {
  const proc = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, signal) => {
      live.delete(proc);
      resolve(code ?? signal ?? -1);
    }),
  );
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m && out.endsWith('\n')) {
        resolve({
          proc,
          url: m[1]!,
          stdout: () => out,
          stderr: () => err,
          stop: async () => {
            proc.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then((code) => reject(Object.assign(new Error(`rolegate ${args[0]} exited (${code}):\n${out}\n${err}`), { code, stdout: out, stderr: err })));
  });
}

/** Runs `rolegate <args>` to its end. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env }, (e, stdout, stderr) => resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : 1, stdout, stderr }));
  });
}

export interface ChainResult {
  readonly arn: string;
  readonly roles: number;
  readonly denied: string | null;
  readonly method?: string;
}

/** Runs a program to its end (60 s at most). */
export function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 60_000 }, (e, stdout, stderr) => resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : 1, stdout, stderr }));
  });
}

const parse = (r: { code: number | null; stdout: string; stderr: string }, who: string): ChainResult => {
  if (r.code !== 0) throw new Error(`${who} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChainResult;
};

export async function sdkChain(endpoint: string, env: NodeJS.ProcessEnv): Promise<ChainResult> {
  return parse(await run(process.execPath, [SDK_CHILD], { ...env, ROLEGATE_ENDPOINT: endpoint }), 'SDK v3');
}

export async function boto3Chain(endpoint: string, env: NodeJS.ProcessEnv, python = PYTHON): Promise<ChainResult> {
  return parse(await runPython('workload_chain.py', { ...env, ROLEGATE_ENDPOINT: endpoint }, python), `boto3 (${python})`);
}

/**
 * The AWS CLI (`cli`: the first `aws` on PATH unless given, e.g. recentAwsCli()'s): get-caller-identity
 * and list-roles must succeed, list-users is expected to be denied.
 */
export async function awsCliChain(endpoint: string, env: NodeJS.ProcessEnv, cli: readonly string[] = ['aws']): Promise<ChainResult> {
  const aws = (...a: string[]) => run(cli[0]!, [...cli.slice(1), ...a, '--endpoint-url', endpoint, '--output', 'json'], env);
  const me = await aws('sts', 'get-caller-identity');
  if (me.code !== 0) throw new Error(`aws sts get-caller-identity failed (${me.code}): ${me.stderr}`);
  const roles = await aws('iam', 'list-roles');
  if (roles.code !== 0) throw new Error(`aws iam list-roles failed (${roles.code}): ${roles.stderr}`);
  const users = await aws('iam', 'list-users');
  const denied = users.code === 0 ? null : (/\((\w+)\)/.exec(users.stderr)?.[1] ?? users.stderr);
  return { arn: (JSON.parse(me.stdout) as { Arn: string }).Arn, roles: (JSON.parse(roles.stdout) as { Roles: unknown[] }).Roles.length, denied };
}
