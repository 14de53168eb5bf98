/** Organizations roots, OUs and policies (SCPs, RCPs) over JSON 1.1 with the AWS SDK v3. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  UpdateOrganizationalUnitCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { createOrgWithMember, denyCreateUser, memberAdmin, rejects } from './organizations-policies-support.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const RCP = 'RESOURCE_CONTROL_POLICY';

describe('organizations: roots, OUs and policies', () => {
  let t: TestServer;
  let rootId: string;
  let memberId: string;
  let ouId: string;
  let childOuId: string;
  let policyId: string;
  before(async () => {
    t = await startTestServer();
    ({ rootId, memberId } = await createOrgWithMember(t));
  });
  after(async () => {
    await t.close();
  });

  it('ListRoots: one root r-xxxx with no policy types enabled', async () => {
    const r = await t.organizations().send(new ListRootsCommand({}));
    assert.equal(r.Roots?.length, 1);
    const root = r.Roots?.[0];
    assert.match(root?.Id ?? '', /^r-[0-9a-z]{4}$/);
    assert.match(root?.Arn ?? '', new RegExp(`^arn:aws:organizations::${TEST_ACCOUNT}:root/o-[a-z0-9]{10}/${rootId}$`));
    assert.equal(root?.Name, 'Root');
    assert.deepEqual(root?.PolicyTypes, []);
  });

  it('CreateOrganizationalUnit, DescribeOrganizationalUnit, nesting and DuplicateOrganizationalUnitException', async () => {
    const o = t.organizations();
    const ou = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit;
    ouId = ou?.Id ?? '';
    assert.match(ouId, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    assert.match(ou?.Arn ?? '', new RegExp(`^arn:aws:organizations::${TEST_ACCOUNT}:ou/o-[a-z0-9]{10}/${ouId}$`));
    assert.deepEqual((await o.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId }))).OrganizationalUnit, ou);
    childOuId = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: ouId, Name: 'Prod' }))).OrganizationalUnit?.Id ?? '';
    await rejects(o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' })), 'DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
    await rejects(o.send(new CreateOrganizationalUnitCommand({ ParentId: 'ou-abcd-12345678', Name: 'x' })), 'ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
    await rejects(o.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-abcd-12345678' })), 'OrganizationalUnitNotFoundException', "We can't find an OU with the OrganizationalUnitId that you specified.");
    await rejects(o.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'nope' })), 'InvalidInputException', /Member must satisfy regular expression pattern/, 'INVALID_PATTERN');
  });

  it('OUs nest at most five levels deep (ConstraintViolationException OU_DEPTH_LIMIT_EXCEEDED)', async () => {
    const o = t.organizations();
    let parent = childOuId;
    for (const name of ['l3', 'l4', 'l5']) parent = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit?.Id ?? '';
    await rejects(o.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'l6' })), 'ConstraintViolationException', 'You attempted to create an OU tree that is too many levels deep.', 'OU_DEPTH_LIMIT_EXCEEDED');
  });

  it('UpdateOrganizationalUnit renames; ListOrganizationalUnitsForParent, ListChildren, ListParents', async () => {
    const o = t.organizations();
    const renamed = await o.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: ouId, Name: 'Apps' }));
    assert.equal(renamed.OrganizationalUnit?.Name, 'Apps');
    const ous = await o.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    assert.deepEqual(ous.OrganizationalUnits?.map((u) => u.Name), ['Apps']);
    const accounts = await o.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }));
    assert.deepEqual(accounts.Children?.map((c) => c.Id).sort(), [TEST_ACCOUNT, memberId].sort());
    assert.deepEqual((await o.send(new ListChildrenCommand({ ParentId: ouId, ChildType: 'ORGANIZATIONAL_UNIT' }))).Children, [{ Id: childOuId, Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual((await o.send(new ListParentsCommand({ ChildId: memberId }))).Parents, [{ Id: rootId, Type: 'ROOT' }]);
    assert.deepEqual((await o.send(new ListParentsCommand({ ChildId: childOuId }))).Parents, [{ Id: ouId, Type: 'ORGANIZATIONAL_UNIT' }]);
    await rejects(o.send(new ListParentsCommand({ ChildId: '999999999999' })), 'ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
    await rejects(o.send(new ListChildrenCommand({ ParentId: 'r-zzzz', ChildType: 'ACCOUNT' })), 'ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
  });

  it('ListChildren pages with MaxResults and NextToken', async () => {
    const o = t.organizations();
    const first = await o.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT', MaxResults: 1 }));
    assert.equal(first.Children?.length, 1);
    assert.ok(first.NextToken);
    const second = await o.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT', MaxResults: 1, NextToken: first.NextToken }));
    assert.equal(second.Children?.length, 1);
    assert.equal(second.NextToken, undefined);
    assert.notEqual(second.Children?.[0]?.Id, first.Children?.[0]?.Id);
  });

  it('MoveAccount checks SourceParentId and moves the account', async () => {
    const o = t.organizations();
    await rejects(o.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: ouId, DestinationParentId: rootId })), 'SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.");
    await rejects(o.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: rootId })), 'DuplicateAccountException', 'That account is already present in the specified destination.');
    await rejects(o.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: 'ou-abcd-12345678' })), 'DestinationParentNotFoundException', /destination/);
    await rejects(o.send(new MoveAccountCommand({ AccountId: '999999999999', SourceParentId: rootId, DestinationParentId: ouId })), 'AccountNotFoundException', "You specified an account that doesn't exist.");
    await o.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ouId }));
    assert.deepEqual((await o.send(new ListParentsCommand({ ChildId: memberId }))).Parents, [{ Id: ouId, Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual((await o.send(new ListChildrenCommand({ ParentId: ouId, ChildType: 'ACCOUNT' }))).Children, [{ Id: memberId, Type: 'ACCOUNT' }]);
  });

  it('DeleteOrganizationalUnit only when empty', async () => {
    const o = t.organizations();
    await rejects(o.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ouId })), 'OrganizationalUnitNotEmptyException', /The specified OU is not empty/);
    const spare = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Spare' }))).OrganizationalUnit?.Id ?? '';
    await o.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: spare }));
    await rejects(o.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: spare })), 'OrganizationalUnitNotFoundException', /OrganizationalUnitId/);
  });

  it('policies need their type enabled: PolicyTypeNotEnabledException, then EnablePolicyType attaches FullAWSAccess everywhere', async () => {
    const o = t.organizations();
    policyId = (await o.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: 'deny CreateUser', Type: SCP, Content: denyCreateUser }))).Policy?.PolicySummary?.Id ?? '';
    assert.match(policyId, /^p-[a-z0-9]{8}$/);
    await rejects(o.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: memberId })), 'PolicyTypeNotEnabledException', /isn't currently enabled/);
    await rejects(o.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP })), 'PolicyTypeNotEnabledException', /isn't currently enabled/);
    await rejects(o.send(new EnablePolicyTypeCommand({ RootId: 'r-zzzz', PolicyType: SCP })), 'RootNotFoundException', "We can't find a root with the RootId that you specified.");
    const r = await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }));
    assert.deepEqual(r.Root?.PolicyTypes, [{ Type: SCP, Status: 'ENABLED' }]);
    await rejects(o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP })), 'PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
    assert.deepEqual((await o.send(new ListRootsCommand({}))).Roots?.[0]?.PolicyTypes, [{ Type: SCP, Status: 'ENABLED' }]);
    assert.deepEqual((await o.send(new DescribeOrganizationCommand({}))).Organization?.AvailablePolicyTypes, [{ Type: SCP, Status: 'ENABLED' }]);
    for (const target of [rootId, ouId, childOuId, memberId, TEST_ACCOUNT]) {
      const p = await o.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: SCP }));
      assert.deepEqual(p.Policies?.map((x) => x.Id), ['p-FullAWSAccess'], target);
    }
    const full = (await o.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy;
    assert.equal(full?.PolicySummary?.AwsManaged, true);
    assert.equal(full?.PolicySummary?.Arn, 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
    // A new OU gets it too.
    const fresh = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Fresh' }))).OrganizationalUnit?.Id ?? '';
    assert.deepEqual((await o.send(new ListPoliciesForTargetCommand({ TargetId: fresh, Filter: SCP }))).Policies?.map((x) => x.Id), ['p-FullAWSAccess']);
    await o.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: fresh }));
    // So does a new account, which starts under the root.
    const created = await o.send(new CreateAccountCommand({ Email: 'second@example.com', AccountName: 'second' }));
    const second = (await o.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }))).CreateAccountStatus?.AccountId ?? '';
    assert.deepEqual((await o.send(new ListParentsCommand({ ChildId: second }))).Parents, [{ Id: rootId, Type: 'ROOT' }]);
    assert.deepEqual((await o.send(new ListPoliciesForTargetCommand({ TargetId: second, Filter: SCP }))).Policies?.map((x) => x.Id), ['p-FullAWSAccess']);
  });

  it('a member account cannot manage the tree or its policies (AccessDeniedException)', async () => {
    const o = t.organizations(await memberAdmin(t, memberId));
    const denied = "You don't have permissions to access this resource.";
    await rejects(o.send(new ListRootsCommand({})), 'AccessDeniedException', denied);
    await rejects(o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'x' })), 'AccessDeniedException', denied);
    await rejects(o.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: memberId })), 'AccessDeniedException', denied);
    await rejects(o.send(new CreatePolicyCommand({ Name: 'x', Description: '', Type: SCP, Content: denyCreateUser })), 'AccessDeniedException', denied);
  });

  it('CreatePolicy validates the content: MalformedPolicyDocumentException, POLICY_CONTENT_LIMIT_EXCEEDED, DuplicatePolicyException', async () => {
    const o = t.organizations();
    const create = (Name: string, Content: string, Type: typeof SCP | typeof RCP = SCP) => o.send(new CreatePolicyCommand({ Name, Description: '', Type, Content }));
    await rejects(create('bad', '{"Statement":'), 'MalformedPolicyDocumentException', /.+/);
    await rejects(create('bad', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] })), 'MalformedPolicyDocumentException', /.+/);
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(5100), Effect: 'Deny', Action: '*', Resource: '*' }] });
    await rejects(create('big', big), 'ConstraintViolationException', 'You attempted to create a policy that is larger than the maximum size.', 'POLICY_CONTENT_LIMIT_EXCEEDED');
    await rejects(create('NoUsers', denyCreateUser), 'DuplicatePolicyException', 'A policy with the same name already exists.');
    await rejects(create('FullAWSAccess', denyCreateUser), 'DuplicatePolicyException', 'A policy with the same name already exists.');
  });

  it('AttachPolicy / DetachPolicy, ListTargetsForPolicy and their errors', async () => {
    const o = t.organizations();
    await o.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: ouId }));
    await rejects(o.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: ouId })), 'DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
    await rejects(o.send(new AttachPolicyCommand({ PolicyId: 'p-zzzzzzzz', TargetId: ouId })), 'PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
    await rejects(o.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: '999999999999' })), 'TargetNotFoundException', /We can't find a root, OU, account/);
    await rejects(o.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: memberId })), 'PolicyNotAttachedException', /isn't attached/);
    const targets = await o.send(new ListTargetsForPolicyCommand({ PolicyId: policyId }));
    assert.deepEqual(targets.Targets?.map((x) => [x.TargetId, x.Type, x.Name]), [[ouId, 'ORGANIZATIONAL_UNIT', 'Apps']]);
    assert.match(targets.Targets?.[0]?.Arn ?? '', /:ou\/o-/);
    await rejects(o.send(new DeletePolicyCommand({ PolicyId: policyId })), 'PolicyInUseException', /The policy is attached to one or more entities/);
    await o.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId }));
    await rejects(
      o.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: ouId })),
      'ConstraintViolationException',
      /fewer than the minimum number of policies/,
      'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    );
    await o.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId }));
    await o.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: ouId }));
    assert.deepEqual((await o.send(new ListTargetsForPolicyCommand({ PolicyId: policyId }))).Targets, []);
  });

  it('UpdatePolicy, DescribePolicy, ListPolicies (Filter), DeletePolicy; AWS managed policies are immutable', async () => {
    const o = t.organizations();
    const updated = await o.send(new UpdatePolicyCommand({ PolicyId: policyId, Description: 'no new users' }));
    assert.equal(updated.Policy?.PolicySummary?.Description, 'no new users');
    assert.equal(updated.Policy?.Content, denyCreateUser);
    await rejects(o.send(new UpdatePolicyCommand({ PolicyId: policyId, Content: '{}' })), 'MalformedPolicyDocumentException', /.+/);
    await rejects(o.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Name: 'x' })), 'InvalidInputException', /managed by AWS/, 'IMMUTABLE_POLICY');
    await rejects(o.send(new DeletePolicyCommand({ PolicyId: 'p-FullAWSAccess' })), 'InvalidInputException', /managed by AWS/, 'IMMUTABLE_POLICY');
    const scps = await o.send(new ListPoliciesCommand({ Filter: SCP }));
    assert.deepEqual(scps.Policies?.map((p) => p.Name).sort(), ['FullAWSAccess', 'NoUsers']);
    assert.deepEqual((await o.send(new ListPoliciesCommand({ Filter: RCP }))).Policies?.map((p) => p.Id), ['p-RCPFullAWSAccess']);
    const described = await o.send(new DescribePolicyCommand({ PolicyId: policyId }));
    assert.match(described.Policy?.PolicySummary?.Arn ?? '', new RegExp(`^arn:aws:organizations::${TEST_ACCOUNT}:policy/o-[a-z0-9]{10}/service_control_policy/${policyId}$`));
    await o.send(new DeletePolicyCommand({ PolicyId: policyId }));
    await rejects(o.send(new DescribePolicyCommand({ PolicyId: policyId })), 'PolicyNotFoundException', /PolicyId/);
  });

  it('RCPs: EnablePolicyType attaches RCPFullAWSAccess, which cannot be detached; DisablePolicyType detaches everything of its type', async () => {
    const o = t.organizations();
    const r = await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP }));
    assert.deepEqual(r.Root?.PolicyTypes?.map((p) => p.Type), [SCP, RCP]);
    assert.deepEqual((await o.send(new ListPoliciesForTargetCommand({ TargetId: memberId, Filter: RCP }))).Policies?.map((p) => p.Id), ['p-RCPFullAWSAccess']);
    await rejects(o.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: memberId })), 'InvalidInputException', "You can't detach this AWS Managed Policy.", 'NON_DETACHABLE_POLICY');
    await o.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP }));
    assert.deepEqual((await o.send(new ListPoliciesForTargetCommand({ TargetId: memberId, Filter: RCP }))).Policies, []);
    assert.deepEqual((await o.send(new ListRootsCommand({}))).Roots?.[0]?.PolicyTypes?.map((p) => p.Type), [SCP]);
  });
});
