/**
 * Repeated SIGKILL of a real `rolegate serve` in the middle of concurrent writes, on one data
 * directory (and database): after each kill the server is restarted on the same data and every
 * acknowledged CreateUser of every cycle so far must be there. At the end each one is read whole
 * (its two tags). Used by the crash-durability test and by bench/crash.ts.
 */
import { CreateUserCommand, IAMClient, ListUserTagsCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { ADMIN } from './server.js';
import { GIVEN_ADMIN_ENV, type Serving, serve, stop } from './cli.js';

export interface CrashReport {
  readonly cycles: number;
  /** CreateUser calls answered 200 before their server was killed. */
  readonly acknowledged: number;
  /** Acknowledged users missing after a restart (or found without their tags). */
  readonly lost: string[];
  /** Users present that were never acknowledged: in flight at the kill, committed — allowed. */
  readonly committedUnacknowledged: number;
  /** Calls answered with an error while the server was up (not acknowledged). */
  readonly errors: number;
  /** The first killed server's stderr, when it had something to say. */
  readonly serverLog: string;
}

const client = (url: string): IAMClient => new IAMClient({ endpoint: url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });

async function presentUsers(iam: IAMClient): Promise<Set<string>> {
  const names = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListUsersCommand({ PathPrefix: '/crash/', MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }));
    for (const u of page.Users ?? []) if (u.UserName) names.add(u.UserName);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return names;
}

/** Writes with 8 writers until `perCycle` are acknowledged, then SIGKILLs the server. */
async function writeUntilKilled(running: Serving, cycle: number, perCycle: number, acked: Set<string>, errors: { count: number; log: string }): Promise<void> {
  const iam = client(running.url);
  let ackedHere = 0;
  let killed = false;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; !killed; i++) {
      const name = `crash-${cycle}-${w}-${i}`;
      try {
        await iam.send(new CreateUserCommand({ UserName: name, Path: '/crash/', Tags: [{ Key: 'writer', Value: String(w) }, { Key: 'seq', Value: String(i) }] }));
      } catch {
        if (killed) return; // the server died under us: never acknowledged
        errors.count++; // an error answer (e.g. PostgreSQL contention): not acknowledged, and not ours to judge here
        continue;
      }
      acked.add(name);
      ackedHere++;
    }
  });
  const failed = Promise.all(writers).then(() => undefined);
  while (ackedHere < perCycle) await Promise.race([failed, new Promise((r) => setTimeout(r, 2))]);
  killed = true;
  await stop(running, 'SIGKILL');
  if (errors.log === '') errors.log = running.stderr();
  await failed;
  iam.destroy();
}

export async function crashCycles(dataDir: string, databaseUrl: string | undefined, cycles: number, perCycle = 150): Promise<CrashReport> {
  const o = { dataDir, ...(databaseUrl ? { databaseUrl } : {}), env: { ...GIVEN_ADMIN_ENV, ROLEGATE_AUDIT: 'off', ROLEGATE_MASTER_KEY: 'c3'.repeat(32) } };
  const acked = new Set<string>();
  const errors = { count: 0, log: '' };
  const lost = new Set<string>();
  let present = new Set<string>();
  for (let cycle = 1; cycle <= cycles; cycle++) {
    await writeUntilKilled(await serve(o), cycle, perCycle, acked, errors);
    // The restart right after a SIGKILL also proves the data-directory lock died with its holder.
    const next = await serve(o);
    const iam = client(next.url);
    try {
      present = await presentUsers(iam);
      for (const name of acked) if (!present.has(name)) lost.add(name);
      if (cycle === cycles) {
        for (const name of acked) {
          if (!present.has(name)) continue;
          const tags = await iam.send(new ListUserTagsCommand({ UserName: name }));
          if (tags.Tags?.length !== 2) lost.add(name);
        }
      }
    } finally {
      iam.destroy();
      await stop(next);
    }
  }
  let committedUnacknowledged = 0;
  for (const name of present) if (!acked.has(name)) committedUnacknowledged++;
  return { cycles, acknowledged: acked.size, lost: [...lost], committedUnacknowledged, errors: errors.count, serverLog: errors.log };
}
