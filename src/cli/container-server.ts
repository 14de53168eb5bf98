/**
 * The ECS container credentials endpoint, on 127.0.0.1: `GET /v2/credentials` with the
 * Authorization header equal to the token answers the task role's credentials in the container
 * agent's format (RoleArn, AccessKeyId, SecretAccessKey, Token, Expiration) — what the SDKs read
 * with AWS_CONTAINER_CREDENTIALS_FULL_URI (a loopback address) and AWS_CONTAINER_AUTHORIZATION_TOKEN
 * (or _FILE). Without the right token: 401; renewed five minutes before expiry.
 *
 * With `relativeUri`, also the form the ECS agent serves on 169.254.170.2: `GET /v2/credentials/<id>`
 * without a token, what the SDKs read with AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (always from
 * http://169.254.170.2). The random id in the path is the only secret, so it is 128 bits from the
 * CSPRNG and compared in constant time; any other id is a 404.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { CredentialCache } from './credential-cache.js';
import { type WorkloadCredentials, closeServer, isoSeconds, listenLoopback, loopbackHost, pathOf } from './workload.js';

export const CREDENTIALS_PATH = '/v2/credentials';
/** The ECS agent's link-local address, where the SDKs fetch AWS_CONTAINER_CREDENTIALS_RELATIVE_URI. */
export const ECS_AGENT_HOST = '169.254.170.2';
/** The addresses the endpoint may bind: loopback, or the agent's where the operator configured it (e.g. on lo of a network namespace). */
export const CONTAINER_HOSTS = ['127.0.0.1', ECS_AGENT_HOST] as const;
export type ContainerHost = (typeof CONTAINER_HOSTS)[number];

export interface ContainerOptions {
  readonly port: number;
  readonly authToken: string;
  /** 127.0.0.1 unless given. */
  readonly host?: ContainerHost;
  /** Also serve `/v2/credentials/<random id>` without a token. */
  readonly relativeUri?: boolean;
  readonly fetch: () => Promise<WorkloadCredentials>;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export interface ContainerEndpoint {
  readonly url: string;
  /** The value for AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, with `relativeUri`. */
  readonly relativeUri?: string;
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
  const host = o.host ?? '127.0.0.1';
  const relativeUri = o.relativeUri === true ? `${CREDENTIALS_PATH}/${randomBytes(16).toString('hex')}` : undefined;
  const expectedRelative = relativeUri === undefined ? undefined : digest(relativeUri);
  // The SDKs send Host: 169.254.170.2 to the agent's address: an IP literal, which DNS rebinding
  // cannot produce, so it is as safe to accept there as the loopback names are on 127.0.0.1.
  const forbidden = `{"code":"Forbidden","message":"Only ${host === ECS_AGENT_HOST ? 'the host 169.254.170.2 is' : 'a loopback host name is'} served."}`;
  const hostAllowed = host === ECS_AGENT_HOST ? (h: string | undefined): boolean => /^169\.254\.170\.2(:\d{1,5})?$/.test(h ?? '') : undefined;
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
  const { server, port } = await listenLoopback(
    (req, res) => {
      req.resume();
      if (!(hostAllowed?.(req.headers.host) ?? loopbackHost(req))) return send(res, 403, forbidden);
      if (req.method !== 'GET') return send(res, 405, '{"code":"MethodNotAllowed","message":"Only GET is allowed."}');
      const path = pathOf(req);
      if (expectedRelative !== undefined && path.startsWith(`${CREDENTIALS_PATH}/`)) {
        // The id is the capability: no token, and a wrong one is just a path that does not exist.
        if (!timingSafeEqual(digest(path), expectedRelative)) return send(res, 404, '{"code":"NotFound","message":"No such path."}');
        return answer(res);
      }
      const auth = req.headers.authorization;
      if (auth === undefined || !timingSafeEqual(digest(auth), expected)) return send(res, 401, '{"code":"Unauthorized","message":"The Authorization header is missing or wrong."}');
      if (path !== CREDENTIALS_PATH) return send(res, 404, '{"code":"NotFound","message":"No such path."}');
      answer(res);
    },
    o.port,
    host,
  );
  return {
    url: `http://${host}:${port}${CREDENTIALS_PATH}`,
    ...(relativeUri === undefined ? {} : { relativeUri }),
    sessionArn: first.sessionArn,
    taskId: first.workloadId,
    close: () => closeServer(server),
  };

  function answer(res: ServerResponse): void {
    const c = cache.get();
    if (!(c instanceof Promise)) return send(res, 200, c.body);
    c.then(
      (r) => send(res, 200, r.body),
      (e: unknown) => {
        log(`credentials unavailable: ${e instanceof Error ? e.message : String(e)}`);
        send(res, 503, '{"code":"ServiceUnavailable","message":"The credentials could not be renewed."}');
      },
    );
  }
}
