/**
 * Clients recent enough for features the oldest installed ones lack.
 *
 * CI puts Debian's clients first on PATH (AWS CLI 2.9, botocore 1.29: what most tests pin), but those
 * predate `AWS_ENDPOINT_URL` (botocore 1.31, CLI v2.13), API keys and outbound federation. The
 * machines' own Python (the one moto comes with) has a recent boto3 and AWS CLI v1; these helpers
 * find such a client anywhere on PATH, not just the first. A test that needs one fails under CI
 * when none is found (it skips elsewhere), like every real-client test.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(name: string): string[] {
  const found: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      found.push(file);
    } catch {
      // not here
    }
  }
  return found;
}

const BOTOCORE_CHECK = (wanted: string): string =>
  `import sys, boto3, botocore; v = tuple(int(x) for x in botocore.__version__.split(".")[:2]); assert v >= (1, 31); ${wanted}; print(sys.executable)`;

const pythons = new Map<string, string | undefined>();

/**
 * The real interpreter (not a pyenv shim) of the first python3 on PATH whose botocore is 1.31 or
 * later and passes `wanted` (Python statements; e.g. a check that the model knows a member).
 */
export function recentPython(wanted = 'pass'): string | undefined {
  if (pythons.has(wanted)) return pythons.get(wanted);
  let found: string | undefined;
  for (const candidate of onPath('python3')) {
    const r = spawnSync(candidate, ['-c', BOTOCORE_CHECK(wanted)], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() !== '') {
      found = r.stdout.trim();
      break;
    }
  }
  pythons.set(wanted, found);
  return found;
}

const clis = new Map<string, readonly string[] | undefined>();

/**
 * A command line (file and leading arguments) running an AWS CLI that honours AWS_ENDPOINT_URL and
 * knows `operation` of `service` (e.g. 'sts', 'get-web-identity-token') and, if given, its input
 * `member`: the first such `aws` on PATH, else AWS CLI v1 as a module of a recent Python.
 */
export function recentAwsCli(service = 'sts', operation = 'get-caller-identity', member?: string): readonly string[] | undefined {
  const key = `${service} ${operation} ${member ?? ''}`;
  if (clis.has(key)) return clis.get(key);
  const knows = (cmd: readonly string[]): boolean => {
    // The skeleton is printed from the CLI's model alone: no credentials, no network.
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), service, operation, '--generate-cli-skeleton'], { encoding: 'utf8' });
    return r.status === 0 && (member === undefined || r.stdout.includes(`"${member}"`));
  };
  let found: readonly string[] | undefined;
  for (const candidate of onPath('aws')) {
    const v = /aws-cli\/(\d+)\.(\d+)/.exec(spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout ?? '');
    if (v === null) continue;
    const [major, minor] = [Number(v[1]), Number(v[2])];
    const endpointUrl = major >= 2 ? minor >= 13 || major > 2 : minor >= 29;
    if (endpointUrl && knows([candidate])) {
      found = [candidate];
      break;
    }
  }
  if (found === undefined) {
    const python = recentPython('import awscli');
    if (python !== undefined && knows([python, '-m', 'awscli'])) found = [python, '-m', 'awscli'];
  }
  clis.set(key, found);
  return found;
}

/**
 * The environment an AWS CLI test runs the CLI in: only these keys and PATH (no profile files, a
 * private HOME), the caller's keys, the server as AWS_ENDPOINT_URL, us-east-1, one attempt.
 */
export function awsCliEnv(home: string, url: string, creds: { readonly accessKeyId: string; readonly secretAccessKey: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: `${home}/none`,
    AWS_SHARED_CREDENTIALS_FILE: `${home}/none`,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_ENDPOINT_URL: url,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
  };
}
