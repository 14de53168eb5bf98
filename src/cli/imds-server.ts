/**
 * An EC2 instance metadata service (IMDS) for one instance profile, on 127.0.0.1, as the SDKs'
 * default credential chains read it (AWS_EC2_METADATA_SERVICE_ENDPOINT):
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
 * - IMDSv2: `PUT /latest/api/token` with X-aws-ec2-metadata-token-ttl-seconds (1–21600) answers a
 *   token (the TTL echoed); reads carry it in X-aws-ec2-metadata-token. A PUT without a valid TTL
 *   is 400; a read with a token that is not valid (expired, foreign) is 401, and so is a read
 *   without one while IMDSv1 is off (the default, as `HttpTokens: required`).
 * - The hop limit: IMDS answers the PUT with an IP TTL of the hop limit, so that a token never
 *   reaches a container behind a bridge; and it refuses a token PUT that carries X-Forwarded-For
 *   (one that came through a proxy) with 403. Here the endpoint listens on loopback only — no
 *   packet to or from it crosses a hop — and the X-Forwarded-For rule is kept.
 * - Credentials (iam/security-credentials/ROLE) in IMDS's format: Code "Success", LastUpdated,
 *   Type "AWS-HMAC", AccessKeyId, SecretAccessKey, Token, Expiration; renewed five minutes before
 *   they expire (credential-cache.ts). Those read with a token are "version 2.0" credentials
 *   (ec2:RoleDelivery 2.0), those read without (IMDSv1 on) "1.0" — issued apart, as AWS does.
 * `startMetadataEndpoint` is the credentials part alone (token, security-credentials listing and
 * role document), as `aws_signing_helper serve` offers it for `rolegate roles-anywhere serve`;
 * `startImds` adds an instance's documents (instance id, placement, identity document, iam/info).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CredentialCache } from './credential-cache.js';
import { ImdsTokens } from './imds-token.js';
import { type RoleCredentials, type WorkloadCredentials, closeServer, isoSeconds, listenLoopback, loopbackHost, pathOf } from './workload.js';

export const TOKEN_PATH = '/latest/api/token';
const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
export const MAX_TOKEN_TTL = 21600;
const CREDENTIALS_PREFIX = '/latest/meta-data/iam/security-credentials/';

export type RoleDelivery = '1.0' | '2.0';

export interface MetadataOptions<T extends RoleCredentials> {
  readonly port: number;
  /** Issues the role's credentials (first call before listening; later ones renew). */
  readonly fetch: (delivery: RoleDelivery) => Promise<T>;
  /** Documents beside the credentials (path → body), made from the first issue; may throw to refuse the start. */
  readonly documents?: (first: T) => ReadonlyMap<string, string>;
  /** Answer reads without a token (IMDSv1); off by default. */
  readonly imdsv1?: boolean;
  /** Epoch milliseconds; injected by tests. */
  readonly now?: () => number;
  /** One line per event, never a secret. */
  readonly log?: (line: string) => void;
}

export interface MetadataEndpoint<T extends RoleCredentials> {
  readonly url: string;
  /** The first issue (made before listening). */
  readonly first: T;
  /** The role's name at start (renamed at a renewal when the role served changes). */
  readonly roleName: string;
  close(): Promise<void>;
}

export interface ImdsOptions extends Omit<MetadataOptions<WorkloadCredentials>, 'documents'> {
  /**
   * Issues the profile's credentials for this instance (rolegate:GetWorkloadCredentials): the
   * first call's answer names the instance (its id is the server's), later ones renew for it.
   */
  readonly fetch: (delivery: RoleDelivery) => Promise<WorkloadCredentials>;
  readonly region: string;
  /** The instance's account, checked against the profile's (the identity document's accountId). */
  readonly account?: string | undefined;
}

export interface Imds {
  readonly url: string;
  readonly instanceId: string;
  /** The profile's role at start (renamed at a renewal when the profile's role is replaced). */
  readonly roleName: string;
  close(): Promise<void>;
}

/** What a credentials read answers, rendered once per issue (the cached path writes a string). */
type Rendered<T extends RoleCredentials> = T & {
  readonly body: string;
  /** The role's name: the path under security-credentials/, as of this issue. */
  readonly roleName: string;
};

