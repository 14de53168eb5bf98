/**
 * Inline user and group policies, and enforcement end to end: what a user's (and its groups')
 * policies and permissions boundary allow is what the server lets it do, with AWS's
 * AccessDenied wording — over HTTP with the AWS SDK v3.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeleteGroupPolicyCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { accessKey, addToGroup, allow, deny, putGroup, putUser, rejects, setBoundary } from './iam-policies-fixtures.js';

describe('iam inline policies', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    await putUser(t, 'carol');
    await putGroup(t, 'Ops');
  });
  after(async () => {
    await t.close();
  });

  it('puts, gets (URL-encoded), replaces and deletes a user policy', async () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'apigateway:PUT', Resource: 'arn:aws:apigateway:us-east-1::/tags/arn%3Aaws%3Aapigateway' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: 'Carol', PolicyName: 'Tags', PolicyDocument: doc }));
    const r = await iam.send(new GetUserPolicyCommand({ UserName: 'carol', PolicyName: 'Tags' }));
    assert.equal(r.UserName, 'carol');
    assert.equal(r.PolicyName, 'Tags');
    assert.equal(r.PolicyDocument, encodeURIComponent(doc));
    assert.equal(decodeURIComponent(r.PolicyDocument), doc, 'the %3A in the resource survives');
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'Tags', PolicyDocument: allow('s3:GetObject') }));
    assert.equal(decodeURIComponent((await iam.send(new GetUserPolicyCommand({ UserName: 'carol', PolicyName: 'Tags' }))).PolicyDocument!), allow('s3:GetObject'));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'Tags' }));
    await rejects(iam.send(new GetUserPolicyCommand({ UserName: 'carol', PolicyName: 'Tags' })), 'NoSuchEntity', 'The user policy with name Tags cannot be found.', 404);
    await rejects(iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'Tags' })), 'NoSuchEntity', 'The user policy with name Tags cannot be found.');
  });

  it('accepts inline documents without a Version, as IAM does', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'Legacy', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'Legacy' }));
  });

  it('lists policy names in pages', async () => {
    for (const n of ['b', 'a', 'c']) await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: n, PolicyDocument: allow('s3:GetObject') }));
    const first = await iam.send(new ListUserPoliciesCommand({ UserName: 'carol', MaxItems: 2 }));
    assert.deepEqual(first.PolicyNames, ['a', 'b']);
    assert.equal(first.IsTruncated, true);
    const names: string[] = [];
    for await (const page of paginateListUserPolicies({ client: iam, pageSize: 1 }, { UserName: 'carol' })) names.push(...page.PolicyNames!);
    assert.deepEqual(names, ['a', 'b', 'c']);
    for (const n of names) await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: n }));
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'carol' }))).PolicyNames, []);
  });

  it('answers unknown users and malformed documents as AWS does', async () => {
    await rejects(iam.send(new PutUserPolicyCommand({ UserName: 'nobody', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
    await rejects(iam.send(new GetUserPolicyCommand({ UserName: 'nobody', PolicyName: 'p' })), 'NoSuchEntity', 'The user with name nobody cannot be found.');
    await rejects(iam.send(new ListUserPoliciesCommand({ UserName: 'nobody' })), 'NoSuchEntity', 'The user with name nobody cannot be found.');
    await rejects(iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'p', PolicyDocument: '{' })), 'MalformedPolicyDocument', 'Syntax errors in policy.', 400);
    await rejects(
      iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }) })),
      'MalformedPolicyDocument',
      'Policy statement must contain actions.',
    );
  });

  it('caps the aggregate inline size: 2,048 per user, 5,120 per group', async () => {
    const big = (n: number): string => allow(Array.from({ length: n }, (_, i) => `s3:GetObject${String(i).padStart(3, '0')}`));
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'one', PolicyDocument: big(60) }));
    await rejects(iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'two', PolicyDocument: big(60) })), 'LimitExceeded', 'Maximum policy size of 2048 bytes exceeded for user carol', 409);
    // Replacing a policy counts only its new size.
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'one', PolicyDocument: big(100) }));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'one' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'Ops', PolicyName: 'one', PolicyDocument: big(100) }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'Ops', PolicyName: 'two', PolicyDocument: big(100) }));
    await rejects(iam.send(new PutGroupPolicyCommand({ GroupName: 'Ops', PolicyName: 'three', PolicyDocument: big(100) })), 'LimitExceeded', 'Maximum policy size of 5120 bytes exceeded for group Ops');
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'Ops', PolicyName: 'one' }));
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'Ops', PolicyName: 'two' }));
  });

  it('puts, gets, lists and deletes group policies', async () => {
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'Read', PolicyDocument: allow('s3:GetObject') }));
    const r = await iam.send(new GetGroupPolicyCommand({ GroupName: 'OPS', PolicyName: 'Read' }));
    assert.equal(r.GroupName, 'Ops');
    assert.equal(decodeURIComponent(r.PolicyDocument!), allow('s3:GetObject'));
    assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'Ops' }))).PolicyNames, ['Read']);
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'Ops', PolicyName: 'Read' }));
    await rejects(iam.send(new GetGroupPolicyCommand({ GroupName: 'Ops', PolicyName: 'Read' })), 'NoSuchEntity', 'The group policy with name Read cannot be found.');
    await rejects(iam.send(new PutGroupPolicyCommand({ GroupName: 'nobody', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') })), 'NoSuchEntity', 'The group with name nobody cannot be found.');
  });
});

describe('policy enforcement end to end', () => {
  let t: TestServer;
  let admin: IAMClient;
  let dev: IAMClient;
  const devArn = `arn:aws:iam::${TEST_ACCOUNT}:user/dev`;
  const listPolicies = (): Promise<unknown> => dev.send(new ListPoliciesCommand({ Scope: 'Local' }));

  before(async () => {
    t = await startTestServer();
    admin = t.iam();
    await putUser(t, 'dev');
    dev = t.iam(await accessKey(t, 'dev'));
    await admin.send(new CreatePolicyCommand({ PolicyName: 'ListAll', PolicyDocument: allow(['iam:ListPolicies', 'iam:GetPolicy']) }));
    await admin.send(new CreatePolicyCommand({ PolicyName: 'Boundary', PolicyDocument: allow('iam:GetPolicy') }));
  });
  after(async () => {
    await t.close();
  });

  it('denies a user with no policies, in AWS words', async () => {
    await rejects(
      listPolicies(),
      'AccessDenied',
      `User: ${devArn} is not authorized to perform: iam:ListPolicies on resource: policy path / because no identity-based policy allows the iam:ListPolicies action`,
      403,
    );
  });

  it('allows once a managed policy is attached, on the next request, and denies after detaching', async () => {
    await admin.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: `arn:aws:iam::${TEST_ACCOUNT}:policy/ListAll` }));
    await listPolicies();
    await admin.send(new DetachUserPolicyCommand({ UserName: 'dev', PolicyArn: `arn:aws:iam::${TEST_ACCOUNT}:policy/ListAll` }));
    await rejects(listPolicies(), 'AccessDenied');
  });

  it('lets AWS managed policies grant access', async () => {
    await admin.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    await listPolicies();
    await dev.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  });

  it('lets an inline Deny override, with the explicit-deny wording', async () => {
    await admin.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'NoList', PolicyDocument: deny('iam:ListPolicies') }));
    await rejects(
      listPolicies(),
      'AccessDenied',
      `User: ${devArn} is not authorized to perform: iam:ListPolicies on resource: policy path / with an explicit deny in an identity-based policy`,
    );
    await admin.send(new DeleteUserPolicyCommand({ UserName: 'dev', PolicyName: 'NoList' }));
    await listPolicies();
  });

  it('limits the user to its permissions boundary', async () => {
    await setBoundary(t, 'dev', `arn:aws:iam::${TEST_ACCOUNT}:policy/Boundary`);
    await rejects(
      listPolicies(),
      'AccessDenied',
      `User: ${devArn} is not authorized to perform: iam:ListPolicies on resource: policy path / because no permissions boundary allows the iam:ListPolicies action`,
    );
    await dev.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${TEST_ACCOUNT}:policy/Boundary` }));
    await setBoundary(t, 'dev', undefined);
    await listPolicies();
    await admin.send(new DetachUserPolicyCommand({ UserName: 'dev', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  });

  it("applies a group's managed and inline policies to its members", async () => {
    await rejects(listPolicies(), 'AccessDenied');
    await putGroup(t, 'Readers');
    await addToGroup(t, 'dev', 'Readers');
    await admin.send(new AttachGroupPolicyCommand({ GroupName: 'Readers', PolicyArn: `arn:aws:iam::${TEST_ACCOUNT}:policy/ListAll` }));
    await listPolicies();
    await admin.send(new PutGroupPolicyCommand({ GroupName: 'Readers', PolicyName: 'Deny', PolicyDocument: deny('iam:ListPolicies') }));
    await rejects(listPolicies(), 'AccessDenied', /with an explicit deny in an identity-based policy$/);
  });

  it('authorizes attachments against the user ARN with iam:PolicyARN', async () => {
    const onlyReadOnly = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: `arn:aws:iam::${TEST_ACCOUNT}:user/*`, Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } }],
    });
    await admin.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'Attach', PolicyDocument: onlyReadOnly }));
    await dev.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await rejects(
      dev.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
      'AccessDenied',
      `User: ${devArn} is not authorized to perform: iam:AttachUserPolicy on resource: user dev because no identity-based policy allows the iam:AttachUserPolicy action`,
    );
  });

  // AWS names a user addressed by name "user NAME", not its stored ARN: the path would show it exists.
  it('names the target user as AWS does in AccessDenied ("user NAME", no path)', async () => {
    await putUser(t, 'pathy', { path: '/eng/' });
    await rejects(
      dev.send(new PutUserPolicyCommand({ UserName: 'pathy', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') })),
      'AccessDenied',
      `User: ${devArn} is not authorized to perform: iam:PutUserPolicy on resource: user pathy because no identity-based policy allows the iam:PutUserPolicy action`,
    );
  });
});
