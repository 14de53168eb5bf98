/**
 * Managed policies over HTTP with the AWS SDK v3: CreatePolicy, GetPolicy, ListPolicies,
 * DeletePolicy, the version actions and the tag actions, with AWS's error codes and messages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  paginateListPolicies,
  paginateListPolicyVersions,
  type Policy,
} from '@aws-sdk/client-iam';
import { awsManagedPolicies } from '../../src/iam/aws-managed.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { DOC, allow, rejects } from './iam-policies-fixtures.js';

const ARN = (name: string, path = '/'): string => `arn:aws:iam::${TEST_ACCOUNT}:policy${path}${name}`;
const ADMIN_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('iam managed policies', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  describe('CreatePolicy / GetPolicy', () => {
    it('creates a policy and returns it as AWS does', async () => {
      const r = await iam.send(new CreatePolicyCommand({ PolicyName: 'Readers', PolicyDocument: DOC, Path: '/team/', Description: 'read things', Tags: [{ Key: 'env', Value: 'dev' }] }));
      const p = r.Policy!;
      assert.equal(p.PolicyName, 'Readers');
      assert.match(p.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
      assert.equal(p.Arn, ARN('Readers', '/team/'));
      assert.equal(p.Path, '/team/');
      assert.equal(p.DefaultVersionId, 'v1');
      assert.equal(p.AttachmentCount, 0);
      assert.equal(p.PermissionsBoundaryUsageCount, 0);
      assert.equal(p.IsAttachable, true);
      assert.equal(p.Description, 'read things');
      assert.deepEqual(p.Tags, [{ Key: 'env', Value: 'dev' }]);
      assert.ok(p.CreateDate instanceof Date);
      const g = (await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy!;
      assert.equal(g.PolicyId, p.PolicyId);
      assert.equal(g.Description, 'read things');
      assert.deepEqual(g.Tags, [{ Key: 'env', Value: 'dev' }]);
    });

    it('omits Description and Tags when there are none, and defaults the path to /', async () => {
      const p = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Plain', PolicyDocument: DOC }))).Policy!;
      assert.equal(p.Path, '/');
      assert.equal(p.Arn, ARN('Plain'));
      assert.equal(p.Description, undefined);
      assert.equal(p.Tags, undefined);
    });

    it('refuses a duplicate name, ignoring case and path, with EntityAlreadyExists', async () => {
      await rejects(
        iam.send(new CreatePolicyCommand({ PolicyName: 'PLAIN', PolicyDocument: DOC, Path: '/other/' })),
        'EntityAlreadyExists',
        'A policy called PLAIN already exists. Duplicate names are not allowed.',
        409,
      );
    });

    it('refuses a document over 6,144 characters (white space not counted) with LimitExceeded', async () => {
      const actions = Array.from({ length: 400 }, (_, i) => `s3:GetObject${i}`);
      await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'Huge', PolicyDocument: allow(actions) })), 'LimitExceeded', 'Cannot exceed quota for PolicySize: 6144', 409);
      // Lots of white space is free.
      const spaced = allow('s3:GetObject').replace(/,/g, ',' + ' '.repeat(3000));
      await iam.send(new CreatePolicyCommand({ PolicyName: 'Spaced', PolicyDocument: spaced }));
    });

    it('answers malformed documents with AWS MalformedPolicyDocument messages', async () => {
      const cases: [string, string][] = [
        ['{not json', 'Syntax errors in policy.'],
        [JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }), 'Policy document must be version 2012-10-17 or greater.'],
        [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }), 'Policy statement must contain actions.'],
        [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'GetObject', Resource: '*' }] }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
        [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Principal: '*' }] }), 'Policy document should not specify a principal.'],
      ];
      for (const [doc, message] of cases) {
        await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: doc })), 'MalformedPolicyDocument', message, 400);
      }
    });

    it('validates parameters with AWS ValidationError wording', async () => {
      await rejects(
        iam.send(new CreatePolicyCommand({ PolicyName: 'a b', PolicyDocument: DOC })),
        'ValidationError',
        "1 validation error detected: Value 'a b' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      );
      await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: DOC, Path: 'nope' })), 'ValidationError', /at 'path' failed to satisfy constraint/);
    });

    it('answers an unknown policy with NoSuchEntity and a non-ARN with ValidationError', async () => {
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: ARN('Nope') })), 'NoSuchEntity', `Policy ${ARN('Nope')} was not found.`, 404);
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: ARN('Readers') })), 'NoSuchEntity', `Policy ${ARN('Readers')} was not found.`);
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: 'longpolicynamebutnoarn' })), 'ValidationError', 'Invalid ARN:  Could not be parsed!', 400);
    });

    it('serves AWS managed policies with their real default document', async () => {
      const p = (await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN_ACCESS }))).Policy!;
      assert.equal(p.PolicyName, 'AdministratorAccess');
      assert.equal(p.Path, '/');
      assert.equal(p.AttachmentCount, 1, 'the bootstrap admin has it');
      assert.match(p.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
      const again = (await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN_ACCESS }))).Policy!;
      assert.equal(again.PolicyId, p.PolicyId, 'stable ids');
      const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN_ACCESS, VersionId: p.DefaultVersionId }))).PolicyVersion!;
      assert.equal(v.IsDefaultVersion, true);
      assert.deepEqual(JSON.parse(decodeURIComponent(v.Document!)), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
      const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: ADMIN_ACCESS }))).Versions!;
      assert.deepEqual(versions.map((x) => x.VersionId), [p.DefaultVersionId]);
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/NoSuchAwsPolicy' })), 'NoSuchEntity', 'Policy arn:aws:iam::aws:policy/NoSuchAwsPolicy was not found.');
    });
  });

  describe('ListPolicies', () => {
    async function all(input: Parameters<typeof paginateListPolicies>[1]): Promise<Policy[]> {
      const out: Policy[] = [];
      for await (const page of paginateListPolicies({ client: iam, pageSize: 400 }, input)) out.push(...(page.Policies ?? []));
      return out;
    }

    it('lists customer policies with Scope Local, without Description or Tags', async () => {
      const local = await all({ Scope: 'Local' });
      assert.deepEqual(local.map((p) => p.PolicyName), ['Plain', 'Readers', 'Spaced']);
      assert.equal(local[1]!.Description, undefined);
      assert.equal(local[1]!.Tags, undefined);
    });

    it('lists every AWS managed policy with Scope AWS, across pages', async () => {
      const aws = await all({ Scope: 'AWS' });
      assert.equal(aws.length, awsManagedPolicies().length);
      assert.ok(aws.length > 1000);
      assert.equal(new Set(aws.map((p) => p.Arn)).size, aws.length, 'no duplicates across pages');
      assert.ok(aws.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/')));
    });

    it('merges both with Scope All and pages with MaxItems/Marker', async () => {
      const first = await iam.send(new ListPoliciesCommand({ MaxItems: 2 }));
      assert.equal(first.Policies!.length, 2);
      assert.equal(first.IsTruncated, true);
      assert.ok(first.Marker);
      const second = await iam.send(new ListPoliciesCommand({ MaxItems: 2, Marker: first.Marker }));
      assert.notEqual(second.Policies![0]!.Arn, first.Policies![1]!.Arn);
      const everything = await all({});
      assert.equal(everything.length, awsManagedPolicies().length + 3);
    });

    it('filters by OnlyAttached, PathPrefix and PolicyUsageFilter', async () => {
      const attached = await all({ OnlyAttached: true });
      assert.deepEqual(attached.map((p) => [p.Arn, p.AttachmentCount]), [[ADMIN_ACCESS, 1]]);
      assert.deepEqual((await all({ Scope: 'Local', PathPrefix: '/team/' })).map((p) => p.PolicyName), ['Readers']);
      const jobFunctions = await all({ Scope: 'AWS', PathPrefix: '/job-function/' });
      assert.ok(jobFunctions.length > 0 && jobFunctions.every((p) => p.Path === '/job-function/'));
      assert.deepEqual(await all({ OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' }), []);
      assert.equal((await all({ OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' })).length, 1);
      await rejects(iam.send(new ListPoliciesCommand({ Scope: 'Mine' as 'All' })), 'ValidationError', /Member must satisfy enum value set: \[All, AWS, Local\]/);
    });
  });

  describe('policy versions', () => {
    const arn = ARN('Versioned');
    before(async () => {
      await iam.send(new CreatePolicyCommand({ PolicyName: 'Versioned', PolicyDocument: allow('s3:GetObject') }));
    });

    it('creates versions, optionally as the default, up to five', async () => {
      const v2 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:PutObject') }))).PolicyVersion!;
      assert.equal(v2.VersionId, 'v2');
      assert.equal(v2.IsDefaultVersion, false);
      assert.equal(v2.Document, undefined);
      const v3 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:ListBucket'), SetAsDefault: true }))).PolicyVersion!;
      assert.equal(v3.VersionId, 'v3');
      assert.equal(v3.IsDefaultVersion, true);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v3');
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:A') }));
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:B') }));
      await rejects(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:C') })),
        'LimitExceeded',
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
        409,
      );
    });

    it('validates new version documents', async () => {
      await rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: '[]' })), 'MalformedPolicyDocument', 'Syntax errors in policy.');
      await rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: ARN('Missing'), PolicyDocument: DOC })), 'NoSuchEntity', `Policy ${ARN('Missing')} was not found.`);
    });

    it('lists versions newest first and pages them', async () => {
      const ids: string[] = [];
      for await (const page of paginateListPolicyVersions({ client: iam, pageSize: 2 }, { PolicyArn: arn })) ids.push(...page.Versions!.map((v) => v.VersionId!));
      assert.deepEqual(ids, ['v5', 'v4', 'v3', 'v2', 'v1']);
      const listed = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
      assert.deepEqual(listed.map((v) => v.IsDefaultVersion), [false, false, true, false, false]);
      assert.ok(listed.every((v) => v.Document === undefined));
    });

    it('returns a version document URL-encoded', async () => {
      const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))).PolicyVersion!;
      assert.equal(v.Document, encodeURIComponent(allow('s3:PutObject')));
      assert.equal(v.IsDefaultVersion, false);
      await rejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), 'NoSuchEntity', `Policy ${arn} version v9 does not exist or is not attachable.`);
      await rejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'x1' })), 'ValidationError', /at 'versionId' failed to satisfy constraint/);
    });

    it('sets the default version and refuses to delete it', async () => {
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v1');
      await rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })), 'DeleteConflict', 'Cannot delete the default version of a policy.', 409);
      await rejects(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v8' })), 'NoSuchEntity', `Policy ${arn} version v8 does not exist or is not attachable.`);
    });

    it('deletes versions, never reusing their ids', async () => {
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
      await rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })), 'NoSuchEntity', `Policy ${arn} version v5 does not exist or is not attachable.`);
      const v6 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:D') }))).PolicyVersion!;
      assert.equal(v6.VersionId, 'v6');
    });

    it('refuses DeletePolicy while non-default versions exist, then deletes', async () => {
      await rejects(
        iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
        'DeleteConflict',
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        409,
      );
      for (const v of ['v2', 'v3', 'v4', 'v6']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntity');
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'NoSuchEntity', `Policy ${arn} was not found.`, 404);
    });

    it('does not let AWS managed policies be changed', async () => {
      // AWS answers 403 AccessDenied (built-in-rules.test.ts pins the wording).
      await rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: ADMIN_ACCESS, PolicyDocument: DOC })), 'AccessDenied');
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN_ACCESS })), 'AccessDenied');
    });
  });

  describe('policy tags', () => {
    const arn = ARN('Plain');
    it('tags, lists, overwrites ignoring key case, and untags', async () => {
      await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'team', Value: 'a' }, { Key: 'cost', Value: '1' }] }));
      await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'TEAM', Value: 'b' }] }));
      const tags = (await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags!;
      assert.deepEqual(tags, [{ Key: 'cost', Value: '1' }, { Key: 'TEAM', Value: 'b' }]);
      const page = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 1 }));
      assert.equal(page.IsTruncated, true);
      const rest = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 1, Marker: page.Marker }));
      assert.deepEqual(rest.Tags, [{ Key: 'TEAM', Value: 'b' }]);
      await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['team'] }));
      assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'cost', Value: '1' }]);
    });

    it('refuses duplicate keys and unknown policies', async () => {
      await rejects(
        iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
      await rejects(iam.send(new TagPolicyCommand({ PolicyArn: ARN('Gone'), Tags: [{ Key: 'a', Value: '1' }] })), 'NoSuchEntity', `Policy ${ARN('Gone')} was not found.`);
      await rejects(iam.send(new ListPolicyTagsCommand({ PolicyArn: ARN('Gone') })), 'NoSuchEntity');
    });
  });
});
