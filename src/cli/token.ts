/**
 * `rolegate token --audience sts.amazonaws.com --subject system:serviceaccount:NS:SA
 *   [--endpoint URL] [--duration-seconds N] [--region R] [--profile P]`
 * prints a service-account token signed by the caller's account's issuer
 * (rolegate:CreateServiceAccountToken, src/rolegate/create-service-account-token.ts), for
 * AWS_WEB_IDENTITY_TOKEN_FILE. The call is SigV4-signed with the caller's credentials from the
 * standard AWS environment variables or shared files, as the AWS CLI reads them (static keys and
 * session tokens; not SSO or credential_process). The endpoint: --endpoint, else
 * AWS_ENDPOINT_URL_ROLEGATE, else AWS_ENDPOINT_URL, else http://127.0.0.1:7653.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '../sigv4/sign.js';

export const TOKEN_USAGE = `  token     print a service-account token signed by Rolegate's OIDC issuer of the caller's account
              --audience A          (repeatable; e.g. sts.amazonaws.com)
              --subject S           (system:serviceaccount:NAMESPACE:NAME)
              --duration-seconds N  (600 to 86400, default 3600)
              --pod-name N --pod-uid U (optional: bind the token to a pod, as EKS Pod Identity tags it)
              --endpoint URL        (AWS_ENDPOINT_URL_ROLEGATE, AWS_ENDPOINT_URL, default http://127.0.0.1:7653)
              --region R --profile P (as the AWS CLI)
`;

const TARGET_PREFIX = 'RolegateV20261201';

interface Options {
  readonly audiences: string[];
  subject?: string;
  durationSeconds?: number;
  podName?: string;
  podUid?: string;
  endpoint?: string;
  region?: string;
  profile?: string;
}

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Runs the command; resolves with the exit code. Writes the token to `out`, reasons to `err`. */
export async function tokenCommand(args: readonly string[], env: NodeJS.ProcessEnv, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let o: Options;
  let keys: Keys;
  let endpoint: URL;
  try {
    o = parseArgs(args);
    if (o.subject === undefined || o.audiences.length === 0) throw new Error('--audience and --subject are required');
    endpoint = endpointOf(o.endpoint ?? (env.AWS_ENDPOINT_URL_ROLEGATE || env.AWS_ENDPOINT_URL || 'http://127.0.0.1:7653'));
    keys = callerKeys(env, o.profile);
  } catch (e) {
    err(`rolegate token: ${(e as Error).message}\n`);
    return 2;
  }
  const region = o.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1');
  const body = JSON.stringify({
    Subject: o.subject,
    Audience: o.audiences,
    ...(o.durationSeconds === undefined ? {} : { DurationSeconds: o.durationSeconds }),
    ...(o.podName === undefined ? {} : { PodName: o.podName }),
    ...(o.podUid === undefined ? {} : { PodUid: o.podUid }),
  });
  const signed = signRequest(
    {
      method: 'POST',
      path: '/',
      query: '',
      headers: { host: endpoint.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}.CreateServiceAccountToken` },
      body,
    },
    { ...keys, region, service: 'rolegate', nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  let res: Response;
  try {
    res = await fetch(new URL('/', endpoint), { method: 'POST', headers, body });
  } catch {
    err(`rolegate token: cannot reach ${endpoint.origin}\n`);
    return 1;
  }
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status !== 200 || typeof answer.Token !== 'string') {
    const code = typeof answer.__type === 'string' ? answer.__type : `HTTP ${String(res.status)}`;
    const message = typeof answer.Message === 'string' ? answer.Message : typeof answer.message === 'string' ? answer.message : '';
    err(`rolegate token: ${code}${message === '' ? '' : `: ${message}`}\n`);
    return 1;
  }
  out(`${answer.Token}\n`);
  return 0;
}

export function endpointOf(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new Error(`the endpoint ${JSON.stringify(text)} is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('the endpoint must be an http:// or https:// URL');
  return u;
}

function parseArgs(args: readonly string[]): Options {
  const o: Options = { audiences: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new Error(`option '${name}' needs a value`);
    switch (name) {
      case '--audience':
        o.audiences.push(value);
        break;
      case '--subject':
        o.subject = value;
        break;
      case '--duration-seconds':
        if (!/^\d{1,9}$/.test(value)) throw new Error('--duration-seconds must be a whole number of seconds');
        o.durationSeconds = Number(value);
        break;
      case '--pod-name':
        o.podName = value;
        break;
      case '--pod-uid':
        o.podUid = value;
        break;
      case '--endpoint':
        o.endpoint = value;
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

/** The caller's keys as the AWS CLI finds static ones: environment, then the profile's credentials, then its config. */
export function callerKeys(env: NodeJS.ProcessEnv, profileFlag: string | undefined): Keys {
  if (profileFlag === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
  }
  const profile = profileFlag ?? (env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default');
  const home = env.HOME ?? homedir();
  const sources: [string, string][] = [
    [env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), profile],
    [env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), profile === 'default' ? 'default' : `profile ${profile}`],
  ];
  for (const [file, section] of sources) {
    const s = iniSection(file, section);
    const id = s?.get('aws_access_key_id');
    const secret = s?.get('aws_secret_access_key');
    if (id && secret) {
      const token = s?.get('aws_session_token');
      return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
    }
  }
  throw new Error(`no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or keys in profile '${profile}'`);
}

function iniSection(file: string, section: string): Map<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let current: string | undefined;
  let found: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (head) {
      current = head[1];
      if (current === section) found ??= new Map();
      continue;
    }
    const eq = line.indexOf('=');
    if (current === section && found !== undefined && eq > 0) found.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return found;
}
