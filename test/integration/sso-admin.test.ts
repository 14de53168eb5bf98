/**
 * IAM Identity Center's sso-admin through the SDK v3 client: the instance (one per account,
 * ConflictException for a second), permission sets and their names, session durations, inline
 * policies (IAM's grammar), AWS managed and customer managed policies, permissions boundaries,
 * tags, AWS's quotas, ResourceNotFoundException for what is not there, and authorization as
 * `sso:<Action>` on the instance and the permission set (with their tags).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateInstanceCommand,
  CreatePermissionSetCommand,
  type CreatePermissionSetCommandOutput,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeleteInstanceCommand,
  DeletePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribeInstanceCommand,
  DescribePermissionSetCommand,
  DetachCustomerManagedPolicyReferenceFromPermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  ListTagsForResourceCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  SSOAdminClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateInstanceCommand,
  UpdatePermissionSetCommand,
} from '@aws-sdk/client-sso-admin';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { allow, putUser } from '../support/fixtures.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { failure } from '../support/failure.js';

async function refused(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  const f = await failure(p);
  assert.equal(f.name, name, f.message);
  assert.equal(f.$metadata.httpStatusCode, name === 'InternalServerException' ? 500 : 400);
  if (message !== undefined) assert.match(f.message, message);
}

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const OTHER_INSTANCE = 'arn:aws:sso:::instance/ssoins-0000000000000000';

describe('sso-admin (SDK v3)', () => {
  let t: TestServer;
  let sso: (creds?: Credentials) => SSOAdminClient;
  let instanceArn: string;
  const psArn = (p: CreatePermissionSetCommandOutput): string => p.PermissionSet!.PermissionSetArn!;
  const create = async (Name: string, extra: Record<string, unknown> = {}): Promise<string> => psArn(await sso().send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name, ...extra })));

  before(async () => {
    t = await startTestServer({ log: (l) => process.env.SSO_LOG && console.error(l) });
    sso = (creds = t.admin) => new SSOAdminClient({ endpoint: t.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
  });
  after(() => t.close());

  it('the instance: none, then one (ConflictException for a second), described, renamed, tagged', async () => {
    const c = sso();
    assert.deepEqual((await c.send(new ListInstancesCommand({}))).Instances, []);
    const created = await c.send(new CreateInstanceCommand({ Name: 'workforce', Tags: [{ Key: 'team', Value: 'platform' }] }));
    instanceArn = created.InstanceArn!;
    assert.match(instanceArn, /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
    await refused(c.send(new CreateInstanceCommand({ Name: 'second' })), 'ConflictException', /already exists/);
    // A retry with the first call's ClientToken answers that call's instance.
    const token = 'retry-token-1';
    const t2 = await startTestServer();
    try {
      const c2 = new SSOAdminClient({ endpoint: t2.url, region: 'us-east-1', credentials: t2.admin, maxAttempts: 1 });
      const first = await c2.send(new CreateInstanceCommand({ ClientToken: token }));
      assert.equal((await c2.send(new CreateInstanceCommand({ ClientToken: token }))).InstanceArn, first.InstanceArn);
    } finally {
      await t2.close();
    }

    const listed = (await c.send(new ListInstancesCommand({}))).Instances!;
    assert.equal(listed.length, 1);
    const i = listed[0]!;
    assert.equal(i.InstanceArn, instanceArn);
    assert.match(i.IdentityStoreId!, /^d-[0-9a-f]{10}$/);
    assert.equal(i.OwnerAccountId, t.account);
    assert.equal(i.Name, 'workforce');
    assert.equal(i.Status, 'ACTIVE');
    assert.ok(i.CreatedDate instanceof Date);

    await c.send(new UpdateInstanceCommand({ InstanceArn: instanceArn, Name: 'renamed' }));
    const described = await c.send(new DescribeInstanceCommand({ InstanceArn: instanceArn }));
    assert.equal(described.Name, 'renamed');
    assert.equal(described.IdentityStoreId, i.IdentityStoreId);
    assert.equal(described.Status, 'ACTIVE');
    await refused(c.send(new DescribeInstanceCommand({ InstanceArn: OTHER_INSTANCE })), 'ResourceNotFoundException');
    await refused(c.send(new UpdateInstanceCommand({ InstanceArn: OTHER_INSTANCE, Name: 'x' })), 'ResourceNotFoundException');
    await refused(c.send(new DescribeInstanceCommand({ InstanceArn: 'arn:aws:sso:::instance/nope' })), 'ValidationException');

    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: instanceArn }))).Tags, [{ Key: 'team', Value: 'platform' }]);
  });

  it('permission sets: created with defaults, described, updated, listed in pages, deleted; names unique', async () => {
    const c = sso();
    const created = await c.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'ReadOnly', Description: 'Read only access', RelayState: 'https://console.aws.amazon.com/s3', Tags: [{ Key: 'env', Value: 'dev' }] }));
    const p = created.PermissionSet!;
    const id = instanceArn.slice(instanceArn.lastIndexOf('/') + 1);
    assert.match(p.PermissionSetArn!, new RegExp(`^arn:aws:sso:::permissionSet/${id}/ps-[0-9a-f]{16}$`));
    assert.equal(p.Name, 'ReadOnly');
    assert.equal(p.Description, 'Read only access');
    assert.equal(p.SessionDuration, 'PT1H');
    assert.equal(p.RelayState, 'https://console.aws.amazon.com/s3');
    assert.ok(p.CreatedDate instanceof Date);
    const arn = p.PermissionSetArn!;
    assert.deepEqual((await c.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }))).PermissionSet, p);

    await refused(c.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'ReadOnly' })), 'ConflictException', /^PermissionSet with name ReadOnly already exists\.$/);
    await refused(c.send(new CreatePermissionSetCommand({ InstanceArn: OTHER_INSTANCE, Name: 'Elsewhere' })), 'ResourceNotFoundException');
    await refused(c.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'bad name!' })), 'ValidationException');
    for (const d of ['PT13H', 'PT30M', 'P1D', 'P1M', '-PT2H', 'PT12H1S']) {
      await refused(c.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Durations', SessionDuration: d })), 'ValidationException', /duration|constraint/);
    }
    await refused(c.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Durations', SessionDuration: 'two hours' })), 'ValidationException');
    assert.equal((await c.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Long', SessionDuration: 'PT12H' }))).PermissionSet?.SessionDuration, 'PT12H');
    assert.equal((await c.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Minutes', SessionDuration: 'PT90M' }))).PermissionSet?.SessionDuration, 'PT90M');

    await c.send(new UpdatePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, SessionDuration: 'PT8H', Description: 'changed' }));
    const updated = (await c.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }))).PermissionSet!;
    assert.equal(updated.SessionDuration, 'PT8H');
    assert.equal(updated.Description, 'changed');
    assert.equal(updated.RelayState, p.RelayState);
    await refused(c.send(new UpdatePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, SessionDuration: 'PT24H' })), 'ValidationException');

    const all = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await c.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, MaxResults: 1, ...(token === undefined ? {} : { NextToken: token }) }));
      for (const a of page.PermissionSets ?? []) all.add(a);
      token = page.NextToken;
      pages++;
    } while (token !== undefined);
    assert.equal(all.size, 3);
    assert.equal(pages, 3);
    assert.ok(all.has(arn));
    await refused(c.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, NextToken: 'bm90LW91cnM' })), 'ValidationException');
    await refused(c.send(new ListPermissionSetsCommand({ InstanceArn: OTHER_INSTANCE })), 'ResourceNotFoundException');

    const long = [...all].find((a) => a !== arn)!;
    await c.send(new DeletePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: long }));
    await refused(c.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: long })), 'ResourceNotFoundException');
    await refused(c.send(new DeletePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: long })), 'ResourceNotFoundException');
    // The set's ARN under another instance names nothing.
    await refused(c.send(new DescribePermissionSetCommand({ InstanceArn: OTHER_INSTANCE, PermissionSetArn: arn })), 'ResourceNotFoundException');
  });

  it('a deleted name may be used again', async () => {
    const c = sso();
    const first = await create('Reused');
    await c.send(new DeletePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: first }));
    const second = await create('Reused');
    assert.notEqual(second, first);
  });

  it('inline policy: put, read, refused when malformed or too large, deleted', async () => {
    const c = sso();
    const arn = await create('Inline');
    const ids = { InstanceArn: instanceArn, PermissionSetArn: arn };
    assert.equal((await c.send(new GetInlinePolicyForPermissionSetCommand(ids))).InlinePolicy, undefined);
    await c.send(new PutInlinePolicyToPermissionSetCommand({ ...ids, InlinePolicy: POLICY }));
    assert.equal((await c.send(new GetInlinePolicyForPermissionSetCommand(ids))).InlinePolicy, POLICY);
    await refused(c.send(new PutInlinePolicyToPermissionSetCommand({ ...ids, InlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}' })), 'ValidationException', /^Invalid PermissionsPolicy Document/);
    await refused(c.send(new PutInlinePolicyToPermissionSetCommand({ ...ids, InlinePolicy: 'not json' })), 'ValidationException', /^Invalid PermissionsPolicy Document/);
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) }] });
    await refused(c.send(new PutInlinePolicyToPermissionSetCommand({ ...ids, InlinePolicy: big })), 'ServiceQuotaExceededException', /10240/);
    assert.equal((await c.send(new GetInlinePolicyForPermissionSetCommand(ids))).InlinePolicy, POLICY);
    await c.send(new DeleteInlinePolicyFromPermissionSetCommand(ids));
    assert.equal((await c.send(new GetInlinePolicyForPermissionSetCommand(ids))).InlinePolicy, undefined);
    await refused(c.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: `${instanceArn.replace('instance/', 'permissionSet/')}/ps-0000000000000000`, InlinePolicy: POLICY })), 'ResourceNotFoundException');
  });

  it('AWS managed policies: only from the catalogue, once each, detached', async () => {
    const c = sso();
    const arn = await create('Managed');
    const ids = { InstanceArn: instanceArn, PermissionSetArn: arn };
    await c.send(new AttachManagedPolicyToPermissionSetCommand({ ...ids, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await c.send(new AttachManagedPolicyToPermissionSetCommand({ ...ids, ManagedPolicyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }));
    assert.deepEqual((await c.send(new ListManagedPoliciesInPermissionSetCommand(ids))).AttachedManagedPolicies, [
      { Name: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      { Name: 'ViewOnlyAccess', Arn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' },
    ]);
    const first = await c.send(new ListManagedPoliciesInPermissionSetCommand({ ...ids, MaxResults: 1 }));
    assert.equal(first.AttachedManagedPolicies?.length, 1);
    const second = await c.send(new ListManagedPoliciesInPermissionSetCommand({ ...ids, MaxResults: 1, NextToken: first.NextToken! }));
    assert.equal(second.AttachedManagedPolicies?.[0]?.Name, 'ViewOnlyAccess');
    assert.equal(second.NextToken, undefined);

    await refused(c.send(new AttachManagedPolicyToPermissionSetCommand({ ...ids, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), 'ConflictException');
    await refused(c.send(new AttachManagedPolicyToPermissionSetCommand({ ...ids, ManagedPolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicyAnywhere' })), 'ResourceNotFoundException', /does not exist/);
    await refused(c.send(new AttachManagedPolicyToPermissionSetCommand({ ...ids, ManagedPolicyArn: `arn:aws:iam::${t.account}:policy/Mine` })), 'ValidationException');
    await c.send(new DetachManagedPolicyFromPermissionSetCommand({ ...ids, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await refused(c.send(new DetachManagedPolicyFromPermissionSetCommand({ ...ids, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), 'ResourceNotFoundException');
    assert.deepEqual((await c.send(new ListManagedPoliciesInPermissionSetCommand(ids))).AttachedManagedPolicies?.map((p) => p.Name), ['ViewOnlyAccess']);
  });

  it('customer managed policy references: name and path (/ unless given), unique by name, at most 20 policies in all', async () => {
    const c = sso();
    const arn = await create('Customer');
    const ids = { InstanceArn: instanceArn, PermissionSetArn: arn };
    await c.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: 'TeamAccess', Path: '/teams/' } }));
    await c.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: 'Baseline' } }));
    assert.deepEqual((await c.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand(ids))).CustomerManagedPolicyReferences, [
      { Name: 'TeamAccess', Path: '/teams/' },
      { Name: 'Baseline', Path: '/' },
    ]);
    await refused(c.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: 'teamaccess', Path: '/' } })), 'ConflictException');
    await refused(c.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: 'X', Path: 'no-slashes' } })), 'ValidationException');
    await refused(c.send(new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: 'TeamAccess' } })), 'ResourceNotFoundException');
    await c.send(new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: 'TeamAccess', Path: '/teams/' } }));
    await c.send(new AttachManagedPolicyToPermissionSetCommand({ ...ids, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    for (let i = 0; i < 18; i++) await c.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: `P${i}` } }));
    await refused(c.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: 'OneTooMany' } })), 'ServiceQuotaExceededException');
    await refused(c.send(new AttachManagedPolicyToPermissionSetCommand({ ...ids, ManagedPolicyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' })), 'ServiceQuotaExceededException');
  });

  it('permissions boundary: an AWS managed policy or a customer managed reference, read, replaced, deleted', async () => {
    const c = sso();
    const arn = await create('Bounded');
    const ids = { InstanceArn: instanceArn, PermissionSetArn: arn };
    await refused(c.send(new GetPermissionsBoundaryForPermissionSetCommand(ids)), 'ResourceNotFoundException');
    await c.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...ids, PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' } }));
    assert.deepEqual((await c.send(new GetPermissionsBoundaryForPermissionSetCommand(ids))).PermissionsBoundary, { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    await c.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...ids, PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'Boundary' } } }));
    assert.deepEqual((await c.send(new GetPermissionsBoundaryForPermissionSetCommand(ids))).PermissionsBoundary, { CustomerManagedPolicyReference: { Name: 'Boundary', Path: '/' } });
    await refused(c.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...ids, PermissionsBoundary: {} })), 'ValidationException');
    await refused(
      c.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...ids, PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess', CustomerManagedPolicyReference: { Name: 'Boundary' } } })),
      'ValidationException',
    );
    await refused(c.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...ids, PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/NotAPolicyAtAll' } })), 'ResourceNotFoundException');
    await c.send(new DeletePermissionsBoundaryFromPermissionSetCommand(ids));
    await refused(c.send(new GetPermissionsBoundaryForPermissionSetCommand(ids)), 'ResourceNotFoundException');
  });

  it('tags on permission sets: added, replaced, removed; at most 50; aws: is reserved', async () => {
    const c = sso();
    const arn = await create('Tagged', { Tags: [{ Key: 'a', Value: '1' }] });
    await c.send(new TagResourceCommand({ InstanceArn: instanceArn, ResourceArn: arn, Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ InstanceArn: instanceArn, ResourceArn: arn }))).Tags, [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }]);
    await c.send(new UntagResourceCommand({ InstanceArn: instanceArn, ResourceArn: arn, TagKeys: ['a'] }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ InstanceArn: instanceArn, ResourceArn: arn }))).Tags, [{ Key: 'b', Value: '3' }]);
    await refused(c.send(new TagResourceCommand({ InstanceArn: instanceArn, ResourceArn: arn, Tags: [{ Key: 'aws:x', Value: '1' }] })), 'ValidationException');
    await refused(c.send(new TagResourceCommand({ InstanceArn: instanceArn, ResourceArn: arn, Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })), 'ServiceQuotaExceededException');
    await refused(c.send(new ListTagsForResourceCommand({ InstanceArn: instanceArn, ResourceArn: `${instanceArn.replace('instance/', 'permissionSet/')}/ps-0000000000000000` })), 'ResourceNotFoundException');
  });

  it('authorization: sso:<Action> on the permission set and the instance, their tags, request tags', async () => {
    const setArn = await create('Guarded', { Tags: [{ Key: 'stage', Value: 'prod' }] });
    const openArn = await create('Open');
    const nobody = await putUser(t, 'sso-nobody');
    await refused(sso(nobody).send(new ListInstancesCommand({})), 'AccessDeniedException', /is not authorized to perform: sso:ListInstances on resource: \*/);

    // The permission set alone is not enough: the instance is a resource of the call too.
    const setOnly = await putUser(t, 'sso-set-only', { inline: { p: allow('sso:DescribePermissionSet', setArn) } });
    await refused(
      sso(setOnly).send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: setArn })),
      'AccessDeniedException',
      new RegExp(`sso:DescribePermissionSet on resource: ${instanceArn.replace(/[.]/g, '\\.')}`),
    );
    const both = await putUser(t, 'sso-both', { inline: { p: allow('sso:DescribePermissionSet', [setArn, instanceArn]) } });
    assert.equal((await sso(both).send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: setArn }))).PermissionSet?.Name, 'Guarded');
    await refused(sso(both).send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: openArn })), 'AccessDeniedException');

    // A Deny on the set's tags holds; other sets are untouched.
    const notProd = await putUser(t, 'sso-not-prod', {
      inline: {
        p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sso:*', Resource: '*' }, { Effect: 'Deny', Action: 'sso:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/stage': 'prod' } } }] },
      },
    });
    await refused(sso(notProd).send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: setArn, InlinePolicy: POLICY })), 'AccessDeniedException', /explicit deny/);
    await sso(notProd).send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: openArn, InlinePolicy: POLICY }));
    // The instance's own tags (team=platform) are read for the second resource too.
    const notPlatform = await putUser(t, 'sso-not-platform', {
      inline: {
        p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sso:*', Resource: '*' }, { Effect: 'Deny', Action: 'sso:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'platform' } } }] },
      },
    });
    await refused(sso(notPlatform).send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: openArn })), 'AccessDeniedException', /explicit deny/);
    await refused(sso(notPlatform).send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'NotOnPlatform' })), 'AccessDeniedException', /explicit deny/);
    await refused(sso(notPlatform).send(new ListPermissionSetsCommand({ InstanceArn: instanceArn })), 'AccessDeniedException', /explicit deny/);

    // Request tags: creating a set requires its tags to be allowed.
    const tagged = await putUser(t, 'sso-tagged-only', {
      inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sso:CreatePermissionSet', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/owner': 'me' } } }] } },
    });
    await refused(sso(tagged).send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Untagged' })), 'AccessDeniedException');
    const made = await sso(tagged).send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'OwnedByMe', Tags: [{ Key: 'owner', Value: 'me' }] }));
    assert.equal(made.PermissionSet?.Name, 'OwnedByMe');
    // A denial comes before existence: the same answer for a set that is not there.
    await refused(sso(nobody).send(new DescribePermissionSetCommand({ InstanceArn: OTHER_INSTANCE, PermissionSetArn: setArn })), 'AccessDeniedException');
  });

  it('DeleteInstance removes the instance, its permission sets and its identity store; a new instance may be created', async () => {
    const c = sso();
    const arn = await create('Doomed');
    const store = (await c.send(new DescribeInstanceCommand({ InstanceArn: instanceArn }))).IdentityStoreId!;
    const ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: t.admin, maxAttempts: 1 });
    const user = await ids.send(new CreateUserCommand({ IdentityStoreId: store, UserName: 'leaving', DisplayName: 'Leaving' }));
    const group = await ids.send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: 'Leavers' }));
    await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId: group.GroupId!, MemberId: { UserId: user.UserId! } }));
    await c.send(new DeleteInstanceCommand({ InstanceArn: instanceArn }));
    assert.deepEqual((await c.send(new ListInstancesCommand({}))).Instances, []);
    await refused(c.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn })), 'ResourceNotFoundException');
    await refused(c.send(new DeleteInstanceCommand({ InstanceArn: instanceArn })), 'ResourceNotFoundException');
    const again = (await c.send(new CreateInstanceCommand({}))).InstanceArn!;
    assert.notEqual(again, instanceArn);
    assert.deepEqual((await c.send(new ListPermissionSetsCommand({ InstanceArn: again }))).PermissionSets, []);
    for (const kind of ['sso-permission-set', 'sso-permission-set-name', 'ids-user', 'ids-user-name', 'ids-group', 'ids-group-name', 'ids-membership', 'ids-group-member', 'ids-member-group']) {
      assert.equal(await t.server.store.read((tx) => tx.count(t.account, kind)), 0, kind);
    }
  });
});
