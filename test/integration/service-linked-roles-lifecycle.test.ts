/**
 * Service-linked roles through their lifecycle (issue 14), replaying what real AWS answered
 * (LocalStack's AWS-validated tests/aws/services/iam/test_iam.snapshot.json, TestIAMServiceRoles):
 * the catalogue, CreateServiceLinkedRole with and without CustomSuffix, its errors, the
 * asynchronous DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus, and the Rolegate
 * service by which a service beside Rolegate declares the resources that use a role.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteServiceLinkedRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { actionReference } from '../../src/access/service-reference.js';
import { actionNames } from '../../src/app/actions.js';
import { action } from '../../src/core/action.js';
import { awsManagedPolicy } from '../../src/iam/aws-managed.js';
import { withResourceTags } from '../../src/iam/resource-tags.js';
import { serviceLinkedRoles } from '../../src/iam/service-linked/catalogue.js';
import { allow, putUser, trustAccount } from '../support/fixtures.js';
import { rejectsWith } from '../support/iam-identity.js';
import { rolegateClient } from '../support/rolegate-client.js';
import { settled } from '../support/service-linked.js';
import { type TestServer, startTestServer } from '../support/server.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const trustOf = (service: string): object => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

describe('service-linked roles: the catalogue', () => {
  const catalogue = serviceLinkedRoles();

  it("names AWS's real roles, paths, trust policies and policies (as recorded)", () => {
    const expect: [string, string, string, boolean][] = [
      ['autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling', 'AutoScalingServiceRolePolicy', true],
      ['elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy', false],
      ['ecs.amazonaws.com', 'AWSServiceRoleForECS', 'AmazonECSServiceRolePolicy', false],
      ['eks.amazonaws.com', 'AWSServiceRoleForAmazonEKS', 'AmazonEKSServiceRolePolicy', false],
      ['batch.amazonaws.com', 'AWSServiceRoleForBatch', 'BatchServiceRolePolicy', false],
      ['connect.amazonaws.com', 'AWSServiceRoleForAmazonConnect', 'AmazonConnectServiceLinkedRolePolicy', true],
      ['lexv2.amazonaws.com', 'AWSServiceRoleForLexV2Bots', 'AmazonLexV2BotPolicy', true],
    ];
    for (const [service, roleName, policy, suffix] of expect) {
      const c = catalogue.get(service);
      assert.ok(c, service);
      assert.equal(c.roleName, roleName);
      assert.equal(c.path, `/aws-service-role/${service}/`);
      assert.equal(c.policyArn, `arn:aws:iam::aws:policy/aws-service-role/${policy}`);
      assert.equal(c.customSuffix, suffix, `${service}: custom suffix`);
      assert.deepEqual(JSON.parse(c.trustPolicy), trustOf(service));
    }
    // The roles AWS's own policies name, beyond the recordings (spot.amazonaws.com: AmazonEC2SpotFleet… policies).
    assert.equal(catalogue.get('spot.amazonaws.com')?.roleName, 'AWSServiceRoleForEC2Spot');
    assert.ok(catalogue.size >= 100, `${catalogue.size} services`);
  });

  it('every catalogued role carries an AWS managed policy that exists, under /aws-service-role/', () => {
    const names = new Set<string>();
    for (const c of catalogue.values()) {
      const p = awsManagedPolicy(c.policyArn);
      assert.ok(p, `${c.roleName} (${c.service}): ${c.policyArn} is not in the AWS managed policy data`);
      assert.equal(p.path, '/aws-service-role/', c.policyArn);
      assert.match(c.roleName, /^AWSServiceRoleFor[\w+=,.@-]+$/);
      assert.ok(c.roleName.length <= 64, c.roleName);
      assert.ok(!names.has(c.roleName.toLowerCase()), `${c.roleName} is catalogued twice`);
      names.add(c.roleName.toLowerCase());
    }
  });
});

describe("the rolegate service in the start-up check against AWS's Service Authorization Reference", () => {
  it('its actions are given deliberately (the role ARN, with its tags); an action not given stops the start', () => {
    const ref = actionReference('rolegate', 'DeclareRoleUsage');
    assert.deepEqual(ref && [...ref.taggable], [['role', { iamKeys: true }]]);
    for (const name of actionNames('rolegate')) assert.ok(actionReference('rolegate', name), name);
    const stray = action({ service: 'rolegate', name: 'DropEverything', params: {}, resource: () => '*', handler: () => undefined });
    assert.throws(() => withResourceTags(stray), /rolegate:DropEverything is not in the Service Authorization Reference/);
  });
});

describe('service-linked roles: create, delete, deletion status', () => {
  let t: TestServer;
  let iam: IAMClient;

  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  it("CreateServiceLinkedRole makes AWS's role: name, path, trust policy, its managed policy, no inline policies", async () => {
    const r = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticloadbalancing.amazonaws.com', Description: 'ELB' }));
    const role = r.Role!;
    assert.equal(role.RoleName, 'AWSServiceRoleForElasticLoadBalancing');
    assert.equal(role.Path, '/aws-service-role/elasticloadbalancing.amazonaws.com/');
    assert.equal(role.Arn, `arn:aws:iam::${t.account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`);
    assert.match(role.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
    assert.equal(role.Description, 'ELB');
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument ?? '')), trustOf('elasticloadbalancing.amazonaws.com'));

    const got = (await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForElasticLoadBalancing' }))).Role!;
    assert.equal(got.Arn, role.Arn);
    assert.equal(got.MaxSessionDuration, 3600);
    assert.deepEqual(got.RoleLastUsed, {});
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForElasticLoadBalancing' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AWSElasticLoadBalancingServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSElasticLoadBalancingServiceRolePolicy' }]);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'AWSServiceRoleForElasticLoadBalancing' }))).PolicyNames, []);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSElasticLoadBalancingServiceRolePolicy' }));
    assert.deepEqual(entities.PolicyRoles?.map((x) => x.RoleName), ['AWSServiceRoleForElasticLoadBalancing']);
  });

  it('a CustomSuffix where the service takes one: <RoleName>_<suffix> (autoscaling, connect, lexv2)', async () => {
    for (const [service, base] of [
      ['autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling'],
      ['connect.amazonaws.com', 'AWSServiceRoleForAmazonConnect'],
      ['lexv2.amazonaws.com', 'AWSServiceRoleForLexV2Bots'],
    ] as const) {
      const r = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service, CustomSuffix: 'abc123' }));
      assert.equal(r.Role?.RoleName, `${base}_abc123`);
      assert.equal(r.Role?.Path, `/aws-service-role/${service}/`);
      // The suffix makes a second role beside the unsuffixed one.
      assert.equal((await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service }))).Role?.RoleName, base);
    }
  });

  it('a CustomSuffix where the service takes none: InvalidInput "Custom suffix is not allowed for <service>"', async () => {
    for (const service of ['ops.apigateway.amazonaws.com', 'ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com']) {
      await rejectsWith(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service, CustomSuffix: 'testsuffix' })), 'InvalidInput', `Custom suffix is not allowed for ${service}`, 400);
    }
  });

  it('a name taken: InvalidInput "Service role name … has been taken in this account, please try a different suffix."', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }));
    const taken = 'Service role name AWSServiceRoleForBatch has been taken in this account, please try a different suffix.';
    await rejectsWith(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' })), 'InvalidInput', taken, 400);
    await rejectsWith(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'abc123' })), 'InvalidInput', /^Service role name AWSServiceRoleForAutoScaling_abc123 has been taken/, 400);
    // A customer role of that name blocks it too (names are unique ignoring case).
    await iam.send(new CreateRoleCommand({ RoleName: 'awsservicerolefordmsfleetadvisor', AssumeRolePolicyDocument: JSON.stringify(trustAccount(t.account)) }));
    await rejectsWith(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'dms-fleet-advisor.amazonaws.com' })), 'InvalidInput', /^Service role name AWSServiceRoleForDMSFleetAdvisor has been taken/, 400);
  });

  it('an unknown service, or a name outside the model, is refused', async () => {
    await rejectsWith(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'nosuch.amazonaws.com' })), 'InvalidInput', /nosuch\.amazonaws\.com/, 400);
    // Service principals are case-sensitive (API_CreateServiceLinkedRole.html).
    await rejectsWith(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ECS.amazonaws.com' })), 'InvalidInput', /ECS\.amazonaws\.com/, 400);
    await rejectsWith(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com/../x' })), 'ValidationError', undefined, 400);
    await rejectsWith(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'a/b' })), 'ValidationError', undefined, 400);
  });

  it("DeleteServiceLinkedRole answers AWS's task id at once; the task SUCCEEDS and the role and its attachment are gone", async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const r = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    assert.match(r.DeletionTaskId ?? '', new RegExp(`^task/aws-service-role/ecs\\.amazonaws\\.com/AWSServiceRoleForECS/${UUID}$`));
    const done = await settled(iam, r.DeletionTaskId!);
    assert.equal(done.Status, 'SUCCEEDED');
    assert.equal(done.Reason, undefined);
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })), 'NoSuchEntity', 'The role with name AWSServiceRoleForECS cannot be found.', 404);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' }));
    assert.deepEqual(entities.PolicyRoles, []);
    // The service may make its role again.
    assert.equal((await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }))).Role?.RoleName, 'AWSServiceRoleForECS');
  });

  it('iam:AWSServiceName limits which service a caller may make a role for, as in AWS policies', async () => {
    const creds = await putUser(t, 'mq-only', {
      inline: { p: allow('iam:CreateServiceLinkedRole', `arn:aws:iam::*:role/aws-service-role/*`, { Condition: { StringLike: { 'iam:AWSServiceName': 'mq.amazonaws.com' } } }) },
    });
    await rejectsWith(t.iam(creds).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'kafka.amazonaws.com' })), 'AccessDenied', /iam:CreateServiceLinkedRole on resource: arn:aws:iam::111111111111:role\/aws-service-role\/kafka\.amazonaws\.com\/AWSServiceRoleForKafka/, 403);
    assert.equal((await t.iam(creds).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'mq.amazonaws.com' }))).Role?.RoleName, 'AWSServiceRoleForAmazonMQ');
  });

  it('DeleteServiceLinkedRole: a missing role is NoSuchEntity; a customer role is refused (only the stored fact counts)', async () => {
    await rejectsWith(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForNothing' })), 'NoSuchEntity', 'The role with name AWSServiceRoleForNothing cannot be found.', 404);
    await iam.send(new CreateRoleCommand({ RoleName: 'customer', AssumeRolePolicyDocument: JSON.stringify(trustAccount(t.account)) }));
    await rejectsWith(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'customer' })), 'InvalidInput', /not a service-linked role/, 400);
    await iam.send(new GetRoleCommand({ RoleName: 'customer' }));
  });

  it('GetServiceLinkedRoleDeletionStatus: an unknown task is NoSuchEntity, a malformed id InvalidInput', async () => {
    await rejectsWith(iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/00000000-0000-4000-8000-000000000000' })), 'NoSuchEntity', undefined, 404);
    await rejectsWith(iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'not-a-task' })), 'InvalidInput', undefined, 400);
  });

  it('deletion FAILS while a declared resource uses the role (RoleUsageList names it), and SUCCEEDS once it is withdrawn', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'eks.amazonaws.com' }));
    const rg = rolegateClient(t);
    const cluster = `arn:aws:eks:eu-west-1:${t.account}:cluster/prod`;
    const other = `arn:aws:eks:us-east-1:${t.account}:cluster/dev`;
    const declared = await rg.send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForAmazonEKS', Region: 'eu-west-1', ResourceArns: [cluster] });
    assert.equal(declared.status, 200, JSON.stringify(declared.json));
    assert.equal(declared.contentType, 'application/x-amz-json-1.1');
    // Region defaults to the request's (the signing region).
    assert.equal((await rg.send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForAmazonEKS', ResourceArns: [other, other] })).status, 200);
    const listed = await rg.send('ListRoleUsage', { RoleName: 'AWSServiceRoleForAmazonEKS' });
    assert.deepEqual(listed.json, { RoleUsageList: [{ Region: 'eu-west-1', Resources: [cluster] }, { Region: 'us-east-1', Resources: [other] }] });

    const first = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAmazonEKS' }));
    const failed = await settled(iam, first.DeletionTaskId!);
    assert.equal(failed.Status, 'FAILED');
    assert.match(failed.Reason?.Reason ?? '', /in use/);
    assert.deepEqual(failed.Reason?.RoleUsageList, [
      { Region: 'eu-west-1', Resources: [cluster] },
      { Region: 'us-east-1', Resources: [other] },
    ]);
    await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAmazonEKS' }));

    // One withdrawn: still blocked, by the other alone.
    assert.equal((await rg.send('WithdrawRoleUsage', { RoleName: 'AWSServiceRoleForAmazonEKS', Region: 'eu-west-1', ResourceArns: [cluster] })).status, 200);
    const second = await settled(iam, (await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAmazonEKS' }))).DeletionTaskId!);
    assert.equal(second.Status, 'FAILED');
    assert.deepEqual(second.Reason?.RoleUsageList, [{ Region: 'us-east-1', Resources: [other] }]);

    assert.equal((await rg.send('WithdrawRoleUsage', { RoleName: 'AWSServiceRoleForAmazonEKS', Region: 'us-east-1', ResourceArns: [other] })).status, 200);
    const third = await settled(iam, (await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAmazonEKS' }))).DeletionTaskId!);
    assert.equal(third.Status, 'SUCCEEDED');
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAmazonEKS' })), 'NoSuchEntity');
    // The earlier tasks keep their outcome.
    assert.equal((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: first.DeletionTaskId }))).Status, 'FAILED');

    // A role made again does not inherit the old role's declarations (they are bound to its id).
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'eks.amazonaws.com' }));
    assert.deepEqual((await rg.send('ListRoleUsage', { RoleName: 'AWSServiceRoleForAmazonEKS' })).json, { RoleUsageList: [] });
  });

  it('the rolegate service: its errors, and it is authorized like any call, against the role ARN', async () => {
    const rg = rolegateClient(t);
    const missing = await rg.send('DeclareRoleUsage', { RoleName: 'nosuch', ResourceArns: ['arn:aws:ec2:us-east-1:111111111111:instance/i-1'] });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { __type: 'NoSuchEntityException', Message: 'The role with name nosuch cannot be found.' });
    const customer = await rg.send('DeclareRoleUsage', { RoleName: 'customer', ResourceArns: ['arn:aws:ec2:us-east-1:111111111111:instance/i-1'] });
    assert.equal(customer.status, 400);
    assert.equal(customer.json.__type, 'InvalidInputException');
    const empty = await rg.send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForBatch', ResourceArns: [] });
    assert.equal(empty.status, 400);
    assert.equal(empty.json.__type, 'ValidationException');
    const unknownOp = await rg.send('DeleteEverything', {});
    assert.equal(unknownOp.status, 400);
    assert.equal(unknownOp.json.__type, 'UnknownOperationException');

    const batchArn = `arn:aws:iam::${t.account}:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch`;
    const svc = await putUser(t, 'batch-service', { inline: { p: allow(['rolegate:DeclareRoleUsage', 'rolegate:WithdrawRoleUsage'], batchArn) } });
    const asSvc = rolegateClient(t, svc);
    const arn = `arn:aws:batch:us-east-1:${t.account}:compute-environment/ce`;
    assert.equal((await asSvc.send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForBatch', ResourceArns: [arn] })).status, 200);
    assert.equal((await asSvc.send('WithdrawRoleUsage', { RoleName: 'AWSServiceRoleForBatch', ResourceArns: [arn] })).status, 200);
    const denied = await asSvc.send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForElasticLoadBalancing', ResourceArns: [arn] });
    assert.equal(denied.status, 400);
    assert.equal(denied.json.__type, 'AccessDeniedException');
    // Named as the caller named it ("role NAME", AWS's wording): the stored path is not shown (rolegate-existence.test.ts).
    assert.match(String(denied.json.Message), /is not authorized to perform: rolegate:DeclareRoleUsage on resource: role AWSServiceRoleForElasticLoadBalancing because/);
    const listDenied = await asSvc.send('ListRoleUsage', { RoleName: 'AWSServiceRoleForBatch' });
    assert.equal(listDenied.json.__type, 'AccessDeniedException');

    // The role ARN carries its tags (aws:ResourceTag/…), as for IAM's own role actions.
    await iam.send(new TagRoleCommand({ RoleName: 'AWSServiceRoleForBatch', Tags: [{ Key: 'team', Value: 'frozen' }] }));
    const fenced = await putUser(t, 'fenced-service', {
      inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rolegate:*', Resource: '*' }, { Effect: 'Deny', Action: 'rolegate:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'frozen' } } }] } },
    });
    assert.equal((await rolegateClient(t, fenced).send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForBatch', ResourceArns: [arn] })).json.__type, 'AccessDeniedException');
    assert.equal((await rolegateClient(t, fenced).send('DeclareRoleUsage', { RoleName: 'AWSServiceRoleForElasticLoadBalancing', ResourceArns: [arn] })).status, 200);
  });

  describe('protection (issue 13 helper)', () => {
    // UnmodifiableEntity for service-linked roles (AWS's built-in rule, src/policy/built-in-rules.ts),
    // pinned on a role made by CreateServiceLinkedRole (the stored fact).
    const role = 'AWSServiceRoleForAutoScaling';
    const refused = (p: Promise<unknown>) => rejectsWith(p, 'UnmodifiableEntity', /AWSServiceRoleForAutoScaling/, 400);
    const doc = JSON.stringify(allow('s3:GetObject'));

    it('UpdateAssumeRolePolicy is refused; the description may be edited, as AWS documents', async () => {
      await refused(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: JSON.stringify(trustAccount(t.account)) })));
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#edit-service-linked-role:
      // "You can edit the description of a service-linked role".
      await iam.send(new UpdateRoleDescriptionCommand({ RoleName: role, Description: 'mine' }));
      await iam.send(new UpdateRoleCommand({ RoleName: role, Description: 'mine too' }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: role }))).Role?.Description, 'mine too');
    });
    it('PutRolePolicy, DeleteRolePolicy, AttachRolePolicy, DetachRolePolicy', async () => {
      await refused(iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'p', PolicyDocument: doc })));
      await refused(iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'p' })));
      await refused(iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })));
      await refused(iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy' })));
    });
    it('PutRolePermissionsBoundary, DeleteRolePermissionsBoundary, DeleteRole', async () => {
      await refused(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: role, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })));
      await refused(iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: role })));
      await refused(iam.send(new DeleteRoleCommand({ RoleName: role })));
    });
    it('the role is unchanged by any of them', async () => {
      const r = (await iam.send(new GetRoleCommand({ RoleName: role }))).Role!;
      assert.deepEqual(JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument ?? '')), trustOf('autoscaling.amazonaws.com'));
      assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames, []);
      assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies?.map((p) => p.PolicyName), ['AutoScalingServiceRolePolicy']);
    });
  });
});
