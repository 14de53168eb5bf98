/**
 * AWS's built-in rules on the served path (issue 13): the engine's `builtInRules` is on for every
 * authorized call, and each refusal is AWS's answer, through the AWS SDK v3 against a started
 * server.
 * - sts:GetCallerIdentity needs no permission and cannot be denied, while the policy simulator
 *   (which evaluates the policies alone, as AWS's does) reports the policies' own decision.
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 * - AWS managed policies cannot be changed: 403 AccessDenied "Cannot delete policies outside your
 *   own account." and its kin, once the caller's policies allow the call.
 * - /aws-reserved/ and service-linked roles: 400 UnmodifiableEntity "Cannot perform the operation
 *   on the protected role 'NAME' - this role is only modifiable by AWS"; a service-linked role is
 *   known by its record, not by its path.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DeleteRoleCommand,
  DeleteRolePolicyCommand, GetRoleCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, SetDefaultPolicyVersionCommand,
  SimulatePrincipalPolicyCommand, TagPolicyCommand, UntagPolicyCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand, UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { allow, putRole, putUser, trustAccount } from '../support/fixtures.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { rejects } from './iam-policies-fixtures.js';

const ADMIN_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const DOC = JSON.stringify(allow('s3:GetObject'));
const deny = (action: string): object => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });
const protectedRole = (name: string): string => `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;

describe("AWS's built-in rules on the served path", () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  describe('sts:GetCallerIdentity', () => {
    it('answers a caller whose policies explicitly deny it, and one with no policy at all', async () => {
      const denied = await putUser(t, 'gci-denied', { inline: { all: allow('*'), noGci: deny('sts:GetCallerIdentity') } });
      const r = await t.sts(denied).send(new GetCallerIdentityCommand({}));
      assert.equal(r.Arn, denied.arn);
      assert.equal(r.Account, t.account);
      const bare = await putUser(t, 'gci-bare', { inline: { nothing: deny('*') } });
      assert.equal((await t.sts(bare).send(new GetCallerIdentityCommand({}))).Arn, bare.arn);
    });

    it("the simulator reports the policies' own decision for it, as AWS's simulator does", async () => {
      const simulate = async (user: string): Promise<string | undefined> =>
        (await t.iam().send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${t.account}:user/${user}`, ActionNames: ['sts:GetCallerIdentity'] })))
          .EvaluationResults?.[0]?.EvalDecision;
      assert.equal(await simulate('gci-denied'), 'explicitDeny');
      await putUser(t, 'gci-none');
      assert.equal(await simulate('gci-none'), 'implicitDeny');
    });
  });

  describe('AWS managed policies', () => {
    it('refuses every change with AWS AccessDenied wording, whatever the policies allow', async () => {
      const iam = t.iam();
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN_ACCESS })), 'AccessDenied', 'Cannot delete policies outside your own account.', 403);
      await rejects(
        iam.send(new DeletePolicyVersionCommand({ PolicyArn: READ_ONLY, VersionId: 'v1' })),
        'AccessDenied',
        'Cannot delete policy versions for policies outside your own account.',
        403,
      );
      const update = 'Cannot update policies outside your own account.';
      await rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: ADMIN_ACCESS, PolicyDocument: DOC })), 'AccessDenied', update, 403);
      await rejects(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ADMIN_ACCESS, VersionId: 'v1' })), 'AccessDenied', update, 403);
      await rejects(iam.send(new TagPolicyCommand({ PolicyArn: ADMIN_ACCESS, Tags: [{ Key: 'k', Value: 'v' }] })), 'AccessDenied', update, 403);
      await rejects(iam.send(new UntagPolicyCommand({ PolicyArn: ADMIN_ACCESS, TagKeys: ['k'] })), 'AccessDenied', update, 403);
    });

    it('a caller without the permission gets the usual AccessDenied first', async () => {
      const reader = await putUser(t, 'mp-reader', { inline: { read: allow('iam:Get*') } });
      await rejects(
        t.iam(reader).send(new DeletePolicyCommand({ PolicyArn: ADMIN_ACCESS })),
        'AccessDenied',
        new RegExp(`^User: ${reader.arn} is not authorized to perform: iam:DeletePolicy on resource: .*because no identity-based policy allows the iam:DeletePolicy action$`),
        403,
      );
    });
  });

  describe('protected roles', () => {
    const trust = JSON.stringify(trustAccount('111111111111'));

    it('an Identity Center role (/aws-reserved/) cannot be changed, created or deleted, but can be read', async () => {
      const name = 'AWSReservedSSO_Admin_0123456789abcdef';
      await putRole(t, name, trustAccount(t.account), { path: '/aws-reserved/sso.amazonaws.com/' });
      const iam = t.iam();
      const refused = protectedRole(name);
      await rejects(iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: DOC })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: READ_ONLY })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: 7200 })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new DeleteRoleCommand({ RoleName: name })), 'UnmodifiableEntity', refused, 400);
      await rejects(
        iam.send(new CreateRoleCommand({ RoleName: 'AWSReservedSSO_Mine_0', Path: '/aws-reserved/sso.amazonaws.com/', AssumeRolePolicyDocument: trust })),
        'UnmodifiableEntity',
        protectedRole('AWSReservedSSO_Mine_0'),
        400,
      );
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.RoleName, name);
    });

    it('a service-linked role (the stored flag) cannot be changed or deleted; its description can', async () => {
      const name = 'AWSServiceRoleForExample';
      await putRole(t, name, trustAccount(t.account), { path: '/aws-service-role/example.amazonaws.com/', serviceLinked: true });
      const iam = t.iam();
      const refused = protectedRole(name);
      await rejects(iam.send(new DeleteRoleCommand({ RoleName: name })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: DOC })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: READ_ONLY })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: READ_ONLY })), 'UnmodifiableEntity', refused, 400);
      await rejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust })), 'UnmodifiableEntity', refused, 400);
      // AWS: "You can edit the description of any role" (id_roles_update-service-linked-role.html).
      await iam.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'edited' }));
      await iam.send(new UpdateRoleCommand({ RoleName: name, Description: 'edited again' }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.Description, 'edited again');
    });

    it('a role that only reads like a service-linked role is an ordinary role', async () => {
      const name = 'AWSServiceRoleForLookalike';
      await putRole(t, name, trustAccount(t.account), { path: '/aws-service-role/example.amazonaws.com/' });
      const iam = t.iam();
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: DOC }));
      await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' }));
      await iam.send(new DeleteRoleCommand({ RoleName: name }));
      await rejects(iam.send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntity');
    });

    it('a caller without the permission gets the usual AccessDenied first', async () => {
      const reader = await putUser(t, 'slr-reader', { inline: { read: allow('iam:Get*') } });
      await rejects(
        t.iam(reader).send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForExample' })),
        'AccessDenied',
        /is not authorized to perform: iam:DeleteRole on resource: .*because no identity-based policy allows the iam:DeleteRole action$/,
        403,
      );
    });
  });
});
