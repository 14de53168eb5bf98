/**
 * rolegate:GetWorkloadCredentials: the instance (task) id is the server's, as EC2's and ECS's are.
 * A caller cannot name the instance it gets (WorkloadId is refused), so a role policy that singles
 * out one instance's ec2:SourceInstanceARN is not met by whoever claims that id; renewals present
 * the WorkloadToken of the first call, which only its caller opens, for the same account, service,
 * instance profile (role) and cluster. Signed rolegate client against a started server; SDK v3.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, ListRolesCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { type WorkloadFixture, workloadFixture } from '../support/workload.js';
import { createOrgWithMember, memberAdmin } from './organizations-policies-support.js';

const doc = (statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const EC2_TRUST = doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
const REFUSED = 'The WorkloadToken is not one this caller was issued for this service, instance profile (role) and cluster.';

const creds = (json: Record<string, unknown>): Credentials => {
  const c = json.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
};

describe('rolegate GetWorkloadCredentials: server-assigned workload ids and their WorkloadToken', () => {
  let t: TestServer;
  let f: WorkloadFixture;
  const instance = (c: Credentials | undefined, extra: Record<string, unknown> = {}): Promise<{ status: number; json: Record<string, unknown> }> =>
    rolegateClient(t, c).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName, ...extra });
  before(async () => {
    t = await startTestServer();
    f = await workloadFixture(t);
  });
  after(async () => {
    await t.close();
  });

  it('a caller cannot obtain a session naming an instance it chose: WorkloadId is refused, and another\'s instance cannot be claimed', async () => {
    // A role that grants only to one instance (AWS's ec2:SourceInstanceARN example), launched by the admin.
    const iam = t.iam();
    await iam.send(new CreateRoleCommand({ RoleName: 'pinned', AssumeRolePolicyDocument: EC2_TRUST }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'pinned-profile' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'pinned-profile', RoleName: 'pinned' }));
    const theirs = await rolegateClient(t).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: 'pinned-profile' });
    assert.equal(theirs.status, 200, JSON.stringify(theirs.json));
    const target = String(theirs.json.WorkloadId);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'pinned', PolicyName: 'p', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { ArnEquals: { 'ec2:SourceInstanceARN': String(theirs.json.WorkloadArn) } } }]) }));
    assert.ok((await t.iam(creds(theirs.json)).send(new ListRolesCommand({}))).Roles!.length > 0);
    // The launcher (allowed to pass the role for any instance) names that instance: refused.
    const launcherMayPass = { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${t.account}:role/pinned` };
    await iam.send(new PutUserPolicyCommand({ UserName: 'launcher', PolicyName: 'pinned', PolicyDocument: doc([launcherMayPass]) }));
    const claimed = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: 'pinned-profile', WorkloadId: target });
    assert.equal(claimed.status, 400);
    assert.deepEqual(claimed.json, { __type: 'ValidationError', Message: 'WorkloadId is not accepted: the instance (task) id is assigned by the server; renewals present the WorkloadToken of the first call.' });
    // Nor with the admin's token (it opens for the admin only), nor with a forged one.
    const stolen = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: 'pinned-profile', WorkloadToken: String(theirs.json.WorkloadToken) });
    assert.deepEqual(stolen.json, { __type: 'ValidationError', Message: REFUSED });
    const forged = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: 'pinned-profile', WorkloadToken: `v2.${Buffer.from(target).toString('base64url')}.AAAA.AAAA` });
    assert.deepEqual(forged.json, { __type: 'ValidationError', Message: REFUSED });
    // What the launcher does get is an instance of its own, which the pinned policy does not allow.
    const own = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: 'pinned-profile' });
    assert.equal(own.status, 200, JSON.stringify(own.json));
    assert.notEqual(own.json.WorkloadId, target);
    await assert.rejects(t.iam(creds(own.json)).send(new ListRolesCommand({})), { name: 'AccessDenied' });
  });

  it('renewal with the WorkloadToken keeps the instance id; PassRole is checked again', async () => {
    const first = await instance(f.launcher);
    assert.equal(first.status, 200, JSON.stringify(first.json));
    const token = String(first.json.WorkloadToken);
    const again = await instance(f.launcher, { WorkloadToken: token });
    assert.equal(again.status, 200, JSON.stringify(again.json));
    assert.equal(again.json.WorkloadId, first.json.WorkloadId);
    assert.equal(again.json.WorkloadArn, first.json.WorkloadArn);
    assert.equal(again.json.WorkloadToken, token);
    assert.notEqual(creds(again.json).accessKeyId, creds(first.json).accessKeyId);
    const me = await t.sts(creds(again.json)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${t.account}:assumed-role/app/${String(first.json.WorkloadId)}`);
    // A fresh call (no token) is another instance.
    assert.notEqual((await instance(f.launcher)).json.WorkloadId, first.json.WorkloadId);
    // A task keeps its id (and its cluster) too; the token is for that cluster only.
    const task = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ecs-tasks.amazonaws.com', RoleArn: f.taskRoleArn, Cluster: 'web' });
    const taskAgain = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ecs-tasks.amazonaws.com', RoleArn: f.taskRoleArn, Cluster: 'web', WorkloadToken: String(task.json.WorkloadToken) });
    assert.equal(taskAgain.json.WorkloadArn, `arn:aws:ecs:us-east-1:${t.account}:task/web/${String(task.json.WorkloadId)}`);
    const otherCluster = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ecs-tasks.amazonaws.com', RoleArn: f.taskRoleArn, Cluster: 'db', WorkloadToken: String(task.json.WorkloadToken) });
    assert.deepEqual(otherCluster.json, { __type: 'ValidationError', Message: REFUSED });
  });

  it('a launcher running under a role renews from its next session (another session name): the binding is the role, not the session', async () => {
    const iam = t.iam();
    await iam.send(new CreateRoleCommand({ RoleName: 'launcher-role', AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.account}:root` }, Action: 'sts:AssumeRole' }]) }));
    const allow = [
      { Effect: 'Allow', Action: 'rolegate:GetWorkloadCredentials', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: f.instanceRoleArn, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
    ];
    await iam.send(new PutRolePolicyCommand({ RoleName: 'launcher-role', PolicyName: 'p', PolicyDocument: doc(allow) }));
    const session = async (name: string): Promise<Credentials> => {
      const c = (await t.sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${t.account}:role/launcher-role`, RoleSessionName: name }))).Credentials!;
      return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    };
    const first = await instance(await session('one'));
    assert.equal(first.status, 200, JSON.stringify(first.json));
    const renewed = await instance(await session('two'), { WorkloadToken: String(first.json.WorkloadToken) });
    assert.equal(renewed.status, 200, JSON.stringify(renewed.json));
    assert.equal(renewed.json.WorkloadId, first.json.WorkloadId);
    // PassRole is the caller's at every call: withdrawn, the renewal is refused.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'launcher-role', PolicyName: 'deny', PolicyDocument: doc([{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }]) }));
    const denied = await instance(await session('three'), { WorkloadToken: String(first.json.WorkloadToken) });
    assert.equal(denied.json.__type, 'AccessDeniedException');
    assert.match(String(denied.json.Message), /is not authorized to perform: iam:PassRole/);
  });

  it('a token is refused to another user, for another instance profile, another service, and in another account', async () => {
    const first = await instance(f.launcher);
    const token = String(first.json.WorkloadToken);
    // Another user (the admin may pass any role: only the token stops it).
    assert.deepEqual((await instance(undefined, { WorkloadToken: token })).json, { __type: 'ValidationError', Message: REFUSED });
    // Another instance profile holding the same role.
    const iam = t.iam();
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'second-profile' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'second-profile', RoleName: 'app' }));
    const second = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: 'second-profile', WorkloadToken: token });
    assert.deepEqual(second.json, { __type: 'ValidationError', Message: REFUSED });
    // An instance's token presented for a task.
    const asTask = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ecs-tasks.amazonaws.com', RoleArn: f.taskRoleArn, WorkloadToken: token });
    assert.deepEqual(asTask.json, { __type: 'ValidationError', Message: REFUSED });
    // Tampered: the first character of the tag changed (a segment's first character is all data bits).
    const parts = token.split('.');
    parts[2] = (parts[2]!.startsWith('A') ? 'B' : 'A') + parts[2]!.slice(1);
    assert.deepEqual((await instance(f.launcher, { WorkloadToken: parts.join('.') })).json, { __type: 'ValidationError', Message: REFUSED });
    // Another account, with a profile of the same name whose role trusts EC2.
    const { memberId } = await createOrgWithMember(t);
    const admin = await memberAdmin(t, memberId);
    const memberIam = t.iam(admin);
    await memberIam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: EC2_TRUST }));
    await memberIam.send(new CreateInstanceProfileCommand({ InstanceProfileName: f.profileName }));
    await memberIam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: f.profileName, RoleName: 'app' }));
    const own = await instance(admin);
    assert.equal(own.status, 200, JSON.stringify(own.json));
    assert.deepEqual((await instance(admin, { WorkloadToken: token })).json, { __type: 'ValidationError', Message: REFUSED });
    // The launcher's token still renews for the launcher.
    assert.equal((await instance(f.launcher, { WorkloadToken: token })).json.WorkloadId, first.json.WorkloadId);
  });
});
