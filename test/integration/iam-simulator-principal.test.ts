/**
 * SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy over HTTP with the AWS SDK v3:
 * users (with their groups' policies), groups and roles, boundaries, extra policies, resource
 * policies with CallerArn / ResourceOwner, errors — and a consistency check: for each principal
 * and probe, the simulator's decision equals what enforcement does with that principal's keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand, AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreateRoleCommand, CreateUserCommand, GetContextKeysForPrincipalPolicyCommand, GetUserCommand, type IAMClient, ListUsersCommand,
  PutGroupPolicyCommand, PutRolePolicyCommand, PutUserPermissionsBoundaryCommand, PutUserPolicyCommand, SimulatePrincipalPolicyCommand,
  type SimulatePrincipalPolicyCommandInput,
} from '@aws-sdk/client-iam';
import { CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetAccessKeyInfoCommand } from '@aws-sdk/client-sts';
import { type TestServer, startTestServer } from '../support/server.js';
import { accessKey, rejects } from './iam-policies-fixtures.js';
import { allowSt, decisions, denySt, only, policy, where } from './iam-simulator-support.js';

// The document LocalStack's test_simulate_principle_policy attached (json.dumps spacing); AWS
// placed its statement at 1:41-1:113 for a user, a group and a role alike.
const DUMPS_DOC = '{"Version": "2012-10-17", "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}';

describe('iam SimulatePrincipalPolicy', () => {
  let t: TestServer;
  let iam: IAMClient;
  const arn = (type: string, name: string): string => `arn:aws:iam::${t.account}:${type}/${name}`;
  const simulate = (input: Partial<SimulatePrincipalPolicyCommandInput> & { PolicySourceArn: string }) =>
    iam.send(new SimulatePrincipalPolicyCommand({ ActionNames: ['s3:PutObject'], ...input }));

  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    const put = await iam.send(new CreatePolicyCommand({ PolicyName: 'PutObjects', PolicyDocument: DUMPS_DOC }));
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: put.Policy!.Arn! }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'Inline', PolicyDocument: policy(allowSt('sqs:ReceiveMessage'), denySt('s3:DeleteObject')) }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'GroupInline', PolicyDocument: policy(allowSt('sqs:SendMessage')) }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: put.Policy!.Arn! }));
    const trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: put.Policy!.Arn! }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'RoleInline', PolicyDocument: policy(allowSt('s3:GetObject', 'arn:aws:s3:::data/*')) }));
  });
  after(async () => {
    await t.close();
  });

  describe('policy sources', () => {
    for (const [type, name] of [['user', 'alice'], ['group', 'devs'], ['role', 'app']] as const) {
      it(`simulates a ${type}'s attached policy as AWS recorded it (LocalStack parity)`, async () => {
        const r = await simulate({ PolicySourceArn: arn(type, name), ActionNames: ['s3:PutObject', 's3:GetObjectVersion'], ResourceArns: ['arn:aws:s3:::bucket'] });
        const [put, version] = r.EvaluationResults!;
        assert.equal(put?.EvalDecision, 'allowed');
        assert.equal(put?.EvalResourceName, 'arn:aws:s3:::bucket');
        assert.deepEqual(put?.MatchedStatements, [{ SourcePolicyId: 'PutObjects', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 41 }, EndPosition: { Line: 1, Column: 113 } }]);
        assert.deepEqual(put?.EvalDecisionDetails, {});
        assert.deepEqual(put?.ResourceSpecificResults?.map((x) => [x.EvalResourceName, x.EvalResourceDecision, where(x.MatchedStatements)]), [['arn:aws:s3:::bucket', 'allowed', ['PutObjects@1:41-1:113']]]);
        assert.equal(version?.EvalDecision, 'implicitDeny');
        assert.deepEqual(version?.MatchedStatements, []);
        assert.equal(r.IsTruncated, false);
      });
    }

    it("includes a user's inline policies and its groups' policies, named as AWS names them", async () => {
      const r = await simulate({ PolicySourceArn: arn('user', 'alice'), ActionNames: ['sqs:ReceiveMessage', 'sqs:SendMessage', 's3:DeleteObject', 'sns:Publish'] });
      assert.deepEqual(decisions(r), { 'sqs:ReceiveMessage': 'allowed', 'sqs:SendMessage': 'allowed', 's3:DeleteObject': 'explicitDeny', 'sns:Publish': 'implicitDeny' });
      const ids = r.EvaluationResults!.map((e) => e.MatchedStatements?.map((s) => s.SourcePolicyId));
      assert.deepEqual(ids, [['user_alice_Inline'], ['group_devs_GroupInline'], ['user_alice_Inline'], []]);
    });

    it("a role's inline policy is named role_<role>_<policy>; a group has only its own policies", async () => {
      const role = only(await simulate({ PolicySourceArn: arn('role', 'app'), ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::data/x'] }));
      assert.deepEqual(role.MatchedStatements?.map((s) => s.SourcePolicyId), ['role_app_RoleInline']);
      const group = only(await simulate({ PolicySourceArn: arn('group', 'devs'), ActionNames: ['sqs:ReceiveMessage'] }));
      assert.equal(group.EvalDecision, 'implicitDeny');
    });

    it('adds PolicyInputList documents to the entity policies', async () => {
      const r = only(await simulate({ PolicySourceArn: arn('group', 'devs'), ActionNames: ['sns:Publish'], PolicyInputList: [policy(allowSt('sns:*'))] }));
      assert.equal(r.EvalDecision, 'allowed');
      assert.deepEqual(r.MatchedStatements?.map((s) => s.SourcePolicyId), ['PolicyInputList.1']);
    });
  });

  describe('permissions boundaries', () => {
    before(async () => {
      const b = await iam.send(new CreatePolicyCommand({ PolicyName: 'OnlySqs', PolicyDocument: policy(allowSt('sqs:*')) }));
      await iam.send(new CreateUserCommand({ UserName: 'bounded' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'bounded', PolicyName: 'All', PolicyDocument: policy(allowSt(['sqs:*', 's3:*'])) }));
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: b.Policy!.Arn! }));
    });

    it("applies the user's boundary and reports it", async () => {
      const r = await simulate({ PolicySourceArn: arn('user', 'bounded'), ActionNames: ['sqs:SendMessage', 's3:GetObject'] });
      assert.deepEqual(decisions(r), { 'sqs:SendMessage': 'allowed', 's3:GetObject': 'implicitDeny' });
      assert.deepEqual(r.EvaluationResults!.map((e) => e.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary), [true, false]);
    });

    it('PermissionsBoundaryPolicyInputList replaces the entity boundary', async () => {
      const r = await simulate({ PolicySourceArn: arn('user', 'bounded'), ActionNames: ['sqs:SendMessage', 's3:GetObject'], PermissionsBoundaryPolicyInputList: [policy(allowSt('s3:*'))] });
      assert.deepEqual(decisions(r), { 'sqs:SendMessage': 'implicitDeny', 's3:GetObject': 'allowed' });
    });
  });

  describe('resource policies, callers and owners', () => {
    const BUCKET_OBJ = 'arn:aws:s3:::shared/k';
    const bucketPolicy = (principal: string): string =>
      policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' });

    it('lets a same-account resource policy that names the user grant it alone', async () => {
      const r = only(await simulate({ PolicySourceArn: arn('user', 'alice'), ActionNames: ['s3:GetObject'], ResourceArns: [BUCKET_OBJ], ResourcePolicy: bucketPolicy(arn('user', 'alice')) }));
      assert.equal(r.EvalDecision, 'allowed');
      assert.deepEqual(r.MatchedStatements?.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['ResourcePolicy', 'Resource Policy']]);
      assert.deepEqual(r.EvalDecisionDetails, {});
    });

    it('requires CallerArn with a ResourcePolicy for a role, and uses it as the caller', async () => {
      const input = { PolicySourceArn: arn('role', 'app'), ActionNames: ['s3:GetObject'], ResourceArns: [BUCKET_OBJ], ResourcePolicy: bucketPolicy(arn('user', 'alice')) };
      await rejects(simulate(input), 'InvalidInput');
      const r = only(await simulate({ ...input, CallerArn: arn('user', 'alice') }));
      assert.equal(r.EvalDecision, 'allowed');
    });

    it('evaluates both accounts for a caller of another account, with EvalDecisionDetails', async () => {
      const bob = 'arn:aws:iam::222222222222:user/bob';
      const base = { PolicySourceArn: arn('user', 'alice'), ActionNames: ['s3:PutObject'], ResourceArns: ['arn:aws:s3:::shared/k'], CallerArn: bob, ResourceOwner: `arn:aws:iam::${t.account}:root` };
      const granted = policy({ Effect: 'Allow', Principal: { AWS: bob }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared/*' });
      const yes = only(await simulate({ ...base, ResourcePolicy: granted }));
      assert.equal(yes.EvalDecision, 'allowed');
      assert.deepEqual(yes.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' });
      assert.deepEqual(yes.ResourceSpecificResults?.[0]?.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' });
      const no = only(await simulate({ ...base, ResourcePolicy: bucketPolicy(arn('user', 'alice')) }));
      assert.equal(no.EvalDecision, 'implicitDeny');
      assert.deepEqual(no.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' });
    });
  });

  describe('errors', () => {
    it('answers NoSuchEntity for unknown users, groups and roles', async () => {
      await rejects(simulate({ PolicySourceArn: arn('user', 'ghost') }), 'NoSuchEntity', 'The user with name ghost cannot be found.', 404);
      await rejects(simulate({ PolicySourceArn: arn('group', 'ghost') }), 'NoSuchEntity', 'The group with name ghost cannot be found.', 404);
      await rejects(simulate({ PolicySourceArn: arn('role', 'ghost') }), 'NoSuchEntity', 'The role with name ghost cannot be found.', 404);
    });

    it("refuses another account's entity: the call is authorized against it, cross-account", async () => {
      await rejects(simulate({ PolicySourceArn: 'arn:aws:iam::999999999999:user/alice' }), 'AccessDenied', /on resource: arn:aws:iam::999999999999:user\/alice because no resource-based policy allows/);
    });

    it('answers InvalidInput for an ARN that names no user, group or role', async () => {
      await rejects(simulate({ PolicySourceArn: `arn:aws:iam::${t.account}:policy/PutObjects` }), 'InvalidInput');
    });

    it('is authorized against the PolicySourceArn', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'Sim', PolicyDocument: policy(allowSt(['iam:SimulatePrincipalPolicy', 'iam:GetContextKeysForPrincipalPolicy'], arn('user', 'alice'))) }));
      const auditor = t.iam(await accessKey(t, 'auditor'));
      assert.equal(only(await auditor.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user', 'alice'), ActionNames: ['s3:PutObject'] }))).EvalDecision, 'allowed');
      await rejects(
        auditor.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('role', 'app'), ActionNames: ['s3:PutObject'] })),
        'AccessDenied',
        `User: ${arn('user', 'auditor')} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${arn('role', 'app')} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
      );
    });
  });

  describe('GetContextKeysForPrincipalPolicy', () => {
    it("lists the keys of the user's, its groups' and its boundary's policies, then PolicyInputList's", async () => {
      await iam.send(new CreateUserCommand({ UserName: 'carol' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'P', PolicyDocument: policy(allowSt('s3:*', 'arn:aws:s3:::b/${aws:username}/*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })) }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'carol' }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'Cond', PolicyDocument: policy(allowSt('sqs:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })) }));
      const r = await iam.send(new GetContextKeysForPrincipalPolicyCommand({
        PolicySourceArn: arn('user', 'carol'),
        PolicyInputList: [policy(allowSt('sns:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 'aws:SourceIp': '1.2.3.4' } } }))],
      }));
      assert.deepEqual(r.ContextKeyNames, ['aws:username', 'aws:SourceIp', 'aws:MultiFactorAuthPresent', 'aws:RequestedRegion']);
      await rejects(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn('user', 'ghost') })), 'NoSuchEntity');
    });
  });

  describe('organizations', () => {
    it('reports OrganizationsDecisionDetail once the account belongs to an organization', async () => {
      assert.equal(only(await simulate({ PolicySourceArn: arn('user', 'alice') })).OrganizationsDecisionDetail, undefined);
      await t.organizations().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      assert.deepEqual(only(await simulate({ PolicySourceArn: arn('user', 'alice') })).OrganizationsDecisionDetail, { AllowedByOrganizations: true });
    });
  });
});

describe('simulator and enforcement agree', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  it('decides every probe for every principal as real requests are decided', async () => {
    const me = (n: string): string => `arn:aws:iam::${t.account}:user/${n}`;
    const boundary = await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadOnlyBoundary', PolicyDocument: policy(allowSt(['iam:Get*', 'iam:List*'])) }));
    const principals: Record<string, (name: string) => Promise<void>> = {
      none: async () => {},
      readAll: async (n) => void (await iam.send(new AttachUserPolicyCommand({ UserName: n, PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }))),
      selfOnly: async (n) => void (await iam.send(new PutUserPolicyCommand({ UserName: n, PolicyName: 'Self', PolicyDocument: policy(allowSt('iam:GetUser', me(n))) }))),
      denyList: async (n) => void (await iam.send(new PutUserPolicyCommand({ UserName: n, PolicyName: 'D', PolicyDocument: policy(allowSt(['iam:*', 'sts:*']), denySt('iam:ListUsers')) }))),
      viaGroup: async (n) => {
        await iam.send(new AddUserToGroupCommand({ GroupName: 'probers', UserName: n }));
      },
      bounded: async (n) => {
        await iam.send(new PutUserPolicyCommand({ UserName: n, PolicyName: 'All', PolicyDocument: policy(allowSt('*')) }));
        await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: n, PermissionsBoundary: boundary.Policy!.Arn! }));
      },
    };
    await iam.send(new CreateGroupCommand({ GroupName: 'probers' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'probers', PolicyName: 'G', PolicyDocument: policy(allowSt(['sts:GetAccessKeyInfo', 'iam:ListUsers'])) }));
    for (const [name, setup] of Object.entries(principals)) {
      await iam.send(new CreateUserCommand({ UserName: name }));
      await setup(name);
      const creds = await accessKey(t, name);
      const client = t.iam(creds);
      const probes: [string, string, () => Promise<unknown>][] = [
        ['iam:GetUser', me(name), () => client.send(new GetUserCommand({ UserName: name }))],
        ['iam:GetUser', me('none'), () => client.send(new GetUserCommand({ UserName: 'none' }))],
        ['iam:ListUsers', `arn:aws:iam::${t.account}:user/`, () => client.send(new ListUsersCommand({}))],
        ['sts:GetAccessKeyInfo', '*', () => t.sts(creds).send(new GetAccessKeyInfoCommand({ AccessKeyId: creds.accessKeyId }))],
      ];
      for (const [action, resource, call] of probes) {
        const real = await call().then(() => 'allowed', (e: Error) => (e.name === 'AccessDenied' ? 'denied' : `error ${e.name}`));
        const sim = only(await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: me(name), ActionNames: [action], ResourceArns: [resource] })));
        assert.equal(sim.EvalDecision === 'allowed' ? 'allowed' : 'denied', real, `${name} ${action} on ${resource}`);
      }
    }
  });
});
