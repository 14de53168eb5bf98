/**
 * Finished service-linked role deletion tasks are kept for 24 hours after they end, and at most
 * 1000 per account (README; AWS documents no retention), then purged: their id then answers as an
 * unknown one does, NoSuchEntity 404. The clock is injected: no timing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, GetServiceLinkedRoleDeletionStatusCommand, type IAMClient } from '@aws-sdk/client-iam';
import { SLR_KIND } from '../../src/iam/service-linked/model.js';
import { DELETIONS } from '../../src/iam/service-linked/runner.js';
import { rejectsWith } from '../support/iam-identity.js';
import { postgresUnavailable, startPostgres } from '../support/postgres.js';
import { rolegateClient } from '../support/rolegate-client.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { settled } from '../support/service-linked.js';

const HOUR = 60 * 60 * 1000;

/** The suite on SQLite, or on PostgreSQL (`postgres`: the URL of a database) without the long bound test. */
function retentionSuite(postgres?: () => Promise<{ url: string; stop: () => Promise<void> }>): void {
  // Starts at the wall clock's time: the rolegate client signs in it (it takes no clock offset).
  let clock = new Date(Math.floor(Date.now() / 1000) * 1000);
  let t: TestServer;
  let stop: (() => Promise<void>) | undefined;
  before(async () => {
    const pg = await postgres?.();
    stop = pg?.stop;
    t = await startTestServer({ now: () => clock, ...(pg === undefined ? {} : { databaseUrl: pg.url }) });
  });
  after(async () => {
    await t.close();
    await stop?.();
  });

  const submit = async (iam: IAMClient, roleName: string): Promise<string> => (await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName }))).DeletionTaskId ?? '';
  const stored = (id: string) => t.server.store.read((tx) => tx.get(t.account, SLR_KIND.deletionTask, id));

  it('a finished task answers for 24 hours, then NoSuchEntity as an unknown id; the next deletion in its account purges it', async () => {
    let iam = t.iam();
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }));
    assert.equal((await rolegateClient(t).send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForBatch', ResourceArns: [`arn:aws:batch:us-east-1:${t.account}:job-queue/q`] })).status, 200);
    // For the next test, while the clock is the wall clock's.
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'fis.amazonaws.com' }));
    assert.equal((await rolegateClient(t).send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForFIS', ResourceArns: [`arn:aws:fis:us-east-1:${t.account}:experiment/e`] })).status, 200);
    const succeeded = await submit(iam, 'AWSServiceRoleForECS');
    const failed = await submit(iam, 'AWSServiceRoleForBatch');
    assert.equal((await settled(iam, succeeded)).Status, 'SUCCEEDED');
    assert.equal((await settled(iam, failed)).Status, 'FAILED');

    clock = new Date(clock.getTime() + 24 * HOUR - 1000);
    iam = t.iam(); // signs in the server's new time
    assert.equal((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: succeeded }))).Status, 'SUCCEEDED');
    assert.equal((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: failed }))).Status, 'FAILED');

    clock = new Date(clock.getTime() + 1000);
    iam = t.iam();
    for (const id of [succeeded, failed]) {
      await rejectsWith(iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id })), 'NoSuchEntity', `Deletion task ${id} cannot be found.`, 404);
    }
    // Expired but not yet purged: nothing in the account has run since.
    assert.ok(await stored(succeeded));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'kafka.amazonaws.com' }));
    const next = await submit(iam, 'AWSServiceRoleForKafka');
    assert.equal((await settled(iam, next)).Status, 'SUCCEEDED');
    assert.equal(await stored(succeeded), undefined);
    assert.equal(await stored(failed), undefined);
    const finished = await t.server.store.read((tx) => tx.list(t.account, SLR_KIND.finished, { limit: 10 }));
    assert.deepEqual(
      finished.map((f) => f.key),
      [`${clock.toISOString()}/${next}`],
    );
  });

  // The bound is store-independent code and costs ~20 s of writes: it runs on SQLite only.
  if (postgres === undefined) {
    it('an account keeps at most 1000 finished tasks: the oldest are purged first', async () => {
      // AWSServiceRoleForFIS is in use (declared above): each request makes a task that FAILS.
      const iam = t.iam();
      const runner = t.server.services.get(DELETIONS);
      const ids: string[] = [];
      for (let i = 0; i < 1001; i++) {
        clock = new Date(clock.getTime() + 1); // completion times in submission order
        ids.push(await submit(iam, 'AWSServiceRoleForFIS'));
        await runner.idle();
      }
      const count = await t.server.store.read((tx) => tx.count(t.account, SLR_KIND.deletionTask));
      assert.equal(count, 1000);
      // The kafka task of the first test and the first FIS task are the two oldest.
      await rejectsWith(iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: ids[0] })), 'NoSuchEntity', undefined, 404);
      assert.equal((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: ids[1] }))).Status, 'FAILED');
      assert.equal((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: ids[1000] }))).Status, 'FAILED');
    });
  }
}

describe('finished service-linked role deletion tasks: retention and purge', () => retentionSuite());

const missing = postgresUnavailable();
describe('finished service-linked role deletion tasks on PostgreSQL', { skip: missing !== undefined && process.env.CI === undefined ? missing : false }, () =>
  retentionSuite(async () => {
    const cluster = await startPostgres();
    return { url: cluster.url, stop: () => cluster.stop() };
  }),
);
