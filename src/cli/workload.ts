/**
 * What the workload endpoints share: the credentials rolegate:GetWorkloadCredentials issues, held
 * with their expiry, and a server bound to 127.0.0.1 only (the workload and the endpoint share the
 * host; nothing else may reach the credentials).
 */
import { type Server, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RolegateApi } from './aws-client.js';
import type { Held } from './credential-cache.js';

/** A role session's credentials as an endpoint serves them (IMDS, the container endpoint). */
export interface RoleCredentials extends Held {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly roleArn: string;
  /** The ARN of the session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION). */
  readonly sessionArn: string;
  /** Epoch milliseconds of the issue (IMDS's LastUpdated). */
  readonly issuedAt: number;
  /** Those of an instance profile's role (IMDS's iam/info). */
  readonly instanceProfileArn?: string;
  readonly instanceProfileId?: string;
}

export interface WorkloadCredentials extends RoleCredentials {
  /** The instance (task) id the server assigned, and the token that renews for it. */
  readonly workloadId: string;
  readonly workloadToken: string;
}

/** One call of rolegate:GetWorkloadCredentials, its answer checked. */
export async function workloadCredentials(api: RolegateApi, input: Record<string, string | number>, now: () => number): Promise<WorkloadCredentials> {
  const r = await api.rolegate('GetWorkloadCredentials', input);
  const c = r.Credentials as Record<string, unknown> | undefined;
  const user = r.AssumedRoleUser as Record<string, unknown> | undefined;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const exp = typeof c?.Expiration === 'number' ? c.Expiration * 1000 : Date.parse(str(c?.Expiration));
  const out = {
    accessKeyId: str(c?.AccessKeyId),
    secretAccessKey: str(c?.SecretAccessKey),
    sessionToken: str(c?.SessionToken),
    expiresAt: exp,
    roleArn: str(r.RoleArn),
    sessionArn: str(user?.Arn),
    issuedAt: now(),
    workloadId: str(r.WorkloadId),
    workloadToken: str(r.WorkloadToken),
    ...(typeof r.InstanceProfileArn === 'string' ? { instanceProfileArn: r.InstanceProfileArn } : {}),
    ...(typeof r.InstanceProfileId === 'string' ? { instanceProfileId: r.InstanceProfileId } : {}),
  };
  if (out.accessKeyId === '' || out.secretAccessKey === '' || out.sessionToken === '' || !Number.isFinite(exp) || out.roleArn === '' || out.workloadId === '' || out.workloadToken === '') {
    throw new Error('the server answered GetWorkloadCredentials without credentials');
  }
  return out;
}

/**
 * The credentials of one workload, call after call: the first call gets the server's id for it
 * (and its WorkloadToken), every later one presents the token, so that the id stays the same.
 * `extra` holds what differs between calls (IMDS: RoleDelivery).
 */
export function workloadFetcher(api: RolegateApi, input: Record<string, string | number>, now: () => number): (extra?: Record<string, string>) => Promise<WorkloadCredentials> {
  let token: string | undefined;
  let id: string | undefined;
  return async (extra = {}) => {
    const c = await workloadCredentials(api, { ...input, ...extra, ...(token === undefined ? {} : { WorkloadToken: token }) }, now);
    if (id !== undefined && c.workloadId !== id) throw new Error(`the server renewed for workload ${c.workloadId}, not ${id}`);
    token ??= c.workloadToken;
    id ??= c.workloadId;
    return c;
  };
}

/** ISO 8601 to the second, as IMDS and ECS write times ("2026-12-07T21:00:00Z"). */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** Listens on 127.0.0.1:port (or another local address the caller vetted; 0 picks a port) and resolves with the port. */
export function listenLoopback(handler: (req: IncomingMessage, res: ServerResponse) => void, port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  const server = createServer({ keepAliveTimeout: 5_000 }, handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Whether the request names a loopback host (127.0.0.1, localhost, [::1], any port). A page in a
 * browser on the host that reaches the endpoint through DNS rebinding sends its own name: refused,
 * so that it cannot read what the endpoint answers without a token (IMDSv1).
 */
export function loopbackHost(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  return /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i.test(host);
}

/** The request's path without its query. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
