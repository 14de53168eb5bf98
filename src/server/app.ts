/**
 * Assembles a Rolegate server: store, master key, bootstrap, identities, the request pipeline
 * and the HTTP listener. Time and randomness can be injected (tests control expiry and ids).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditLog } from '../audit/audit.js';
import { AuthorizationMessages } from '../credentials/authz-message.js';
import { loadMasterKey } from '../credentials/master-key.js';
import { pooledRandom } from '../credentials/random.js';
import { Sealer } from '../credentials/sealing.js';
import { SessionTokenSealer } from '../credentials/session-token.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { SigV4Authenticator } from './authenticate.js';
import { type BootstrapResult, bootstrap } from './bootstrap.js';
import type { Config } from './config.js';
import { IdentityResolver } from './identity.js';
import { ReadCache } from './read-cache.js';
import { createHandler } from './pipeline.js';
import type { Services } from './services.js';

export interface StartOptions {
  readonly now?: () => Date;
  readonly random?: (n: number) => Uint8Array;
  readonly log?: (line: string) => void;
  /** PostgreSQL: how long a statement may go unanswered (tests shorten the default). */
  readonly queryTimeoutMs?: number;
  /** PostgreSQL: how long a statement waits for a lock (tests shorten the default). */
  readonly lockTimeoutMs?: number;
}

export interface RolegateServer {
  readonly url: string;
  readonly server: Server;
  readonly store: Store;
  readonly services: Services;
  readonly bootstrap: BootstrapResult;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RolegateServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const masterKey = await loadMasterKey(config.dataDir, config.masterKey);
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log, queryTimeoutMs: options.queryTimeoutMs, lockTimeoutMs: options.lockTimeoutMs });
  const services: Services = {
    config,
    now: options.now ?? (() => new Date()),
    random: options.random ?? pooledRandom,
    sealer: new Sealer(masterKey),
    tokens: new SessionTokenSealer(masterKey, config.sessionKeyVersion),
    authzMessages: new AuthorizationMessages(masterKey),
    cache: new ReadCache(store),
  };
  try {
    const boot = await bootstrap(store, services);
    const audit = config.audit ? new AuditLog(config.dataDir) : undefined;
    const identities = new IdentityResolver(store, services);
    const handler = createHandler({ store, services, authenticator: new SigV4Authenticator(identities), audit, log });
    const server = createServer({ keepAliveTimeout: 65_000 }, handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return {
      url: `http://${host}:${addr.port}`,
      server,
      store,
      services,
      bootstrap: boot,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await audit?.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
