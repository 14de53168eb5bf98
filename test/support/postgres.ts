/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp dir, start on a free
 * port listening on 127.0.0.1 only (its unix socket inside the temp dir), trust auth, stop and
 * delete everything at the end. PostgreSQL refuses to run as root, so as root every command runs
 * as Debian's `postgres` system user (created by `apt-get install postgresql`) via runuser.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresCluster {
  /** A database created for the caller: postgres://postgres@127.0.0.1:<port>/rolegate_test */
  readonly url: string;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /**
   * Shuts the server down until resume(): 'fast' terminates sessions cleanly, 'immediate' is a
   * crash (sockets simply close; recovery replays the WAL on restart).
   */
  halt(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /**
   * Keep synchronous_commit on (PostgreSQL's default) for tests that count acknowledged writes
   * across restarts; off by default for speed (throwaway data).
   */
  readonly synchronousCommit?: boolean;
}

/** The folder holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  const has = (dir: string): boolean => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  const env = process.env['ROLEGATE_PG_BIN'];
  if (env && has(env)) return env;
  // Debian/Ubuntu keep the server binaries out of PATH, one folder per major version: newest first.
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(join(debian, v, 'bin'))) return join(debian, v, 'bin');
  }
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) if (dir && has(dir)) return dir;
  return undefined;
}

/** Why PostgreSQL tests cannot run here, for the skip message; undefined when they can. */
export function postgresUnavailable(): string | undefined {
  return findPostgresBin() ? undefined : 'PostgreSQL is not installed (apt-get install -y postgresql)';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresUnavailable());
  const asRoot = process.getuid?.() === 0;
  // As root, use /tmp (TMPDIR might be under /root, which the postgres user cannot enter).
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'rolegate-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  chmodSync(dir, 0o700);
  if (asRoot) {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const pgRun = (cmd: string, args: string[]): Promise<unknown> => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    return run(file, argv, { cwd: dir, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });
  };
  let stopped = false;
  const stopSync = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      const args = [join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', ...args], { cwd: dir, stdio: 'ignore' });
      else execFileSync(args[0] ?? '', args.slice(1), { cwd: dir, stdio: 'ignore' });
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // If the test process exits without stop() (a crash), do not leave a server behind.
  process.once('exit', stopSync);
  try {
    await pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    let port = 0;
    let opts = '';
    const sync = options.synchronousCommit === true ? 'on' : 'off';
    const start = (): Promise<unknown> => pgRun('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', opts, 'start']);
    for (let tries = 1; ; tries++) {
      port = await freePort();
      // Throwaway data: durability settings off for speed. Only 127.0.0.1 and a private socket dir.
      opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=${sync} -c full_page_writes=off`;
      try {
        await start();
        break;
      } catch (err) {
        if (tries >= 3) throw new Error(`pg_ctl start failed: ${String(err)}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
      }
    }
    const base = `postgres://postgres@127.0.0.1:${port}`;
    const createDatabase = async (name: string): Promise<string> => {
      // An identifier cannot be a bind parameter; only fixed-shape test names are accepted.
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new TypeError(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    };
    const url = await createDatabase('rolegate_test');
    return {
      url,
      createDatabase,
      async halt(mode = 'fast') {
        await pgRun('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      },
      async resume() {
        await start();
      },
      stop() {
        process.removeListener('exit', stopSync);
        stopSync();
        return Promise.resolve();
      },
    };
  } catch (err) {
    process.removeListener('exit', stopSync);
    stopSync();
    throw err;
  }
}

