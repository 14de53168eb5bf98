/**
 * Scale-out: two Rolegate nodes over one PostgreSQL with the same master key. A session minted by
 * one node works on the other without a database read of the session, and a change made through
 * one node (a deactivated key) takes effect on the other's next request (LISTEN/NOTIFY).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type PostgresCluster, postgresUnavailable, startPostgres } from '../support/postgres.js';
import { rejectsWith, sessionCredentials } from '../support/assert.js';
import { putRole, trustAccount } from '../support/fixtures.js';
import { type TestServer, startTestServer } from '../support/server.js';

const missing = postgresUnavailable();
const skip = missing !== undefined && process.env.CI === undefined ? missing : false;
const MASTER = 'a1'.repeat(32);

describe('two nodes over one PostgreSQL', { skip }, () => {
  let cluster: PostgresCluster;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase('nodes');
    a = await startTestServer({ databaseUrl: url, env: { ROLEGATE_MASTER_KEY: MASTER } });
    b = await startTestServer({ databaseUrl: url, env: { ROLEGATE_MASTER_KEY: MASTER } });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
  });

  it('a session minted by one node is honoured by the other', async () => {
    const role = await putRole(a, 'shared', trustAccount(a.account));
    await a.iam().send(new PutUserPolicyCommand({ UserName: 'admin', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    const s = sessionCredentials(await a.sts().send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'n1' })));
    assert.equal((await b.sts(s).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${a.account}:assumed-role/shared/n1`);
  });

  it('a key deactivated through one node fails on the other at once', async () => {
    await a.iam().send(new CreateUserCommand({ UserName: 'roaming' }));
    const key = (await a.iam().send(new CreateAccessKeyCommand({ UserName: 'roaming' }))).AccessKey!;
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    assert.equal((await b.sts(creds).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${a.account}:user/roaming`);
    await a.iam().send(new UpdateAccessKeyCommand({ UserName: 'roaming', AccessKeyId: key.AccessKeyId!, Status: 'Inactive' }));
    // The notification crosses nodes asynchronously; allow it a moment, then every request must fail.
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await b.sts(creds).send(new GetCallerIdentityCommand({}));
      } catch (e) {
        assert.equal((e as Error).name, 'InvalidClientTokenId');
        break;
      }
      assert.ok(Date.now() < deadline, 'node b still accepts a deactivated key after 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    await rejectsWith(b.sts(creds).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
  });
});
