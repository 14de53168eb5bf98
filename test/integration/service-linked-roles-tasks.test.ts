/**
 * Service-linked roles (issue 14) beyond one server's lifetime and one account: a deletion task
 * a stopped server left NOT_STARTED completes (or fails) at the next start; tasks are per account;
 * a role made by CreateServiceLinkedRole is exempt from SCPs (the stored fact).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateServiceLinkedRoleCommand, CreateUserCommand, DeleteServiceLinkedRoleCommand, GetRoleCommand, GetServiceLinkedRoleDeletionStatusCommand, IAMClient } from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreatePolicyCommand, EnablePolicyTypeCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { type RolegateServer, startServer } from '../../src/app/app.js';
import { GLOBAL } from '../../src/core/accounts.js';
import { parseConfig } from '../../src/core/config.js';
import { KIND, type RoleData, nameKey } from '../../src/iam/model.js';
import { type DeletionTaskData, type PendingDeletionData, SLR_KIND, pendingKey } from '../../src/iam/service-linked/model.js';
import { DELETIONS, RESUME } from '../../src/iam/service-linked/runner.js';
import { allow, putRolePolicy, trustAccount } from '../support/fixtures.js';
import { rejectsWith } from '../support/iam-identity.js';
import { rolegateClient } from '../support/rolegate-client.js';
import { ADMIN, type Credentials, TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { createOrgWithMember, denyCreateUser, memberAdmin } from './organizations-policies-support.js';
import { settled } from '../support/service-linked.js';

/** What DeleteServiceLinkedRole's transaction commits, without the run after it: a server stopped in between. */
async function submitWithoutRunning(server: RolegateServer, roleName: string, uuid: string): Promise<string> {
  return server.store.write(async (tx) => {
    const role = await tx.get<RoleData>(TEST_ACCOUNT, KIND.role, nameKey(roleName));
    assert.ok(role);
    const id = `task${role.data.path}${role.data.name}/${uuid}`;
    await tx.put<DeletionTaskData>({ account: TEST_ACCOUNT, kind: SLR_KIND.deletionTask, key: id, data: { id, roleName, roleId: role.data.id, status: 'NOT_STARTED', createdAt: new Date().toISOString() } }, 0);
    await tx.put<PendingDeletionData>({ account: GLOBAL, kind: SLR_KIND.pendingDeletion, key: pendingKey(TEST_ACCOUNT, id), data: { account: TEST_ACCOUNT, taskId: id } }, 0);
    return id;
  });
}

describe('service-linked role deletion across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-slr-'));
  const config = parseConfig(['--port', '0', '--data-dir', dataDir], {
    ROLEGATE_ACCOUNT_ID: TEST_ACCOUNT,
    ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  const client = (s: RolegateServer) => new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });
  let server: RolegateServer | undefined;

  after(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tasks a stopped server left NOT_STARTED complete at the next start: SUCCEEDED, or FAILED naming the resources', async () => {
    server = await startServer(config, { log: () => {} });
    let iam = client(server);
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'kafka.amazonaws.com' }));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'fis.amazonaws.com' }));
    const experiment = `arn:aws:fis:us-east-1:${TEST_ACCOUNT}:experiment/e1`;
    const rg = rolegateClient({ url: server.url, admin: ADMIN } as TestServer);
    assert.equal((await rg.send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForFIS', ResourceArns: [experiment] })).status, 200);
    const kafka = await submitWithoutRunning(server, 'AWSServiceRoleForKafka', '11111111-1111-4111-8111-111111111111');
    const fis = await submitWithoutRunning(server, 'AWSServiceRoleForFIS', '22222222-2222-4222-8222-222222222222');
    await server.close();
    server = undefined;

    server = await startServer(config, { log: () => {} });
    iam = client(server);
    assert.equal((await settled(iam, kafka)).Status, 'SUCCEEDED');
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForKafka' })), 'NoSuchEntity');
    const failed = await settled(iam, fis);
    assert.equal(failed.Status, 'FAILED');
    assert.deepEqual(failed.Reason?.RoleUsageList, [{ Region: 'us-east-1', Resources: [experiment] }]);
    await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForFIS' }));
    // Nothing is left pending: a third start runs nothing again.
    const pending = await server.store.read((tx) => tx.list(GLOBAL, SLR_KIND.pendingDeletion, { limit: 10 }));
    assert.deepEqual(pending, []);
  });

  it('a task left NOT_STARTED also runs when its status is asked for', async () => {
    assert.ok(server);
    const iam = client(server);
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'mq.amazonaws.com' }));
    const id = await submitWithoutRunning(server, 'AWSServiceRoleForAmazonMQ', '33333333-3333-4333-8333-333333333333');
    const first = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id }));
    assert.equal(first.Status, 'NOT_STARTED');
    assert.equal((await settled(iam, id)).Status, 'SUCCEEDED');
  });

  it('at start every pending task is taken up, however many pages the pending index spans', async () => {
    assert.ok(server);
    let iam = client(server);
    const roles: Record<string, string> = {
      'access-analyzer.amazonaws.com': 'AWSServiceRoleForAccessAnalyzer',
      'appfabric.amazonaws.com': 'AWSServiceRoleForAppFabric',
      'codestar-notifications.amazonaws.com': 'AWSServiceRoleForCodeStarNotifications',
      'dms-fleet-advisor.amazonaws.com': 'AWSServiceRoleForDMSFleetAdvisor',
      'm2.amazonaws.com': 'AWSServiceRoleForAWSM2',
    };
    let n = 0;
    for (const [service, name] of Object.entries(roles)) {
      await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service }));
      n++;
      await submitWithoutRunning(server, name, `4444444${n}-4444-4444-8444-444444444444`);
    }
    await server.close();
    server = undefined;

    // Five pending entries read two at a time: three pages, the last one short.
    const pageSize = RESUME.pageSize;
    RESUME.pageSize = 2;
    try {
      server = await startServer(config, { log: () => {} });
    } finally {
      RESUME.pageSize = pageSize;
    }
    // No status is asked for (that would run a task too): the start alone runs them all.
    await server.services.get(DELETIONS).idle();
    iam = client(server);
    for (const name of Object.values(roles)) await rejectsWith(iam.send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntity');
    assert.deepEqual(await server.store.read((tx) => tx.list(GLOBAL, SLR_KIND.pendingDeletion, { limit: 10 })), []);
  });
});

