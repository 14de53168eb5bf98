/**
 * Service-linked role deletion tasks as AWS's API reference describes them
 * (API_GetServiceLinkedRoleDeletionStatus.html, API_DeleteServiceLinkedRole.html): a task is
 * NOT_STARTED while it waits, IN_PROGRESS while it runs, then SUCCEEDED or FAILED; "if you call
 * this operation more than once for the same service-linked role and an earlier deletion task is
 * not complete, then the DeletionTaskId of the earlier request is returned". Pending tasks are
 * bounded per account, and one account's many tasks do not hold back another's.
 * The runner is held through its test seam (support/service-linked.ts): no timing.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, GetRoleCommand, GetServiceLinkedRoleDeletionStatusCommand, type IAMClient } from '@aws-sdk/client-iam';
import { DELETIONS } from '../../src/iam/service-linked/runner.js';
import { rejectsWith } from '../support/iam-identity.js';
import { type PostgresCluster, postgresUnavailable, startPostgres } from '../support/postgres.js';
import { rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { type HeldDeletions, holdDeletions, settled } from '../support/service-linked.js';
import { createOrgWithMember, memberAdmin } from './organizations-policies-support.js';

const status = async (iam: IAMClient, id: string): Promise<string | undefined> => (await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id }))).Status;
const submit = async (iam: IAMClient, roleName: string): Promise<string> => (await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName }))).DeletionTaskId ?? '';

/** The suite, on a server `start` makes (SQLite, or PostgreSQL below: the pending index is read by prefix in both). */
function taskSuite(start: () => Promise<TestServer>, stop?: () => Promise<void>): void {
  let t: TestServer;
  let iam: IAMClient;
  let member: Credentials;
  let held: HeldDeletions | undefined;

  before(async () => {
    t = await start();
    iam = t.iam();
    member = await memberAdmin(t, (await createOrgWithMember(t)).memberId);
  });
  beforeEach(async () => {
    // A test that failed left tasks held: let them finish before the next one holds the runner.
    held?.stop();
    held = undefined;
    await t.server.services.get(DELETIONS).idle();
  });
  after(async () => {
    held?.stop();
    await t.close();
    await stop?.();
  });

  it('a task is NOT_STARTED while it waits, IN_PROGRESS while it runs, then SUCCEEDED', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'eks.amazonaws.com' }));
    held = holdDeletions(t.server);
    const ecs = await submit(iam, 'AWSServiceRoleForECS');
    await held.reached(ecs);
    assert.equal(await status(iam, ecs), 'IN_PROGRESS');
    // Behind it, the next task has not started.
    const eks = await submit(iam, 'AWSServiceRoleForAmazonEKS');
    assert.equal(await status(iam, eks), 'NOT_STARTED');
    // While it runs the role is still there.
    await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    held.release();
    assert.equal((await settled(iam, ecs)).Status, 'SUCCEEDED');
    assert.equal((await settled(iam, eks)).Status, 'SUCCEEDED');
    assert.deepEqual(held.order, [ecs, eks]);
  });

  it('a task that finds the role in use goes IN_PROGRESS, then FAILED naming the resources', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }));
    const job = `arn:aws:batch:us-east-1:${t.account}:compute-environment/ce`;
    assert.equal((await rolegateClient(t).send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForBatch', ResourceArns: [job] })).status, 200);
    held = holdDeletions(t.server);
    const id = await submit(iam, 'AWSServiceRoleForBatch');
    await held.reached(id);
    const running = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id }));
    assert.equal(running.Status, 'IN_PROGRESS');
    assert.equal(running.Reason, undefined);
    held.release();
    const failed = await settled(iam, id);
    assert.equal(failed.Status, 'FAILED');
    assert.deepEqual(failed.Reason?.RoleUsageList, [{ Region: 'us-east-1', Resources: [job] }]);
  });

  it('DeleteServiceLinkedRole of a role whose task is not complete answers that task; a finished one does not count', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'kafka.amazonaws.com' }));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'fis.amazonaws.com' }));
    held = holdDeletions(t.server);
    const kafka = await submit(iam, 'AWSServiceRoleForKafka');
    await held.reached(kafka);
    const fis = await submit(iam, 'AWSServiceRoleForFIS');
    // IN_PROGRESS and NOT_STARTED alike: the earlier request's id, no second task.
    assert.equal(await submit(iam, 'AWSServiceRoleForKafka'), kafka);
    assert.equal(await submit(iam, 'AWSServiceRoleForFIS'), fis);
    held.release();
    assert.equal((await settled(iam, kafka)).Status, 'SUCCEEDED');
    assert.equal((await settled(iam, fis)).Status, 'SUCCEEDED');
    assert.deepEqual(held.order, [kafka, fis]);
    // Complete, the role is gone: a new request is NoSuchEntity, not the old task.
    await rejectsWith(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForKafka' })), 'NoSuchEntity', undefined, 404);
  });

  it('at most 100 tasks are pending per account: the next is LimitExceeded, other accounts unaffected', async () => {
    const names: string[] = [];
    for (let i = 0; i <= 100; i++) {
      const r = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: `pending${i}` }));
      names.push(r.Role?.RoleName ?? '');
    }
    held = holdDeletions(t.server);
    const ids: string[] = [];
    for (const name of names.slice(0, 100)) ids.push(await submit(iam, name));
    await rejectsWith(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: names[100] })), 'LimitExceeded', 'Cannot exceed quota for PendingServiceLinkedRoleDeletions: 100', 409);
    // A repeat of a pending one is still answered (it makes no new task).
    assert.equal(await submit(iam, names[7]!), ids[7]);
    const m = t.iam(member);
    await m.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const other = await submit(m, 'AWSServiceRoleForECS');
    held.release();
    for (const id of ids) assert.equal((await settled(iam, id)).Status, 'SUCCEEDED');
    assert.equal((await settled(m, other)).Status, 'SUCCEEDED');
    // Room again.
    assert.equal((await settled(iam, await submit(iam, names[100]!))).Status, 'SUCCEEDED');
  });

  it("the runner takes accounts in turn: one account's many tasks do not hold back another's", async () => {
    const services = ['backup.amazonaws.com', 'ssm.amazonaws.com', 'rds.amazonaws.com', 'mq.amazonaws.com', 'acm.amazonaws.com'];
    const names: string[] = [];
    for (const s of services) names.push((await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: s }))).Role?.RoleName ?? '');
    const m = t.iam(member);
    await m.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'eks.amazonaws.com' }));
    held = holdDeletions(t.server);
    const a1 = await submit(iam, names[0]!);
    await held.reached(a1);
    const rest: string[] = [];
    for (const name of names.slice(1)) rest.push(await submit(iam, name));
    const b1 = await submit(m, 'AWSServiceRoleForAmazonEKS');
    held.release();
    for (const id of [a1, ...rest]) assert.equal((await settled(iam, id)).Status, 'SUCCEEDED');
    assert.equal((await settled(m, b1)).Status, 'SUCCEEDED');
    // Queued after four of the first account's, the second account's task ran after just one more.
    assert.deepEqual(held.order, [a1, rest[0], b1, rest[1], rest[2], rest[3]]);
  });
}

describe('service-linked role deletion tasks: states, repeats, bounds, fairness', () => taskSuite(() => startTestServer()));

const missing = postgresUnavailable();
describe('service-linked role deletion tasks on PostgreSQL', { skip: missing !== undefined && process.env.CI === undefined ? missing : false }, () => {
  let cluster: PostgresCluster | undefined;
  taskSuite(
    async () => {
      cluster = await startPostgres();
      return startTestServer({ databaseUrl: cluster.url });
    },
    async () => {
      await cluster?.stop();
    },
  );
});
