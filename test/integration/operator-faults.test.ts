/**
 * Operator faults on the SQLite store, through the real `rolegate serve`: a second process on one
 * data directory, a wrong or missing master key, an empty database file, a busy port, and start
 * messages that say only what is true.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import Database from 'better-sqlite3';
import { startServer } from '../../src/app/app.js';
import { parseConfig } from '../../src/core/config.js';
import { type Credentials, ADMIN, startTestServer } from '../support/server.js';
import { GIVEN_ADMIN_ENV, refusal, serve, stop } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'rolegate-operator-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `d${++n}`);
const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
const sts = (url: string, creds: Credentials): STSClient => new STSClient({ endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });

describe('one process per SQLite data directory', () => {
  it('a second process exits at once naming the directory and the holder; a SIGKILLed holder frees it', async () => {
    const dir = freshDir();
    const first = await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    const second = await refusal({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    assert.equal(second.code, 1, second.stdout());
    assert.match(second.stderr(), new RegExp(`data directory ${dir} is in use by another Rolegate process \\(pid ${first.proc.pid}\\)`));
    assert.doesNotMatch(second.stdout(), /serving/);
    // The holder still serves.
    const c = sts(first.url, ADMIN);
    assert.equal((await c.send(new GetCallerIdentityCommand({}))).Account, GIVEN_ADMIN_ENV.ROLEGATE_ACCOUNT_ID);
    c.destroy();
    assert.equal(await stop(first, 'SIGKILL'), 'SIGKILL');
    const third = await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    await stop(third);
  });

  it('a deleted lock file does not let a second process in while the holder runs', async () => {
    const dir = freshDir();
    const first = await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    try {
      rmSync(join(dir, 'rolegate.lock'));
      for (let attempt = 0; attempt < 2; attempt++) {
        const second = await refusal({ dataDir: dir, env: GIVEN_ADMIN_ENV });
        assert.equal(second.code, 1, second.stdout());
        assert.match(second.stderr(), new RegExp(`rolegate.lock was deleted while pid ${first.proc.pid} .*may still hold the data directory`));
      }
    } finally {
      await stop(first);
    }
    // Stopped cleanly: no pid file left, the next start takes the directory.
    await stop(await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV }));
  });

  it('a refused second start in the same process leaves the first one\'s lock held', async () => {
    // POSIX record locks belong to the process: closing any descriptor of the lock file, as a
    // refused second start might, would silently drop the lock the first start holds.
    const t = await startTestServer();
    try {
      const config = parseConfig(['--port', '0', '--data-dir', t.dataDir], GIVEN_ADMIN_ENV);
      await assert.rejects(startServer(config, { log: () => {} }), /is in use by this process already/);
      const other = await refusal({ dataDir: t.dataDir, env: GIVEN_ADMIN_ENV });
      assert.equal(other.code, 1, other.stdout());
      assert.match(other.stderr(), new RegExp(`in use by another Rolegate process \\(pid ${process.pid}\\)`));
    } finally {
      await t.close();
    }
  });
});

describe('the master key is checked against the data', () => {
  it('a wrong ROLEGATE_MASTER_KEY is refused, naming the variable; a missing one too, and no key file is generated', async () => {
    const dir = freshDir();
    const first = await serve({ dataDir: dir, env: { ...GIVEN_ADMIN_ENV, ROLEGATE_MASTER_KEY: KEY_A } });
    await stop(first);
    const wrong = await refusal({ dataDir: dir, env: { ...GIVEN_ADMIN_ENV, ROLEGATE_MASTER_KEY: KEY_B } });
    assert.equal(wrong.code, 1, wrong.stdout());
    assert.match(wrong.stderr(), new RegExp(`master key from ROLEGATE_MASTER_KEY \\(environment\\) does not open the existing data in ${join(dir, 'rolegate.db')}`));
    assert.doesNotMatch(wrong.stderr(), new RegExp(KEY_B), 'never the key itself');
    const missing = await refusal({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    assert.equal(missing.code, 1, missing.stdout());
    assert.match(missing.stderr(), /has no master key here: ROLEGATE_MASTER_KEY is not set and .*master\.key does not exist/);
    assert.equal(existsSync(join(dir, 'master.key')), false, 'no new key was generated for existing data');
    const right = await serve({ dataDir: dir, env: { ...GIVEN_ADMIN_ENV, ROLEGATE_MASTER_KEY: KEY_A } });
    await stop(right);
  });

  it('a replaced master.key file is refused, naming the file', async () => {
    const dir = freshDir();
    await stop(await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV }));
    const file = join(dir, 'master.key');
    writeFileSync(file, `${KEY_B}\n`, { mode: 0o600 });
    const p = await refusal({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    assert.equal(p.code, 1, p.stdout());
    assert.match(p.stderr(), new RegExp(`master key from ${file} \\(read from the file\\) does not open the existing data`));
  });

  it('data of earlier builds (no key check) is adopted only when the key opens the admin secret', async () => {
    const dir = freshDir();
    await stop(await serve({ dataDir: dir, env: { ...GIVEN_ADMIN_ENV, ROLEGATE_MASTER_KEY: KEY_A } }));
    const dropMeta = (): void => {
      const db = new Database(join(dir, 'rolegate.db'));
      db.prepare("DELETE FROM items WHERE kind = 'meta'").run();
      db.close();
    };
    dropMeta();
    const wrong = await refusal({ dataDir: dir, env: { ...GIVEN_ADMIN_ENV, ROLEGATE_MASTER_KEY: KEY_B } });
    assert.equal(wrong.code, 1, wrong.stdout());
    assert.match(wrong.stderr(), /ROLEGATE_MASTER_KEY \(environment\) does not open the existing data/);
    const right = await serve({ dataDir: dir, env: { ...GIVEN_ADMIN_ENV, ROLEGATE_MASTER_KEY: KEY_A } });
    assert.match(right.stdout(), /account 111111111111/);
    await stop(right);
    // Adopted: the check is now stored, so a wrong key is refused by it.
    const db = new Database(join(dir, 'rolegate.db'), { readonly: true });
    assert.equal((db.prepare("SELECT count(*) AS n FROM items WHERE kind = 'meta'").get() as { n: number }).n, 2);
    db.close();
  });

  it('a 0-byte rolegate.db is not a fresh install', async () => {
    // A truncated database (a failed restore, a full disk): the start must not bootstrap over it.
    const empty = freshDir();
    mkdirSync(empty, { mode: 0o700 });
    writeFileSync(join(empty, 'rolegate.db'), '');
    const p = await refusal({ dataDir: empty, env: GIVEN_ADMIN_ENV });
    assert.equal(p.code, 1, p.stdout());
    assert.match(p.stderr(), new RegExp(`${join(empty, 'rolegate.db')} is empty \\(0 bytes\\)`));
    assert.equal(statSync(join(empty, 'rolegate.db')).size, 0, 'left as it was');
    assert.equal(existsSync(join(empty, 'master.key')), false);
  });

  it('rolegate.db deleted but its -wal left (a crashed server): refused, never replayed onto a new database', async () => {
    // SQLite would replay the old write-ahead log onto the new file: old pages over new ones.
    const dir = freshDir();
    await stop(await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV }), 'SIGKILL');
    const db = join(dir, 'rolegate.db');
    assert.ok(existsSync(`${db}-wal`), 'a killed server leaves its write-ahead log');
    rmSync(db);
    const p = await refusal({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    assert.equal(p.code, 1, p.stdout());
    assert.match(p.stderr(), new RegExp(`${db} does not exist but ${db}-wal does`));
    assert.equal(existsSync(db), false, 'no new database was created');
    rmSync(`${db}-wal`);
    rmSync(`${db}-shm`, { force: true });
    await stop(await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV }));
  });
});

describe('start messages say only what is true', () => {
  it('a busy port: one line, exit code 1, nothing written', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const dir = freshDir();
    try {
      const p = await refusal({ dataDir: dir, port });
      assert.equal(p.code, 1, p.stdout());
      assert.equal(p.stderr(), `rolegate: cannot listen on 127.0.0.1:${port}: the address is already in use\n`);
      assert.equal(p.stdout(), '');
      assert.equal(existsSync(dir), false, 'no data directory, key or database was created');
    } finally {
      blocker.close();
    }
  });

  it('an admin secret given in the environment is never printed and no file claims it', async () => {
    const dir = freshDir();
    const first = await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    assert.match(first.stdout(), new RegExp(`created the admin user of account 111111111111 with the access key ${ADMIN.accessKeyId} given in ROLEGATE_ADMIN_ACCESS_KEY_ID`));
    await stop(first);
    const again = await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    await stop(again);
    for (const out of [first.stdout(), first.stderr(), again.stdout(), again.stderr()]) {
      assert.ok(!out.includes(ADMIN.secretAccessKey), 'the given secret was printed');
      assert.doesNotMatch(out, /admin-credentials/);
    }
    assert.equal(existsSync(join(dir, 'admin-credentials')), false);
  });

  it('a generated secret is printed once and saved; a restart names the admin account and the file', async () => {
    const dir = freshDir();
    const env = { ROLEGATE_ACCOUNT_ID: '999999999999' };
    const first = await serve({ dataDir: dir, env });
    const secret = /aws_secret_access_key = (\S+)/.exec(first.stdout())?.[1];
    const keyId = /aws_access_key_id {5}= (\S+)/.exec(first.stdout())?.[1];
    assert.ok(secret && keyId, first.stdout());
    const file = join(dir, 'admin-credentials');
    assert.equal(readFileSync(file, 'utf8'), `[rolegate]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const creds = { accessKeyId: keyId, secretAccessKey: secret };
    // A member account whose id sorts before the admin's.
    const org = new OrganizationsClient({ endpoint: first.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    await org.send(new CreateAccountCommand({ Email: 'm@example.com', AccountName: 'member' }));
    org.destroy();
    await stop(first);

    const again = await serve({ dataDir: dir, env });
    assert.match(again.stdout(), /serving .* \(account 999999999999,/);
    assert.match(again.stdout(), new RegExp(`admin user of account 999999999999: the access key created on first start was saved in ${file}`));
    assert.ok(!again.stdout().includes(secret), 'the secret is shown once');
    const iam = new IAMClient({ endpoint: again.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    assert.equal((await iam.send(new GetUserCommand({}))).User?.UserName, 'admin');
    iam.destroy();
    await stop(again);

    rmSync(file);
    const third = await serve({ dataDir: dir, env });
    assert.doesNotMatch(third.stdout(), /admin-credentials|printed/, 'no claim about a file that is not there');
    await stop(third);
  });

  it('a start killed between its commit and its rename: the next start puts the committed secret in place', async () => {
    const dir = freshDir();
    const first = await serve({ dataDir: dir });
    await stop(first);
    const file = join(dir, 'admin-credentials');
    const committed = readFileSync(file, 'utf8');
    // As the killed start left it: the secret under its pending name, next to a never-committed one.
    renameSync(file, `${file}.pending-4242`);
    const stray = `[rolegate]\naws_access_key_id = AKIANEVERCOMMITTED01\naws_secret_access_key = ${'s'.repeat(40)}\n`;
    writeFileSync(`${file}.pending-4343`, stray, { mode: 0o600 });
    const again = await serve({ dataDir: dir });
    await stop(again);
    assert.equal(readFileSync(file, 'utf8'), committed);
    assert.match(again.stdout(), /the access key created on first start was saved in/);
    assert.equal(readFileSync(`${file}.pending-4343`, 'utf8'), stray, 'an uncommitted key is never put in place');
  });
});
