/**
 * The ECS container credentials endpoint, on 127.0.0.1: `GET /v2/credentials` with the
 * Authorization header equal to the token answers the task role's credentials in the container
 * agent's format (RoleArn, AccessKeyId, SecretAccessKey, Token, Expiration) — what the SDKs read
 * with AWS_CONTAINER_CREDENTIALS_FULL_URI (a loopback address) and AWS_CONTAINER_AUTHORIZATION_TOKEN
 * (or _FILE). Without the right token: 401; renewed five minutes before expiry.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { CredentialCache } from './credential-cache.js';
import { type WorkloadCredentials, closeServer, isoSeconds, listenLoopback, loopbackHost, pathOf } from './workload.js';

export const CREDENTIALS_PATH = '/v2/credentials';

export interface ContainerOptions {
  readonly port: number;
  readonly authToken: string;
  readonly fetch: () => Promise<WorkloadCredentials>;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export interface ContainerEndpoint {
  readonly url: string;
  readonly sessionArn: string;
  /** The task id the server assigned (the session's name). */
  readonly taskId: string;
  close(): Promise<void>;
}

interface Rendered extends WorkloadCredentials {
  readonly body: string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export async function startContainerEndpoint(o: ContainerOptions): Promise<ContainerEndpoint> {
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  // Compared as digests: equal lengths, constant time, nothing learnt from where they differ.
  const expected = digest(o.authToken);
  const cache = new CredentialCache<Rendered>(
    async () => {
      const c = await o.fetch();
      log(`credentials of ${c.sessionArn} issued, expiring ${isoSeconds(c.expiresAt)}`);
      const body = JSON.stringify({ RoleArn: c.roleArn, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: isoSeconds(c.expiresAt) });
      return { ...c, body };
    },
    now,
    (e) => log(`renewal failed, the current credentials are served until they expire: ${e instanceof Error ? e.message : String(e)}`),
  );
  const first = await cache.get();
  const send = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const { server, port } = await listenLoopback((req, res) => {
    req.resume();
    if (!loopbackHost(req)) return send(res, 403, '{"code":"Forbidden","message":"Only a loopback host name is served."}');
    if (req.method !== 'GET') return send(res, 405, '{"code":"MethodNotAllowed","message":"Only GET is allowed."}');
    const auth = req.headers.authorization;
    if (auth === undefined || !timingSafeEqual(digest(auth), expected)) return send(res, 401, '{"code":"Unauthorized","message":"The Authorization header is missing or wrong."}');
    if (pathOf(req) !== CREDENTIALS_PATH) return send(res, 404, '{"code":"NotFound","message":"No such path."}');
    const c = cache.get();
    if (!(c instanceof Promise)) return send(res, 200, c.body);
    c.then(
      (r) => send(res, 200, r.body),
      (e: unknown) => {
        log(`credentials unavailable: ${e instanceof Error ? e.message : String(e)}`);
        send(res, 503, '{"code":"ServiceUnavailable","message":"The credentials could not be renewed."}');
      },
    );
  }, o.port);
  return { url: `http://127.0.0.1:${port}${CREDENTIALS_PATH}`, sessionArn: first.sessionArn, taskId: first.workloadId, close: () => closeServer(server) };
}
