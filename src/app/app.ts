/**
 * Assembles a Rolegate server: store, master key, bootstrap, identities, the request pipeline
 * and the HTTP listener. Time and randomness can be injected (tests control expiry and ids).
 */
import type { Server } from 'node:http';
import { SigV4Authenticator } from '../access/authenticate.js';
import { AuditLog } from '../audit/audit.js';
import type { Config } from '../core/config.js';
import { Services } from '../core/services.js';
import { AuthorizationMessages } from '../credentials/authz-message.js';
import { discardGeneratedKey } from '../credentials/master-key.js';
import { pooledRandom } from '../credentials/random.js';
import { Sealer } from '../credentials/sealing.js';
import { SessionTokenSealer } from '../credentials/session-token.js';
import { createHandler } from '../http/handler.js';
import { type DrainReport, listen } from '../http/listener.js';
import { issuerDocument } from '../federation/issuer/documents.js';
import { IdentityResolver } from '../iam/identity.js';
import { LastAccessedRecorder } from '../iam/last-accessed.js';
import { UsageRecorder } from '../iam/usage.js';
import { CONTROL_POLICIES } from '../organizations/control-policies.js';
import { deletionsIdle, resumeDeletions } from '../iam/service-linked/index.js';
import type { Store } from '../store/types.js';
import { registry } from './actions.js';
import { type BootstrapResult, bootstrap } from './bootstrap.js';
import { MasterKeyMismatch } from './key-check.js';
import { type OpenedData, openData } from './open-data.js';

export interface StartOptions {
  readonly now?: () => Date;
  readonly random?: (n: number) => Uint8Array;
  readonly log?: (line: string) => void;
  /** PostgreSQL: how long a statement may go unanswered (tests shorten the default). */
  readonly queryTimeoutMs?: number;
  /** PostgreSQL: how long a statement waits for a lock (tests shorten the default). */
  readonly lockTimeoutMs?: number;
  /** PostgreSQL: every write holds the write lock alone, as after a lost race (tests). */
  readonly writesAlone?: boolean;
}

export interface RolegateServer {
  readonly url: string;
  readonly server: Server;
  readonly store: Store;
  readonly services: Services;
  readonly bootstrap: BootstrapResult;
  /** Stops accepting, lets requests in flight finish (at most drainMs), flushes the audit log, closes the store. */
  close(drainMs?: number): Promise<DrainReport>;
}

/** How long a shutdown waits for requests in flight before it cuts their connections. */
export const DRAIN_MS = 10_000;

export async function startServer(config: Config, options: StartOptions = {}): Promise<RolegateServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The port first: a busy port ends the start before anything is written.
  const listener = await listen(config.host, config.port);
  let data: OpenedData;
  try {
    data = await openData(config, { log, queryTimeoutMs: options.queryTimeoutMs, lockTimeoutMs: options.lockTimeoutMs, writesAlone: options.writesAlone });
  } catch (e) {
    await listener.close(0);
    throw e;
  }
  const { store, masterKey } = data;
  const services = new Services({
    config,
    store,
    now: options.now ?? (() => new Date()),
    random: options.random ?? pooledRandom,
    sealer: new Sealer(masterKey.key),
    tokens: new SessionTokenSealer(masterKey.key, config.sessionKeyVersion),
    authzMessages: new AuthorizationMessages(masterKey.key),
  });
  try {
    const boot = await bootstrap(store, services, masterKey, data.where);
    // Service-linked role deletions a stopped server left unfinished run now (iam/service-linked/runner.ts).
    await resumeDeletions(services);
    const audit = config.audit ? new AuditLog(config.dataDir) : undefined;
    // The principal port (access/principals.ts): IAM's identities, governed by Organizations' SCPs.
    const scps = services.get(CONTROL_POLICIES);
    const identities = new IdentityResolver(store, services, (account) => scps.levels(account, 'SERVICE_CONTROL_POLICY'));
    const usage = new UsageRecorder(store, log);
    const lastAccessed = new LastAccessedRecorder(store, log);
    listener.serve(
      createHandler({
        store,
        services,
        registry,
        authenticator: new SigV4Authenticator(identities),
        audit,
        log,
        observe: (caller, service, region, now) => usage.record(caller, service, region, now),
        accessed: (caller, service, action, region, now) => lastAccessed.record(caller, service, action, region, now),
        documents: (path) => issuerDocument(services, path),
      }),
    );
    return {
      url: listener.url,
      server: listener.server,
      store,
      services,
      bootstrap: boot,
      async close(drainMs = DRAIN_MS) {
        const report = await listener.close(drainMs);
        // Deletions the last requests submitted finish before the store closes (else the next start runs them).
        await deletionsIdle(services);
        await audit?.close();
        await store.close();
        data.release();
        return report;
      },
    };
  } catch (e) {
    await store.close();
    data.release();
    // A key generated by this start for data it turned out not to open must not be found next time.
    if (e instanceof MasterKeyMismatch) await discardGeneratedKey(config.dataDir, masterKey);
    await listener.close(0);
    throw e;
  }
}
