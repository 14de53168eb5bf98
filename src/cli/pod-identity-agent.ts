/**
 * `rolegate pod-identity-agent --endpoint URL --cluster-name NAME --port PORT [--region R] [--profile P]`
 * serves the EKS Pod Identity Agent's endpoint on 127.0.0.1:PORT: `GET /v1/credentials` with the
 * pod's service-account token as the Authorization header (what the SDKs send from
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, with AWS_CONTAINER_CREDENTIALS_FULL_URI pointing here)
 * is answered with the container-credentials JSON (AccessKeyId, SecretAccessKey, Token, AccountId,
 * Expiration) of eks-auth:AssumeRoleForPodIdentity. As the real agent, the call to eks-auth is
 * SigV4-signed with the node's credentials (here the caller's, from the standard AWS environment
 * variables or profile, as the commands' one client reads them: aws-client.ts); the model's operation is signed
 * (signingName eks-auth, no `authtype: none`).
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { env } from 'node:process';
import { signRequest } from '../sigv4/sign.js';
import { type AwsCredentials, callerCredentials, callerRegion } from './aws-client.js';
import { UsageError, endpointUrl, parseOptions } from './options.js';

export const POD_IDENTITY_AGENT_USAGE = `  pod-identity-agent  serve the EKS Pod Identity Agent's GET /v1/credentials on 127.0.0.1
              --endpoint URL        (AWS_ENDPOINT_URL_EKS_AUTH, AWS_ENDPOINT_URL, default http://127.0.0.1:7653)
              --cluster-name NAME   (the cluster whose pod identity associations apply)
              --port P              (0: any free port; the line printed names it)
              --region R --profile P (as the AWS CLI; the node's credentials sign the eks-auth calls)
`;

/** A pod's token is a JWT; anything longer than this is not one we would pass on. */
const MAX_TOKEN = 16_384;

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

interface Agent {
  readonly endpoint: URL;
  readonly cluster: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
}

/** One eks-auth call for the pod's token; the answer in the container-credentials shape, or eks-auth's error. */
async function credentialsFor(agent: Agent, token: string): Promise<{ readonly status: number; readonly body: unknown }> {
  const path = `/clusters/${encodeURIComponent(agent.cluster)}/assume-role-for-pod-identity`;
  const body = JSON.stringify({ token });
  const signed = signRequest(
    { method: 'POST', path, query: '', headers: { host: agent.endpoint.host, 'content-type': 'application/json' }, body },
    {
      accessKeyId: agent.credentials.accessKeyId,
      secretAccessKey: agent.credentials.secretAccessKey,
      ...(agent.credentials.sessionToken ? { sessionToken: agent.credentials.sessionToken } : {}),
      region: agent.region,
      service: 'eks-auth',
      nowMs: Date.now(),
    },
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
export async function podIdentityAgentCommand(args: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let agent: Agent;
  let port: number;
  try {
    const o = parseOptions(args, ['endpoint', 'cluster-name', 'port', 'region', 'profile']);
    const cluster = o.get('cluster-name');
    const portText = o.get('port');
    if (cluster === undefined || portText === undefined) throw new UsageError('--cluster-name and --port are required');
    if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(cluster)) throw new UsageError('--cluster-name must be 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit');
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError('--port must be a port number (0 to 65535)');
    port = Number(portText);
    const endpoint = endpointUrl(o.get('endpoint') ?? (env.AWS_ENDPOINT_URL_EKS_AUTH || env.AWS_ENDPOINT_URL || 'http://127.0.0.1:7653'));
    // The node's credentials, as the AWS CLI finds them; resolved once, before serving.
    agent = { endpoint, cluster, region: o.get('region') ?? callerRegion(), credentials: await callerCredentials(o.get('profile')) };
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