describe('service-linked roles in an organization', () => {
  let t: TestServer;
  let memberId: string;
  let admin: Credentials;

  before(async () => {
    t = await startTestServer();
    let rootId: string;
    ({ rootId, memberId } = await createOrgWithMember(t));
    admin = await memberAdmin(t, memberId);
    const o = t.organizations();
    await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const id = (await o.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: denyCreateUser }))).Policy?.PolicySummary?.Id;
    await o.send(new AttachPolicyCommand({ PolicyId: id, TargetId: memberId }));
  });
  after(async () => {
    await t.close();
  });

  it('a role made by CreateServiceLinkedRole is not limited by SCPs (the stored fact)', async () => {
    const made = await t.iam(admin).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ssm.amazonaws.com' }));
    assert.equal(made.Role?.Arn, `arn:aws:iam::${memberId}:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM`);
    // Test set-up the API refuses (the role is the service's): let the account assume it and give it
    // iam:CreateUser, keeping every other stored fact CreateServiceLinkedRole wrote.
    await t.server.store.write(async (tx) => {
      const role = await tx.get<RoleData>(memberId, KIND.role, nameKey('AWSServiceRoleForAmazonSSM'));
      assert.equal(role?.data.serviceLinked, true);
      await tx.put<RoleData>({ account: memberId, kind: KIND.role, key: role.key, id: role.data.id, data: { ...role.data, assumeRolePolicyDocument: JSON.stringify(trustAccount(memberId)) } }, role.version);
    });
    await putRolePolicy(t, 'AWSServiceRoleForAmazonSSM', 'users', allow('iam:CreateUser'), memberId);
    const s = (await t.sts(admin).send(new AssumeRoleCommand({ RoleArn: made.Role?.Arn, RoleSessionName: 'ssm' }))).Credentials;
    await t.iam({ accessKeyId: s?.AccessKeyId ?? '', secretAccessKey: s?.SecretAccessKey ?? '', sessionToken: s?.SessionToken ?? '' }).send(new CreateUserCommand({ UserName: 'made-by-slr' }));
    // The member's admin, an ordinary role, is limited.
    await rejectsWith(t.iam(admin).send(new CreateUserCommand({ UserName: 'made-by-admin' })), 'AccessDenied', /service control policy/);
  });

  it("a deletion task is its account's: another account neither reads it nor deletes the role", async () => {
    await t.iam(admin).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'acm.amazonaws.com' }));
    const id = (await t.iam(admin).send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForCertificateManager' }))).DeletionTaskId!;
    await rejectsWith(t.iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id })), 'NoSuchEntity');
    await t.iam(admin).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ram.amazonaws.com' }));
    await rejectsWith(t.iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForResourceAccessManager' })), 'NoSuchEntity');
    await t.iam(admin).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForResourceAccessManager' }));
    assert.equal((await settled(t.iam(admin), id)).Status, 'SUCCEEDED');
  });
});
