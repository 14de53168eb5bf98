/**
 * Operator faults with PostgreSQL, through the real `rolegate serve`: a first start whose data
 * directory is missing or unwritable, nodes joining with another master key or none, and what a
 * second node says about the admin credentials.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type PostgresCluster, postgresUnavailable, startPostgres } from '../support/postgres.js';
import { GIVEN_ADMIN_ENV, refusal, serve, stop } from '../support/cli.js';

const missing = postgresUnavailable();
const skip = missing !== undefined && process.env.CI === undefined ? missing : false;
const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);

describe('operator faults on PostgreSQL', { skip }, () => {
  let cluster: PostgresCluster;
  const root = mkdtempSync(join(tmpdir(), 'rolegate-operator-pg-'));
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    await cluster?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a missing data directory is created and the generated admin secret written to it', async () => {
    const url = await cluster.createDatabase('missing_dir');
    const dir = join(root, 'not', 'there', 'yet');
    const first = await serve({ dataDir: dir, databaseUrl: url, env: { ROLEGATE_MASTER_KEY: KEY_A } });
    try {
      const keyId = /aws_access_key_id {5}= (\S+)/.exec(first.stdout())?.[1];
      const secret = /aws_secret_access_key = (\S+)/.exec(first.stdout())?.[1];
      assert.ok(keyId && secret, first.stdout() + first.stderr());
      assert.equal(readFileSync(join(dir, 'admin-credentials'), 'utf8'), `[rolegate]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`);
      const sts = new STSClient({ endpoint: first.url, region: 'us-east-1', credentials: { accessKeyId: keyId, secretAccessKey: secret }, maxAttempts: 1 });
      assert.match((await sts.send(new GetCallerIdentityCommand({}))).Arn ?? '', /:user\/admin$/);
      sts.destroy();
    } finally {
      await stop(first);
    }
  });

  it('a data directory that cannot be written fails the first start with nothing committed', async () => {
    const url = await cluster.createDatabase('unwritable_dir');
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const failed = await refusal({ dataDir: join(file, 'data'), databaseUrl: url, env: { ROLEGATE_MASTER_KEY: KEY_A } });
    assert.equal(failed.code, 1, failed.stdout());
    assert.match(failed.stderr(), /ENOTDIR/);
    // Nothing was bootstrapped: the next start creates the admin and hands its secret over.
    const dir = join(root, 'writable');
    const next = await serve({ dataDir: dir, databaseUrl: url, env: { ROLEGATE_MASTER_KEY: KEY_A } });
    await stop(next);
    assert.match(next.stdout(), /created the admin user of account \d{12}\. Its credentials \(shown once\)/);
    assert.ok(existsSync(join(dir, 'admin-credentials')));
  });

  it('a node with another master key, or none, is refused; a second node says only what is true', async () => {
    const url = await cluster.createDatabase('nodes');
    const env = { ...GIVEN_ADMIN_ENV, ROLEGATE_MASTER_KEY: KEY_A };
    const a = await serve({ dataDir: join(root, 'node-a'), databaseUrl: url, env });
    try {
      const b = await serve({ dataDir: join(root, 'node-b'), databaseUrl: url, env });
      await stop(b);
      assert.match(b.stdout(), /\(account 111111111111, data in /);
      assert.doesNotMatch(b.stdout(), /admin-credentials|created|printed/, 'a second node claims nothing it did not do');

      const other = await refusal({ dataDir: join(root, 'node-c'), databaseUrl: url, env: { ...env, ROLEGATE_MASTER_KEY: KEY_B } });
      assert.equal(other.code, 1, other.stdout());
      assert.match(other.stderr(), /master key from ROLEGATE_MASTER_KEY \(environment\) does not open the existing data in the PostgreSQL database 127\.0\.0\.1:\d+\/nodes/);

      const noKeyDir = join(root, 'node-d');
      const none = await refusal({ dataDir: noKeyDir, databaseUrl: url, env: GIVEN_ADMIN_ENV });
      assert.equal(none.code, 1, none.stdout());
      assert.match(none.stderr(), /has no master key here: ROLEGATE_MASTER_KEY is not set/);
      assert.equal(existsSync(join(noKeyDir, 'master.key')), false, 'no key of its own was generated');
    } finally {
      await stop(a);
    }
  });
});
