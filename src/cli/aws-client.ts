/**
 * The commands' client of a Rolegate server, signed with the caller's credentials as the AWS CLI
 * finds them: the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), else
 * the profile (AWS_PROFILE, default "default") of the shared files (AWS_SHARED_CREDENTIALS_FILE,
 * AWS_CONFIG_FILE) with what they may name (credential_process, role_arn, SSO) — read by the
 * SDK's own providers, so that the rules are the CLI's; a profile named on the command line
 * (`--profile`) wins over the environment, as with the CLI. The region is AWS_REGION, else
 * AWS_DEFAULT_REGION, else us-east-1. Signing is Rolegate's own SigV4 (src/sigv4/).
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-quickstart.html#cli-configure-quickstart-precedence
 */
import { env } from 'node:process';
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import { DOMParser } from '@xmldom/xmldom';
import { signRequest } from '../sigv4/index.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** What a call answered other than success: the server's error code and message. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    /** The error code without its "Exception" suffix (AccessDenied). */
    readonly code: string,
    readonly serverMessage: string,
    /** The code as the server wrote it (JSON's __type: AccessDeniedException). */
    readonly type: string = code,
  ) {
    super(`${code}: ${serverMessage}`);
  }
}

/** The caller's credentials: `profile` (a --profile option) first, else the environment, else AWS_PROFILE's. */
export async function callerCredentials(profile?: string): Promise<AwsCredentials> {
  if (profile === undefined && env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_ACCESS_KEY_ID !== '') return fromEnv()();
  try {
    return await fromIni(profile === undefined ? {} : { profile })();
  } catch (e) {
    const named = profile ?? (env.AWS_PROFILE || 'default');
    throw new Error(
      `no AWS credentials: no credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) nor in profile '${named}' of the shared files (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

export const callerRegion = (): string => env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';

export class RolegateApi {
  constructor(
    readonly endpoint: URL,
    readonly credentials: () => Promise<AwsCredentials>,
    readonly region: string,
  ) {}

  async #post(service: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const c = await this.credentials();
    const path = this.endpoint.pathname === '' ? '/' : this.endpoint.pathname;
    const signed = signRequest(
      { method: 'POST', path, query: '', headers: { host: this.endpoint.host, ...headers }, body },
      { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}), region: this.region, service, nowMs: Date.now() },
    );
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (v !== undefined && k !== 'host') h[k] = Array.isArray(v) ? v.join(',') : String(v);
    const res = await fetch(this.endpoint, { method: 'POST', headers: h, body, signal: AbortSignal.timeout(30_000) });
    return { status: res.status, text: await res.text() };
  }

  /** A call of Rolegate's own service (AWS JSON 1.1). */
  async rolegate(operation: string, input: object): Promise<Record<string, unknown>> {
    const r = await this.#post('rolegate', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `RolegateV20261201.${operation}` }, JSON.stringify(input));
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(r.text) as Record<string, unknown>;
    } catch {
      throw new ServiceError(r.status, 'InvalidResponse', `the server answered HTTP ${r.status} without JSON`);
    }
    if (r.status !== 200) {
      const type = typeof json.__type === 'string' ? json.__type.replace(/^.*#/, '') : 'Unknown';
      throw new ServiceError(r.status, type.replace(/Exception$/, ''), typeof json.Message === 'string' ? json.Message : typeof json.message === 'string' ? json.message : '', type);
    }
    return json;
  }

  /** sts:AssumeRole (Query protocol): the credentials of a session of the role. */
  async assumeRole(roleArn: string, sessionName: string, durationSeconds: number | undefined): Promise<{ AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }> {
    const form = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: sessionName });
    if (durationSeconds !== undefined) form.set('DurationSeconds', String(durationSeconds));
    const r = await this.#post('sts', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, form.toString());
    const doc = new DOMParser().parseFromString(r.text, 'text/xml');
    const text = (tag: string): string => doc.getElementsByTagName(tag)[0]?.textContent ?? '';
    if (r.status !== 200) throw new ServiceError(r.status, text('Code') || 'Unknown', text('Message'));
    const out = { AccessKeyId: text('AccessKeyId'), SecretAccessKey: text('SecretAccessKey'), SessionToken: text('SessionToken'), Expiration: text('Expiration') };
    if (out.AccessKeyId === '' || out.SecretAccessKey === '' || out.SessionToken === '' || out.Expiration === '') throw new ServiceError(r.status, 'InvalidResponse', 'the AssumeRole answer holds no credentials');
    return out;
  }
}