const roleNameOf = (roleArn: string): string => roleArn.slice(roleArn.lastIndexOf('/') + 1);

function render<T extends RoleCredentials>(c: T): Rendered<T> {
  // IMDS's own layout (" : "), as AWS's documentation shows it.
  const body = [
    '{',
    `  "Code" : "Success",`,
    `  "LastUpdated" : "${isoSeconds(c.issuedAt)}",`,
    `  "Type" : "AWS-HMAC",`,
    `  "AccessKeyId" : ${JSON.stringify(c.accessKeyId)},`,
    `  "SecretAccessKey" : ${JSON.stringify(c.secretAccessKey)},`,
    `  "Token" : ${JSON.stringify(c.sessionToken)},`,
    `  "Expiration" : "${isoSeconds(c.expiresAt)}"`,
    '}',
  ].join('\n');
  return { ...c, body, roleName: roleNameOf(c.roleArn) };
}

/** An instance's iam/info document (only for an instance profile's credentials). */
const info = (c: RoleCredentials): string =>
  [
    '{',
    `  "Code" : "Success",`,
    `  "LastUpdated" : "${isoSeconds(c.issuedAt)}",`,
    `  "InstanceProfileArn" : ${JSON.stringify(c.instanceProfileArn ?? '')},`,
    `  "InstanceProfileId" : ${JSON.stringify(c.instanceProfileId ?? '')}`,
    '}',
  ].join('\n');

export async function startMetadataEndpoint<T extends RoleCredentials>(o: MetadataOptions<T>): Promise<MetadataEndpoint<T>> {
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  const tokens = new ImdsTokens();
  const caches = new Map<RoleDelivery, CredentialCache<Rendered<T>>>();
  const cache = (d: RoleDelivery): CredentialCache<Rendered<T>> => {
    let c = caches.get(d);
    if (c === undefined) {
      c = new CredentialCache(
        async () => {
          const fresh = render(await o.fetch(d));
          log(`credentials of ${fresh.sessionArn} (delivery ${d}) issued, expiring ${isoSeconds(fresh.expiresAt)}`);
          return fresh;
        },
        now,
        (e) => log(`renewal failed, the current credentials are served until they expire: ${e instanceof Error ? e.message : String(e)}`),
      );
      caches.set(d, c);
    }
    return c;
  };
  // The first issue before listening: a caller who may not have the credentials learns it now, not at a read.
  const first = await cache('2.0').get();
  const fixed = o.documents?.(first) ?? new Map<string, string>();

  const send = (res: ServerResponse, status: number, body: string, ttl?: number): void => {
    const headers: Record<string, string | number> = { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), server: 'EC2ws' };
    if (ttl !== undefined) headers[TTL_HEADER] = ttl;
    res.writeHead(status, headers);
    res.end(body);
  };
  const failed = (res: ServerResponse, e: unknown): void => {
    log(`credentials unavailable: ${e instanceof Error ? e.message : String(e)}`);
    send(res, 503, 'Service Unavailable');
  };

  const token = (req: IncomingMessage, res: ServerResponse): void => {
    // Through a proxy: refused, as IMDS refuses it (the token must not leave the host).
    if (req.headers['x-forwarded-for'] !== undefined) return send(res, 403, 'Forbidden');
    const v = req.headers[TTL_HEADER];
    const ttl = typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : 0;
    if (ttl < 1 || ttl > MAX_TOKEN_TTL) return send(res, 400, 'Bad Request');
    send(res, 200, tokens.issue(ttl, now()), ttl);
  };

  const read = (req: IncomingMessage, res: ServerResponse): void => {
    const given = req.headers[TOKEN_HEADER];
    let delivery: RoleDelivery = '2.0';
    let ttl: number | undefined;
    if (typeof given === 'string') {
      ttl = tokens.remaining(given, now());
      if (ttl === 0) return send(res, 401, 'Unauthorized');
    } else if (o.imdsv1 === true) {
      delivery = '1.0';
    } else {
      return send(res, 401, 'Unauthorized');
    }
    const path = pathOf(req);
    const body = fixed.get(path);
    if (body !== undefined) return send(res, 200, body, ttl);
    // The role is the one of the last issue: replaced (in the instance profile), it is renamed
    // here at the next renewal, as EC2 lists the role the instance now has.
    const isInfo = path === '/latest/meta-data/iam/info' && first.instanceProfileArn !== undefined;
    const isList = path === CREDENTIALS_PREFIX || path === '/latest/meta-data/iam/security-credentials';
    if (!isInfo && !isList && !path.startsWith(CREDENTIALS_PREFIX)) return send(res, 404, 'Not Found', ttl);
    const c = cache(delivery).get();
    const answer = (r: Rendered<T>): void => {
      if (isInfo) return send(res, 200, info(r), ttl);
      if (isList) return send(res, 200, r.roleName, ttl);
      if (path !== CREDENTIALS_PREFIX + r.roleName) return send(res, 404, 'Not Found', ttl);
      send(res, 200, r.body, ttl);
    };
    if (c instanceof Promise) c.then(answer, (e: unknown) => failed(res, e));
    else answer(c);
  };

  const { server, port } = await listenLoopback((req, res) => {
    req.resume();
    if (!loopbackHost(req)) return send(res, 403, 'Forbidden');
    if (req.method === 'PUT') {
      if (pathOf(req) === TOKEN_PATH) return token(req, res);
      return send(res, 403, 'Forbidden');
    }
    if (req.method === 'GET' || req.method === 'HEAD') return read(req, res);
    res.setHeader('allow', 'GET, HEAD, PUT');
    send(res, 405, 'Method Not Allowed');
  }, o.port);
  return { url: `http://127.0.0.1:${port}`, first, roleName: first.roleName, close: () => closeServer(server) };
}

