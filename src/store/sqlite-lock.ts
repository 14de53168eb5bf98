/**
 * One process per SQLite data directory. Two servers on one SQLite file would each keep caches
 * the other never invalidates (the change feed is in-process), so a key revoked through one would
 * keep working through the other.
 *
 * The lock is an OS file lock, taken through SQLite: `<data-dir>/rolegate.lock` is a small SQLite
 * database opened with `locking_mode=EXCLUSIVE` and written once, so its connection holds an
 * exclusive POSIX lock (fcntl) until it is closed. The kernel drops such a lock when its process
 * dies for any reason, SIGKILL and power loss included, so a crashed holder never leaves a stale
 * lock behind and there is no pid-liveness guesswork (pid reuse, check-then-create races) as
 * with an O_EXCL pid file. Node has no flock(); SQLite's locking is the portable one we already
 * ship. Like any fcntl lock it relies on the filesystem: a network filesystem without working
 * locks (some NFS set-ups) does not give this guarantee.
 *
 * The holder's pid is written next to it, in `rolegate.pid`, for the refusal message only: the
 * lock decides, the pid file informs.
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'rolegate.lock';
export const PID_FILE = 'rolegate.pid';

export interface DataDirLock {
  release(): void;
}

/** Another process holds the data directory. */
export class DataDirBusy extends Error {
  constructor(dataDir: string, pid: number | undefined, why?: string) {
    super(
      `the data directory ${dataDir} is in use by ${pid === process.pid ? 'this process already' : `another Rolegate process (${pid === undefined ? 'pid unknown' : `pid ${pid}`})`}; ` +
        (why ?? 'one SQLite data directory serves one process: stop that process, or give this one another --data-dir'),
    );
    this.name = 'DataDirBusy';
  }
}

function holderPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, PID_FILE), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process of this pid exists (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataDirBusy at once (no waiting). The directory must exist. */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  // Created private, but never opened (and closed) by us when it exists: closing any descriptor
  // of a file drops every POSIX lock this process holds on it, a lock held by an earlier start in
  // this process included. O_EXCL fails without opening anything.
  let created = false;
  try {
    closeSync(openSync(file, 'wx', 0o600));
    created = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // timeout 0: a held lock is an answer, not something to wait for.
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // Nothing of value is kept in it: no journal file next to it.
    db.pragma('journal_mode = MEMORY');
    // The first write takes the EXCLUSIVE lock; in this locking mode it is kept until close().
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    db.exec('COMMIT');
  } catch (e) {
    db.close();
    if ((e as { code?: unknown }).code === 'SQLITE_BUSY') throw new DataDirBusy(dataDir, holderPid(dataDir));
    throw e;
  }
  // A lock file deleted under a running holder (a "stale lock" clean-up) would let this process
  // lock a new file next to a server still serving: the holder's pid file tells. It is read only
  // when the lock file was missing, which a clean stop or a crash never causes.
  const previous = created ? holderPid(dataDir) : undefined;
  if (previous !== undefined && previous !== process.pid && alive(previous)) {
    // Removed while still locked by us: the next start finds no lock file either, and refuses too.
    unlinkSync(file);
    db.close();
    throw new DataDirBusy(
      dataDir,
      previous,
      `${file} was deleted while pid ${previous} (named in ${join(dataDir, PID_FILE)}) may still hold the data directory; ` +
        `stop that process, or if it is not a Rolegate server, delete ${join(dataDir, PID_FILE)}`,
    );
  }
  const pidFile = join(dataDir, PID_FILE);
  const temp = `${pidFile}.${process.pid}`;
  writeFileSync(temp, `${process.pid}\n`, { mode: 0o600 });
  renameSync(temp, pidFile);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      // Still under the lock: no other process can have written the pid file since.
      if (holderPid(dataDir) === process.pid) {
        try {
          unlinkSync(pidFile);
        } catch {
          // already gone
        }
      }
      db.close();
    },
  };
}
