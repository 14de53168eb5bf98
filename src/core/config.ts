/**
 * `rolegate serve` configuration: flags override environment, environment overrides defaults
 * (the contract in ../shared/ARCHITECTURE.md). Everything is read and checked here, at start: a bad
 * value stops the start with its reason rather than failing a request later.
 */
import { type RoleQuotas, quotasFrom } from './quotas.js';
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly masterKey: string | undefined;
  readonly accountId: string | undefined;
  readonly adminAccessKeyId: string | undefined;
  readonly adminSecretAccessKey: string | undefined;
  /** Write CloudTrail-shaped audit events (default on). */
  readonly audit: boolean;
  /** The session-token key version that seals new tokens (ROLEGATE_SESSION_KEY_VERSION, default 1). */
  readonly sessionKeyVersion: number;
  /** Development only: accept http:// OIDC issuers (ROLEGATE_ALLOW_INSECURE_OIDC=1, default off). */
  readonly allowInsecureOidc?: boolean;
  /** IAM quotas for roles and instance profiles: AWS's, or ROLEGATE_QUOTA_* overrides (core/quotas.ts). */
  readonly quotas: RoleQuotas;
  /** Rolegate's own OIDC issuers live under this https URL (ROLEGATE_ISSUER_URL; federation/issuer/). */
  readonly issuerUrl?: string;
  /** How long an issuer signing key signs before the next takes over (ROLEGATE_ISSUER_KEY_ROTATION_SECONDS). */
  readonly issuerKeyRotationSeconds?: number;
}

const FLAGS: Readonly<Record<string, keyof Config>> = {
  '--host': 'host',
  '--port': 'port',
  '--data-dir': 'dataDir',
  '--database-url': 'databaseUrl',
};

export function parseConfig(args: readonly string[], env: NodeJS.ProcessEnv): Config {
  const flags = new Map<keyof Config, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const key = FLAGS[name];
    if (!key) throw new Error(`unknown option '${name}'`);
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new Error(`option '${name}' needs a value`);
    flags.set(key, value);
  }
  const port = Number(flags.get('port') ?? env.ROLEGATE_PORT ?? '7653');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('the port must be an integer from 0 to 65535');
  const accountId = env.ROLEGATE_ACCOUNT_ID || undefined;
  if (accountId !== undefined && !/^[0-9]{12}$/.test(accountId)) throw new Error('ROLEGATE_ACCOUNT_ID must be 12 digits');
  const adminAccessKeyId = env.ROLEGATE_ADMIN_ACCESS_KEY_ID || undefined;
  const adminSecretAccessKey = env.ROLEGATE_ADMIN_SECRET_ACCESS_KEY || undefined;
  if ((adminAccessKeyId === undefined) !== (adminSecretAccessKey === undefined)) {
    throw new Error('set both ROLEGATE_ADMIN_ACCESS_KEY_ID and ROLEGATE_ADMIN_SECRET_ACCESS_KEY, or neither');
  }
  if (adminAccessKeyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(adminAccessKeyId)) {
    throw new Error('ROLEGATE_ADMIN_ACCESS_KEY_ID must be 16 to 128 characters of [A-Z0-9]');
  }
  if (adminSecretAccessKey !== undefined && adminSecretAccessKey.length !== 40) {
    throw new Error('ROLEGATE_ADMIN_SECRET_ACCESS_KEY must be 40 characters');
  }
  const sessionKeyVersion = Number(env.ROLEGATE_SESSION_KEY_VERSION || '1');
  if (!Number.isInteger(sessionKeyVersion) || sessionKeyVersion < 1 || sessionKeyVersion > 255) {
    throw new Error('ROLEGATE_SESSION_KEY_VERSION must be an integer from 1 to 255');
  }
  return {
    host: flags.get('host') ?? env.ROLEGATE_HOST ?? '127.0.0.1',
    port,
    dataDir: flags.get('dataDir') ?? env.ROLEGATE_DATA_DIR ?? './.rolegate',
    databaseUrl: flags.get('databaseUrl') ?? (env.ROLEGATE_DATABASE_URL || undefined),
    masterKey: env.ROLEGATE_MASTER_KEY || undefined,
    accountId,
    adminAccessKeyId,
    adminSecretAccessKey,
    audit: env.ROLEGATE_AUDIT !== 'off',
    sessionKeyVersion,
    allowInsecureOidc: env.ROLEGATE_ALLOW_INSECURE_OIDC === '1',
    quotas: quotasFrom(env),
    ...issuerConfig(env),
  };
}

/**
 * Rolegate's OIDC issuer base URL: https://host[:port][/path], no query, fragment or trailing
 * slash. The default names the loopback (RFC 6761 reserves `.localhost`): a relying party outside
 * this machine needs a URL it can reach over TLS (a reverse proxy in front of Rolegate).
 */
function issuerConfig(env: NodeJS.ProcessEnv): { issuerUrl: string; issuerKeyRotationSeconds: number } {
  const issuerUrl = env.ROLEGATE_ISSUER_URL || 'https://rolegate.localhost';
  let u: URL | undefined;
  try {
    u = new URL(issuerUrl);
  } catch {
    u = undefined;
  }
  const insecureOk = env.ROLEGATE_ALLOW_INSECURE_OIDC === '1' && issuerUrl.startsWith('http://');
  if (u === undefined || !(issuerUrl.startsWith('https://') || insecureOk) || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '' || issuerUrl.endsWith('/') || /\s/.test(issuerUrl)) {
    throw new Error('ROLEGATE_ISSUER_URL must be https://host[:port][/path] without a query or a trailing slash');
  }
  const rotation = Number(env.ROLEGATE_ISSUER_KEY_ROTATION_SECONDS || '86400');
  if (!Number.isInteger(rotation) || rotation < 3600 || rotation > 90 * 86400) {
    throw new Error('ROLEGATE_ISSUER_KEY_ROTATION_SECONDS must be an integer from 3600 to 7776000');
  }
  return { issuerUrl, issuerKeyRotationSeconds: rotation };
}