/** IMDS for one instance of an instance profile: the credentials and the instance's documents. */
export async function startImds(o: ImdsOptions): Promise<Imds> {
  const now = o.now ?? Date.now;
  const documents = (first: WorkloadCredentials): ReadonlyMap<string, string> => {
    const instanceId = first.workloadId;
    const roleAccount = first.roleArn.split(':')[4]!;
    // The instance lives in the profile's account: an identity document naming another would lie.
    if (o.account !== undefined && o.account !== roleAccount) throw new Error(`--account ${o.account} is not the account of the instance profile (${roleAccount})`);
    const zone = `${o.region}a`;
    const identity = JSON.stringify(
      {
        accountId: roleAccount,
        architecture: process.arch === 'arm64' ? 'arm64' : 'x86_64',
        availabilityZone: zone,
        billingProducts: null,
        devpayProductCodes: null,
        marketplaceProductCodes: null,
        imageId: 'ami-00000000000000000',
        instanceId,
        instanceType: 'rolegate.local',
        kernelId: null,
        pendingTime: isoSeconds(now()),
        privateIp: '127.0.0.1',
        ramdiskId: null,
        region: o.region,
        version: '2017-09-30',
      },
      null,
      2,
    );
    return new Map<string, string>([
      ['/', 'latest'],
      ['/latest', 'dynamic\nmeta-data'],
      ['/latest/', 'dynamic\nmeta-data'],
      ['/latest/meta-data', 'iam/\ninstance-id\nplacement/'],
      ['/latest/meta-data/', 'iam/\ninstance-id\nplacement/'],
      ['/latest/meta-data/iam', 'info\nsecurity-credentials/'],
      ['/latest/meta-data/iam/', 'info\nsecurity-credentials/'],
      ['/latest/meta-data/instance-id', instanceId],
      ['/latest/meta-data/placement', 'availability-zone\nregion'],
      ['/latest/meta-data/placement/', 'availability-zone\nregion'],
      ['/latest/meta-data/placement/region', o.region],
      ['/latest/meta-data/placement/availability-zone', zone],
      ['/latest/dynamic', 'instance-identity/'],
      ['/latest/dynamic/', 'instance-identity/'],
      ['/latest/dynamic/instance-identity', 'document'],
      ['/latest/dynamic/instance-identity/', 'document'],
      ['/latest/dynamic/instance-identity/document', identity],
    ]);
  };
  const e = await startMetadataEndpoint({ ...o, documents });
  return { url: e.url, instanceId: e.first.workloadId, roleName: e.roleName, close: () => e.close() };
}
