/**
 * `rolegate container-credentials --endpoint URL --role-arn ARN --port PORT --auth-token TOKEN`
 * (or `--auth-token-file FILE`, which keeps the token out of the command line: any local user
 * reads a process's arguments with ps, then the loopback port's credentials with the token):
 * a task role's credentials on http://127.0.0.1:PORT/v2/credentials for a made-up ECS task. The
 * caller must be allowed iam:PassRole of the role to ecs-tasks.amazonaws.com (for the task's ARN)
 * and rolegate:GetWorkloadCredentials on it; the role must trust ecs-tasks.amazonaws.com. Point a
 * program at it with AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN.
 *
 * `--relative-uri` also serves `/v2/credentials/<random id>` without the token (the printed
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI); the SDKs fetch that from http://169.254.170.2, which
 * `--host 169.254.170.2` binds where the operator put that address on an interface (only it or
 * 127.0.0.1: never a routable address, which would hand the role to the network).
 */
import { readFileSync } from 'node:fs';
import { stderr, stdout } from 'node:process';
import { RolegateApi, callerCredentials, callerRegion } from './aws-client.js';
import { CONTAINER_HOSTS, type ContainerHost, startContainerEndpoint } from './container-server.js';
import { UsageError, endpoint, integer, parseOptions, required } from './options.js';
import { workloadFetcher } from './workload.js';

export async function containerCredentials(args: readonly string[]): Promise<void> {
  const o = parseOptions(args, ['endpoint', 'role-arn', 'port', 'auth-token', 'auth-token-file', 'host'], ['relative-uri']);
  const url = endpoint(o);
  const roleArn = required(o, 'role-arn');
  const authToken = authTokenOf(o);
  // The SDKs refuse a token holding a line break (it would split the header); so do we, at start.
  if (!/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(authToken)) throw new UsageError('--auth-token must be printable ASCII without line breaks or surrounding spaces');
  const port = integer(o, 'port', 0, 65535);
  if (port === undefined) throw new UsageError('--port is required');
  const host = o.get('host') ?? '127.0.0.1';
  if (!isContainerHost(host)) throw new UsageError(`--host must be ${CONTAINER_HOSTS.join(' or ')}`);
  const api = new RolegateApi(url, callerCredentials, callerRegion());
  // The task id is the server's: the first issue assigns it, renewals keep it.
  const issue = workloadFetcher(api, { ServicePrincipal: 'ecs-tasks.amazonaws.com', RoleArn: roleArn }, Date.now);
  const server = await startContainerEndpoint({
    port,
    host,
    relativeUri: o.has('relative-uri'),
    authToken,
    log: (line) => void stderr.write(`rolegate container-credentials: ${line}\n`),
    fetch: () => issue(),
  });
  // The relative form's only secret is its id: printed here once, on stdout, never in the log lines.
  const relative = server.relativeUri === undefined ? '' : `rolegate container-credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=${server.relativeUri}\n`;
  stdout.write(`rolegate container-credentials: serving task ${server.taskId} (${server.sessionArn}) on ${server.url}\n` + `rolegate container-credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI=${server.url}\n` + relative);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The token of --auth-token, or of the file --auth-token-file names (one line: its line break is not the token's). */
function authTokenOf(o: Map<string, string>): string {
  const file = o.get('auth-token-file');
  if (o.has('auth-token') === (file !== undefined)) throw new UsageError('one of --auth-token and --auth-token-file is required');
  if (file === undefined) return required(o, 'auth-token');
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new UsageError(`--auth-token-file: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const isContainerHost = (h: string): h is ContainerHost => (CONTAINER_HOSTS as readonly string[]).includes(h);
