/**
 * Starts a real Rolegate server (real HTTP, real SQLite file or PostgreSQL) for integration
 * tests, and hands out AWS SDK v3 clients pointed at it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { type RolegateServer, startServer } from '../../src/app/app.js';
import { parseConfig } from '../../src/core/config.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface TestServer {
  readonly url: string;
  readonly account: string;
  readonly admin: Credentials;
  readonly server: RolegateServer;
  readonly dataDir: string;
  iam(creds?: Credentials): IAMClient;
  sts(creds?: Credentials): STSClient;
  organizations(creds?: Credentials): OrganizationsClient;
  close(): Promise<void>;
}

export const TEST_ACCOUNT = '111111111111';
export const ADMIN: Credentials = { accessKeyId: 'AKIAROLEGATETESTADMIN', secretAccessKey: 'x'.repeat(36) + 'TEST' };

export interface TestServerOptions {
  readonly databaseUrl?: string;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the server's log lines (default: dropped). */
  readonly log?: (line: string) => void;
  /** PostgreSQL: how long a statement may go unanswered before the node gives up on it. */
  readonly queryTimeoutMs?: number;
  /** PostgreSQL: how long a statement waits for a lock before the write is retried. */
  readonly lockTimeoutMs?: number;
  /** PostgreSQL: every write holds the write lock alone, as after a lost race. */
  readonly writesAlone?: boolean;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-test-'));
  const config = parseConfig(['--port', '0', '--data-dir', dataDir, ...(options.databaseUrl ? ['--database-url', options.databaseUrl] : [])], {
    ROLEGATE_ACCOUNT_ID: TEST_ACCOUNT,
    ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    ...options.env,
  });
  const server = await startServer(config, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.queryTimeoutMs === undefined ? {} : { queryTimeoutMs: options.queryTimeoutMs }),
    ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
    ...(options.writesAlone === undefined ? {} : { writesAlone: options.writesAlone }),
    log: options.log ?? (() => {}),
  });
  // With an injected clock the SDK must sign in the server's time, not the wall clock.
  const clientConfig = (creds: Credentials = ADMIN) => ({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: creds,
    maxAttempts: 1,
    ...(options.now ? { systemClockOffset: options.now().getTime() - Date.now() } : {}),
  });
  return {
    url: server.url,
    account: server.bootstrap.account,
    admin: ADMIN,
    server,
    dataDir,
    iam: (creds) => new IAMClient(clientConfig(creds)),
    sts: (creds) => new STSClient(clientConfig(creds)),
    organizations: (creds) => new OrganizationsClient(clientConfig(creds)),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
