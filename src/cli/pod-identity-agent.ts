/**
 * `rolegate pod-identity-agent --endpoint URL --cluster-name NAME --port PORT [--region R] [--profile P]`
 * serves the EKS Pod Identity Agent's endpoint on 127.0.0.1:PORT: `GET /v1/credentials` with the
 * pod's service-account token as the Authorization header (what the SDKs send from
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, with AWS_CONTAINER_CREDENTIALS_FULL_URI pointing here)
 * is answered with the container-credentials JSON (AccessKeyId, SecretAccessKey, Token, AccountId,
 * Expiration) of eks-auth:AssumeRoleForPodIdentity. As the real agent, the call to eks-auth is
 * SigV4-signed with the node's credentials (here the caller's, from the standard AWS environment
 * variables or profile, as `rolegate token` reads them); the model's operation is signed
 * (signingName eks-auth, no `authtype: none`).
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { signRequest } from '../sigv4/sign.js';
import { type Keys, callerKeys, endpointOf } from './token.js';

export const POD_IDENTITY_AGENT_USAGE = `  pod-identity-agent  serve the EKS Pod Identity Agent's GET /v1/credentials on 127.0.0.1
              --endpoint URL        (AWS_ENDPOINT_URL_EKS_AUTH, AWS_ENDPOINT_URL, default http://127.0.0.1:7653)
              --cluster-name NAME   (the cluster whose pod identity associations apply)
              --port P              (0: any free port; the line printed names it)
              --region R --profile P (as the AWS CLI; the node's credentials sign the eks-auth calls)
`;

interface Options {
  endpoint?: string;
  cluster?: string;
  port?: number;
  region?: string;
  profile?: string;
}

/** A pod's token is a JWT; anything longer than this is not one we would pass on. */
const MAX_TOKEN = 16_384;

function parseArgs(args: readonly string[]): Options {
  const o: Options = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new Error(`option '${name}' needs a value`);
    switch (name) {
      case '--endpoint':
        o.endpoint = value;
        break;
      case '--cluster-name':
        if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(value)) throw new Error('--cluster-name must be 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit');
        o.cluster = value;
        break;
      case '--port':
        if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new Error('--port must be a port number (0 to 65535)');
        o.port = Number(value);
        break;
      case '--region':
        o.region = value;
        break;
      case '--profile':
        o.profile = value;
        break;
      default:
        throw new Error(`unknown option '${name}'`);
    }
  }
  return o;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

interface Agent {
  readonly endpoint: URL;
  readonly cluster: string;
  readonly region: string;
  readonly keys: Keys;
}

/** One eks-auth call for the pod's token; the answer in the container-credentials shape, or eks-auth's error. */
async function credentialsFor(agent: Agent, token: string): Promise<{ readonly status: number; readonly body: unknown }> {
  const path = `/clusters/${encodeURIComponent(agent.cluster)}/assume-role-for-pod-identity`;
  const body = JSON.stringify({ token });
  const signed = signRequest(
    { method: 'POST', path, query: '', headers: { host: agent.endpoint.host, 'content-type': 'application/json' }, body },
    { ...agent.keys, region: agent.region, service: 'eks-auth', nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  let res: Response;
  try {
    res = await fetch(new URL(path, agent.endpoint), { method: 'POST', headers, body });
  } catch {
    return { status: 500, body: { message: `cannot reach ${agent.endpoint.origin}` } };
  }
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status !== 200) {
    // eks-auth's error passed on: its code and message (never the token).
    const code = res.headers.get('x-amzn-errortype') ?? `HTTP ${res.status}`;
    return { status: res.status >= 500 ? 500 : res.status, body: { code: code.split(':')[0], message: typeof answer.message === 'string' ? answer.message : '' } };
  }
  const c = answer.credentials as Record<string, unknown> | undefined;
  const arn = (answer.assumedRoleUser as Record<string, unknown> | undefined)?.arn;
  if (c === undefined || typeof c.accessKeyId !== 'string' || typeof c.expiration !== 'number') return { status: 500, body: { message: 'eks-auth answered without credentials' } };
  return {
    status: 200,
    body: {
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      Token: c.sessionToken,
      ...(typeof arn === 'string' ? { AccountId: arn.split(':')[4] } : {}),
      Expiration: new Date(c.expiration * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}

function handle(agent: Agent, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/v1/credentials') return json(res, 404, { message: 'Not found' });
  if (req.method !== 'GET') return json(res, 405, { message: 'Method not allowed' });
  const token = req.headers.authorization?.trim();
  if (token === undefined || token === '') return json(res, 400, { message: 'Service account token cannot be empty' });
  if (token.length > MAX_TOKEN) return json(res, 400, { message: 'Service account token is too long' });
  credentialsFor(agent, token).then(
    (r) => json(res, r.status, r.body),
    () => json(res, 500, { message: 'internal error' }),
  );
}

/** Runs the agent until the process is stopped; resolves with an exit code only when it cannot start. */
export async function podIdentityAgentCommand(args: readonly string[], env: NodeJS.ProcessEnv, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let agent: Agent;
  let port: number;
  try {
    const o = parseArgs(args);
    if (o.cluster === undefined || o.port === undefined) throw new Error('--cluster-name and --port are required');
    port = o.port;
    agent = {
      endpoint: endpointOf(o.endpoint ?? (env.AWS_ENDPOINT_URL_EKS_AUTH || env.AWS_ENDPOINT_URL || 'http://127.0.0.1:7653')),
      cluster: o.cluster,
      region: o.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'),
      keys: callerKeys(env, o.profile),
    };
  } catch (e) {
    err(`rolegate pod-identity-agent: ${(e as Error).message}\n`);
    return 2;
  }
  const server = createServer((req, res) => handle(agent, req, res));
  return new Promise((resolve) => {
    server.once('error', (e) => {
      err(`rolegate pod-identity-agent: ${e.message}\n`);
      resolve(1);
    });
    // Loopback only: the SDKs accept a full URI to a loopback host, and nothing else should reach it.
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      const bound = typeof a === 'object' && a !== null ? a.port : port;
      out(`rolegate pod-identity-agent: serving http://127.0.0.1:${bound}/v1/credentials for cluster ${agent.cluster} (eks-auth at ${agent.endpoint.origin})\n`);
    });
  });
}
