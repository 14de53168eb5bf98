/**
 * Tag-based guardrails an attacker tries to route around: a resource named otherwise than by its
 * stored ARN (another case, another path) must not be reached without its tags.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand, CreateAccessKeyCommand, CreateInstanceProfileCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, GetContextKeysForPrincipalPolicyCommand,
  GetUserCommand, ListAccessKeysCommand, PutRolePolicyCommand, SimulatePrincipalPolicyCommand, TagRoleCommand, UntagRoleCommand, UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import {
  AttachPolicyCommand, CreateAccountCommand, CreateOrganizationCommand, CreateOrganizationalUnitCommand, CreatePolicyCommand as CreateOrgPolicyCommand,
  DescribeAccountCommand, DescribeCreateAccountStatusCommand, DetachPolicyCommand, EnablePolicyTypeCommand, ListParentsCommand, ListPoliciesForTargetCommand,
  ListRootsCommand, MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import { hotp, stepAt } from '../../src/credentials/totp.js';
import { seedOf } from '../support/totp.js';
import { withResourceTags } from '../../src/iam/resource-tags.js';
import { actionNames, findAction } from '../../src/app/actions.js';
import { actionReference } from '../../src/access/service-reference.js';
import { sessionCredentials } from '../support/assert.js';
import { putRole, putUser } from '../support/fixtures.js';
import { rejectsWith } from '../support/iam-identity.js';
import { type TestServer, startTestServer } from '../support/server.js';

const doc = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement });
const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
const denyWhen = (key: string): object => ({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { [key]: 'true' } } });

describe('resource tags: no way around them by naming the resource otherwise', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy reach a user by its ARN as stored only (NoSuchEntity otherwise)', async () => {
    const guarded = await putUser(t, 'sim-guarded', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('aws:ResourceTag/protected'))) as object } });
    await t.iam().send(new CreateUserCommand({ UserName: 'Victim', Path: '/ops/', Tags: [{ Key: 'protected', Value: 'true' }] }));
    const iam = t.iam(guarded);
    await rejectsWith(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${t.account}:user/ops/Victim`, ActionNames: ['s3:GetObject'] })), 'AccessDenied');
    for (const arn of [`arn:aws:iam::${t.account}:user/ops/victim`, `arn:aws:iam::${t.account}:user/Victim`, `arn:aws:iam::${t.account}:user/x/VICTIM`]) {
      await rejectsWith(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: ['s3:GetObject'] })), 'NoSuchEntity');
      await rejectsWith(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn })), 'NoSuchEntity');
    }
  });

  it('Organizations: a member account’s tags (CreateAccount Tags) are aws:ResourceTag/… of the calls on it', async () => {
    const o = t.organizations();
    await o.send(new CreateOrganizationCommand({}));
    const account = async (name: string, tags: { Key: string; Value: string }[]): Promise<string> => {
      const created = await o.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name, Tags: tags }));
      return (await o.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }))).CreateAccountStatus!.AccountId!;
    };
    const tagged = await account('tagged', [{ Key: 'Protected', Value: 'true' }]);
    const plain = await account('plain', [{ Key: 'team', Value: 'blue' }]);
    const rootId = (await o.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const ou = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'ou' }))).OrganizationalUnit!.Id!;
    const guarded = await putUser(t, 'org-guarded', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('aws:ResourceTag/protected'))) as object } });
    const og = t.organizations(guarded);
    const calls = (id: string): (() => Promise<unknown>)[] => [
      () => og.send(new DescribeAccountCommand({ AccountId: id })),
      () => og.send(new ListParentsCommand({ ChildId: id })),
      () => og.send(new ListPoliciesForTargetCommand({ TargetId: id, Filter: 'SERVICE_CONTROL_POLICY' })),
      () => og.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ou })),
    ];
    for (const call of calls(tagged)) await rejectsWith(call(), 'AccessDenied', /with an explicit deny in an identity-based policy$/);
    for (const call of calls(plain)) await call();
  });

  it('IAM names ignore case and the path comes from the store: a tagged role or user named in another case keeps its tags', async () => {
    const guarded = await putUser(t, 'case-guarded', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('iam:ResourceTag/protected'))) as object } });
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.account}:root` }, Action: 'sts:AssumeRole' });
    await t.iam().send(new CreateRoleCommand({ RoleName: 'Guarded-Role', Path: '/team/a/', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'protected', Value: 'true' }] }));
    await t.iam().send(new CreateUserCommand({ UserName: 'Guarded-User', Path: '/team/', Tags: [{ Key: 'protected', Value: 'true' }] }));
    const iam = t.iam(guarded);
    // Denied by the stored role's and user's tags; the denial names them as the caller did ("role NAME").
    for (const name of ['guarded-role', 'GUARDED-ROLE']) {
      await rejectsWith(iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc(ALLOW_ALL) })), 'AccessDenied', new RegExp(`on resource: role ${name} with an explicit deny`));
    }
    for (const name of ['guarded-user', 'GUARDED-USER']) {
      await rejectsWith(iam.send(new CreateAccessKeyCommand({ UserName: name })), 'AccessDenied', new RegExp(`on resource: user ${name} with an explicit deny`));
    }
  });

  it('AddRoleToInstanceProfile needs iam:PassRole on the role (with its tags), as AWS documents', async () => {
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await t.iam().send(new CreateRoleCommand({ RoleName: 'ec2-admin', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'protected', Value: 'true' }] }));
    await t.iam().send(new CreateRoleCommand({ RoleName: 'ec2-app', AssumeRolePolicyDocument: trust }));
    for (const p of ['ip-1', 'ip-2', 'ip-3']) await t.iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: p }));
    const arn = (role: string): string => `arn:aws:iam::${t.account}:role/${role}`;
    // Only the profile action granted: PassRole is missing.
    const noPass = await putUser(t, 'ip-nopass', { inline: { p: JSON.parse(doc({ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' })) as object } });
    await rejectsWith(
      t.iam(noPass).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip-1', RoleName: 'ec2-app' })),
      'AccessDenied',
      `User: ${noPass.arn} is not authorized to perform: iam:PassRole on resource: ${arn('ec2-app')} because no identity-based policy allows the iam:PassRole action`,
    );
    // PassRole granted for EC2, denied on protected roles.
    const pass = await putUser(t, 'ip-pass', {
      inline: {
        p: JSON.parse(
          doc(
            { Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' },
            { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
            { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/protected': 'true' } } },
          ),
        ) as object,
      },
    });
    // Denied by the stored role's tags; the ARN in the denial is written from the name as given.
    await rejectsWith(
      t.iam(pass).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip-2', RoleName: 'EC2-ADMIN' })),
      'AccessDenied',
      `User: ${pass.arn} is not authorized to perform: iam:PassRole on resource: ${arn('EC2-ADMIN')} with an explicit deny in an identity-based policy`,
    );
    await t.iam(pass).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip-3', RoleName: 'ec2-app' }));
  });

  it('every served action with a resource is in the Service Authorization Reference; one that is not refuses to load', () => {
    for (const service of ['iam', 'sts', 'organizations'] as const) {
      for (const name of actionNames(service)) {
        if (findAction(service, name)!.resource !== undefined) assert.ok(actionReference(service, name), `${service}:${name}`);
      }
    }
    const unknown = { ...findAction('iam', 'GetRole')!, name: 'GetRoel' };
    assert.throws(() => withResourceTags(unknown), /^Error: iam:GetRoel is not in the Service Authorization Reference/);
  });

  it('tags are read as they stand at the call: TagRole then act is denied at once, UntagRole then act is allowed', async () => {
    const guarded = await putUser(t, 'fresh-guarded', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('aws:ResourceTag/protected'))) as object } });
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.account}:root` }, Action: 'sts:AssumeRole' });
    const role = (await t.iam().send(new CreateRoleCommand({ RoleName: 'fresh', AssumeRolePolicyDocument: trust }))).Role!;
    const iam = t.iam(guarded);
    const put = (): Promise<unknown> => iam.send(new PutRolePolicyCommand({ RoleName: 'fresh', PolicyName: 'p', PolicyDocument: doc(ALLOW_ALL) }));
    const assume = (): Promise<unknown> => t.sts(guarded).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'ss' }));
    // Both read (and cache) the untagged role first.
    await put();
    await assume();
    await t.iam().send(new TagRoleCommand({ RoleName: 'fresh', Tags: [{ Key: 'protected', Value: 'true' }] }));
    await rejectsWith(put(), 'AccessDenied');
    await rejectsWith(assume(), 'AccessDenied');
    await t.iam().send(new UntagRoleCommand({ RoleName: 'fresh', TagKeys: ['PROTECTED'] }));
    await put();
    await assume();
  });

  it('sts:AssumeRole of a tagged role in another account: the caller’s identity policy sees the role’s tags', async () => {
    const other = '222233334444';
    const guarded = await putUser(t, 'cross-guarded', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('aws:ResourceTag/protected'))) as object } });
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.account}:root` }, Action: 'sts:AssumeRole' }] };
    const tagged = await putRole(t, 'cross-tagged', trust, { account: other, tags: { protected: 'true' } });
    const plain = await putRole(t, 'cross-plain', trust, { account: other, tags: { team: 'blue' } });
    await rejectsWith(t.sts(guarded).send(new AssumeRoleCommand({ RoleArn: tagged.arn, RoleSessionName: 'ss' })), 'AccessDenied');
    await t.sts(guarded).send(new AssumeRoleCommand({ RoleArn: plain.arn, RoleSessionName: 'ss' }));
  });
});

describe('resource tags: a session that outlived a change of its user’s path', () => {
  let t: TestServer;
  let clock = Date.parse('2026-11-22T10:00:00Z');
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
  });
  after(async () => {
    await t.close();
  });

  /** The base32 seed the API returned (the SDK hands back its ASCII bytes) as raw bytes. */
  it('acts on the user as stored now: CreateAccessKey, ListAccessKeys and GetUser without UserName keep its tags', async () => {
    // The user may do anything but touch a protected user, itself included.
    const u = await putUser(t, 'drifter', { tags: { protected: 'true' }, inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('aws:ResourceTag/protected'))) as object } });
    const dev = (await t.iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'drifter-phone' }))).VirtualMFADevice!;
    const seed = seedOf(dev.Base32StringSeed!);
    const code = (offset = 0): string => hotp(seed, stepAt(clock) + offset);
    await t.iam().send(new EnableMFADeviceCommand({ UserName: 'drifter', SerialNumber: dev.SerialNumber, AuthenticationCode1: code(-1), AuthenticationCode2: code() }));
    clock += 30_000;
    // IAM takes GetSessionToken credentials only with MFA.
    const session = sessionCredentials(await t.sts(u).send(new GetSessionTokenCommand({ SerialNumber: dev.SerialNumber, TokenCode: code() })));
    const moved = `arn:aws:iam::${t.account}:user/moved/drifter`;
    await t.iam().send(new UpdateUserCommand({ UserName: 'drifter', NewPath: '/moved/' }));
    const iam = t.iam(session);
    for (const call of [() => iam.send(new CreateAccessKeyCommand({})), () => iam.send(new ListAccessKeysCommand({})), () => iam.send(new GetUserCommand({}))]) {
      await rejectsWith(call(), 'AccessDenied', new RegExp(`on resource: ${moved} with an explicit deny in an identity-based policy$`));
    }
  });
});

describe('Organizations: every resource an action names is authorized, as AWS does', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  // AWS: AttachPolicy needs a Resource that includes "*" or the policy's ARN *and* the ARN of the
  // root, OU or account (orgs_manage_policies_attach.html); MoveAccount names the account and both parents.
  it('AttachPolicy/DetachPolicy: a Deny on the target (its ARN or its tags) holds; MoveAccount: a Deny on a parent holds', async () => {
    const o = t.organizations();
    await o.send(new CreateOrganizationCommand({}));
    const rootId = (await o.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const account = async (name: string, tags: { Key: string; Value: string }[]): Promise<string> => {
      const created = await o.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name, Tags: tags }));
      return (await o.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }))).CreateAccountStatus!.AccountId!;
    };
    const tagged = await account('tagged', [{ Key: 'protected', Value: 'true' }]);
    const plain = await account('plain', []);
    const secure = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'secure' }))).OrganizationalUnit!;
    const open = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'open' }))).OrganizationalUnit!;
    const scp = (await o.send(new CreateOrgPolicyCommand({ Name: 'guard', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: doc({ Effect: 'Deny', Action: 'iam:DeleteRole', Resource: '*' }) }))).Policy!.PolicySummary!;
    const guarded = await putUser(t, 'org-target-guarded', {
      inline: {
        p: JSON.parse(
          doc(ALLOW_ALL, denyWhen('aws:ResourceTag/protected'), { Effect: 'Deny', Action: ['organizations:AttachPolicy', 'organizations:DetachPolicy', 'organizations:MoveAccount'], Resource: secure.Arn }),
        ) as object,
      },
    });
    const og = t.organizations(guarded);
    const deny = /with an explicit deny in an identity-based policy$/;
    for (const target of [tagged, secure.Id!]) {
      await rejectsWith(og.send(new AttachPolicyCommand({ PolicyId: scp.Id, TargetId: target })), 'AccessDenied', deny);
      await o.send(new AttachPolicyCommand({ PolicyId: scp.Id, TargetId: target }));
      await rejectsWith(og.send(new DetachPolicyCommand({ PolicyId: scp.Id, TargetId: target })), 'AccessDenied', deny);
    }
    await og.send(new AttachPolicyCommand({ PolicyId: scp.Id, TargetId: plain }));
    await og.send(new DetachPolicyCommand({ PolicyId: scp.Id, TargetId: plain }));
    await og.send(new AttachPolicyCommand({ PolicyId: scp.Id, TargetId: open.Id }));
    // Into the guarded OU, then (moved by the admin) out of it: both are denied.
    await rejectsWith(og.send(new MoveAccountCommand({ AccountId: plain, SourceParentId: rootId, DestinationParentId: secure.Id })), 'AccessDenied', deny);
    await o.send(new MoveAccountCommand({ AccountId: plain, SourceParentId: rootId, DestinationParentId: secure.Id }));
    await rejectsWith(og.send(new MoveAccountCommand({ AccountId: plain, SourceParentId: secure.Id, DestinationParentId: open.Id })), 'AccessDenied', deny);
    await o.send(new MoveAccountCommand({ AccountId: plain, SourceParentId: secure.Id, DestinationParentId: rootId }));
    await og.send(new MoveAccountCommand({ AccountId: plain, SourceParentId: rootId, DestinationParentId: open.Id }));
  });
});
