/** The role family over HTTP with the AWS SDK v3: lifecycle, responses, errors, tags, boundaries, paging. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetPolicyCommand,
  GetRoleCommand,
  type IAMClient,
  ListRoleTagsCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  paginateListRoleTags,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { rejectsWith } from '../support/iam-identity.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const EC2_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const TRUST_TEXT = JSON.stringify(EC2_TRUST, null, 2);

describe('iam roles over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });
  const create = (RoleName: string, extra: Partial<ConstructorParameters<typeof CreateRoleCommand>[0]> = {}) =>
    iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST_TEXT, ...extra }));

  describe('CreateRole / GetRole', () => {
    it('creates a role with an AROA id; the responses carry what AWS carries', async () => {
      const r = await create('app', { Description: 'the app', MaxSessionDuration: 7200 });
      const role = r.Role!;
      assert.equal(role.RoleName, 'app');
      assert.equal(role.Path, '/');
      assert.equal(role.Arn, `${ARN}:role/app`);
      assert.match(role.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
      assert.ok(role.CreateDate instanceof Date);
      // IAM returns the document URL-encoded; the SDK hands it over as sent.
      assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), TRUST_TEXT);
      // Recorded against AWS: CreateRole answers without Description, MaxSessionDuration, RoleLastUsed.
      assert.equal(role.Description, undefined);
      assert.equal(role.MaxSessionDuration, undefined);
      assert.equal(role.RoleLastUsed, undefined);
      assert.equal(role.Tags, undefined);
      assert.equal(role.PermissionsBoundary, undefined);
      const g = (await iam.send(new GetRoleCommand({ RoleName: 'APP' }))).Role!;
      assert.deepEqual({ ...g, Description: undefined, MaxSessionDuration: undefined, RoleLastUsed: undefined }, { ...role, Description: undefined, MaxSessionDuration: undefined, RoleLastUsed: undefined });
      assert.equal(g.Description, 'the app');
      assert.equal(g.MaxSessionDuration, 7200);
      assert.deepEqual(g.RoleLastUsed, {});
    });

    it('returns the trust document byte for byte as written, URL-encoded on the wire', async () => {
      const text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com"]},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:s3:::a%2Fb"}}}}';
      await iam.send(new CreateRoleCommand({ RoleName: 'verbatim', AssumeRolePolicyDocument: text }));
      const res = await fetchXml(t, 'GetRole', { RoleName: 'verbatim' });
      const m = /<AssumeRolePolicyDocument>([^<]*)<\/AssumeRolePolicyDocument>/.exec(res);
      assert.equal(m?.[1], encodeURIComponent(text));
      assert.match(res, /<RoleLastUsed><\/RoleLastUsed>|<RoleLastUsed\/>/);
    });

    it('returns Path, Tags and PermissionsBoundary when given', async () => {
      const boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      const r = await create('tagged', { Path: '/svc/', Tags: [{ Key: 'team', Value: 'core' }, { Key: 'empty', Value: '' }], PermissionsBoundary: boundary });
      assert.equal(r.Role?.Arn, `${ARN}:role/svc/tagged`);
      assert.deepEqual(r.Role?.Tags, [{ Key: 'team', Value: 'core' }, { Key: 'empty', Value: '' }]);
      assert.deepEqual(r.Role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary });
      const g = await iam.send(new GetRoleCommand({ RoleName: 'tagged' }));
      assert.deepEqual(g.Role?.Tags, r.Role?.Tags);
      assert.deepEqual(g.Role?.PermissionsBoundary, r.Role?.PermissionsBoundary);
      assert.equal(g.Role?.MaxSessionDuration, 3600);
    });

    it('refuses a name taken ignoring case with EntityAlreadyExists (409)', async () => {
      await rejectsWith(create('App'), 'EntityAlreadyExists', 'Role with name App already exists.', 409);
    });

    it('validates parameters with AWS wording', async () => {
      await rejectsWith(
        create('bad name'),
        'ValidationError',
        "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        400,
      );
      await rejectsWith(create('x'.repeat(65)), 'ValidationError', /at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64/);
      await rejectsWith(create('short', { MaxSessionDuration: 3599 }), 'ValidationError', /Value '3599' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600/);
      await rejectsWith(create('long', { MaxSessionDuration: 43201 }), 'ValidationError', /at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200/);
      await rejectsWith(create('pathy', { Path: 'nope' }), 'ValidationError', /at 'path' failed to satisfy constraint/);
      await rejectsWith(create('descr', { Description: 'x'.repeat(1001) }), 'ValidationError', /at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000/);
    });

    it('refuses duplicate tag keys ignoring case', async () => {
      await rejectsWith(
        create('dup', { Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] }),
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
        400,
      );
    });

    it('validates the trust policy with AWS messages', async () => {
      await rejectsWith(create('bad1', { AssumeRolePolicyDocument: 'not json' }), 'MalformedPolicyDocument', 'This policy contains invalid Json', 400);
      const action = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:InvalidAction' }] };
      await rejectsWith(create('bad2', { AssumeRolePolicyDocument: JSON.stringify(action) }), 'MalformedPolicyDocument',
        // Real AWS (LocalStack snapshot, 2026) says the first; moto recorded the second, which the policy engine emits.
        'AssumeRole policy may only specify STS AssumeRole actions.',
      );
      const resource = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] };
      await rejectsWith(create('bad3', { AssumeRolePolicyDocument: JSON.stringify(resource) }), 'MalformedPolicyDocument', 'Has prohibited field Resource');
    });

    it('caps the trust policy at 2,048 characters, white space not counted', async () => {
      const pad = (n: number) => ({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(n), Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      const base = JSON.stringify(pad(0)).length;
      const exact = JSON.stringify(pad(2048 - base), null, 8); // lots of white space, 2,048 counted
      await create('at-limit', { AssumeRolePolicyDocument: exact });
      await rejectsWith(create('over-limit', { AssumeRolePolicyDocument: JSON.stringify(pad(2049 - base)) }), 'LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048', 409);
    });

    it('GetRole of an unknown role is NoSuchEntity (404)', async () => {
      await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'test-nonexistent-role' })), 'NoSuchEntity', 'The role with name test-nonexistent-role cannot be found.', 404);
    });
  });

  describe('ListRoles', () => {
    it('lists the subset AWS lists: no tags, boundary or last use', async () => {
      const r = await iam.send(new ListRolesCommand({ PathPrefix: '/svc/' }));
      assert.equal(r.IsTruncated, false);
      assert.equal(r.Marker, undefined);
      assert.equal(r.Roles?.length, 1);
      const role = r.Roles[0];
      assert.ok(role);
      assert.equal(role.RoleName, 'tagged');
      assert.equal(role.MaxSessionDuration, 3600);
      assert.equal(role.Tags, undefined);
      assert.equal(role.PermissionsBoundary, undefined);
      assert.equal(role.RoleLastUsed, undefined);
      const app = (await iam.send(new ListRolesCommand({}))).Roles!.find((x) => x.RoleName === 'app');
      assert.equal(app?.Description, 'the app');
    });

    it('pages in name order with the SDK paginator, under a path prefix', async () => {
      for (let i = 0; i < 7; i++) await create(`page-${i}`, { Path: '/paged/', Description: i % 2 === 0 ? `Role ${i}` : undefined });
      const names: string[] = [];
      let pages = 0;
      for await (const p of paginateListRoles({ client: iam, pageSize: 3 }, { PathPrefix: '/paged/' })) {
        pages++;
        names.push(...(p.Roles ?? []).map((r) => r.RoleName!));
      }
      assert.equal(pages, 3);
      assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
      const first = await iam.send(new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 2 }));
      assert.equal(first.IsTruncated, true);
      assert.ok(first.Marker);
      const empty = await iam.send(new ListRolesCommand({ PathPrefix: '/nonexistent-path/' }));
      assert.deepEqual(empty.Roles, []);
    });

    it('validates MaxItems', async () => {
      await rejectsWith(iam.send(new ListRolesCommand({ MaxItems: 0 })), 'ValidationError', /at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1/);
      await rejectsWith(iam.send(new ListRolesCommand({ MaxItems: 1001 })), 'ValidationError', /at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000/);
    });
  });

  describe('UpdateRole / UpdateRoleDescription', () => {
    it('changes Description and MaxSessionDuration; left-out members keep their values', async () => {
      await create('upd', { Description: 'initial description' });
      await iam.send(new UpdateRoleCommand({ RoleName: 'upd', Description: 'updated description', MaxSessionDuration: 7200 }));
      let g = (await iam.send(new GetRoleCommand({ RoleName: 'upd' }))).Role!;
      assert.equal(g.Description, 'updated description');
      assert.equal(g.MaxSessionDuration, 7200);
      const d = (await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'upd', Description: 'via update_role_description' }))).Role!;
      assert.equal(d.Description, 'via update_role_description');
      assert.equal(d.MaxSessionDuration, undefined);
      assert.equal(d.RoleLastUsed, undefined);
      await iam.send(new UpdateRoleCommand({ RoleName: 'upd' }));
      g = (await iam.send(new GetRoleCommand({ RoleName: 'upd' }))).Role!;
      assert.equal(g.Description, 'via update_role_description');
      assert.equal(g.MaxSessionDuration, 7200);
    });

    it('refuses out-of-range durations and unknown roles', async () => {
      await rejectsWith(iam.send(new UpdateRoleCommand({ RoleName: 'upd', MaxSessionDuration: 50000 })), 'ValidationError', /maxSessionDuration/);
      await rejectsWith(iam.send(new UpdateRoleCommand({ RoleName: 'test-nonexistent-role', Description: 'test' })), 'NoSuchEntity', 'The role with name test-nonexistent-role cannot be found.', 404);
      await rejectsWith(iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'nope', Description: 'x' })), 'NoSuchEntity', 'The role with name nope cannot be found.');
    });
  });

  describe('TagRole / UntagRole / ListRoleTags', () => {
    it('merges ignoring key case, removes, and pages', async () => {
      await create('tags');
      await iam.send(new TagRoleCommand({ RoleName: 'tags', Tags: [{ Key: 'somekey', Value: 'somevalue' }, { Key: 'someotherkey', Value: 'someothervalue' }] }));
      await iam.send(new TagRoleCommand({ RoleName: 'tags', Tags: [{ Key: 'SomeKey', Value: 'updatedvalue' }] }));
      let l = await iam.send(new ListRoleTagsCommand({ RoleName: 'tags' }));
      assert.deepEqual(l.Tags, [{ Key: 'SomeKey', Value: 'updatedvalue' }, { Key: 'someotherkey', Value: 'someothervalue' }]);
      assert.equal(l.IsTruncated, false);
      await iam.send(new UntagRoleCommand({ RoleName: 'tags', TagKeys: ['SOMEKEY'] }));
      l = await iam.send(new ListRoleTagsCommand({ RoleName: 'tags' }));
      assert.deepEqual(l.Tags, [{ Key: 'someotherkey', Value: 'someothervalue' }]);
      await iam.send(new TagRoleCommand({ RoleName: 'tags', Tags: Array.from({ length: 9 }, (_, i) => ({ Key: `k${i}`, Value: `${i}` })) }));
      const keys: string[] = [];
      for await (const p of paginateListRoleTags({ client: iam, pageSize: 4 }, { RoleName: 'tags' })) keys.push(...(p.Tags ?? []).map((x) => x.Key!));
      assert.equal(keys.length, 10);
    });

    it('refuses more than 50 tags (LimitExceeded) and unknown roles (NoSuchEntity)', async () => {
      await create('many');
      await iam.send(new TagRoleCommand({ RoleName: 'many', Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }));
      await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'many', Tags: [{ Key: 'one-more', Value: 'v' }] })), 'LimitExceeded', 'Cannot exceed quota for TagsPerRole: 50', 409);
      await rejectsWith(
        iam.send(new TagRoleCommand({ RoleName: 'many', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `x${i}`, Value: 'v' })) })),
        'ValidationError',
        /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/,
      );
      const missing = 'The role with name test-nonexistent-role cannot be found.';
      await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'test-nonexistent-role', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntity', missing);
      await rejectsWith(iam.send(new UntagRoleCommand({ RoleName: 'test-nonexistent-role', TagKeys: ['a'] })), 'NoSuchEntity', missing);
      await rejectsWith(iam.send(new ListRoleTagsCommand({ RoleName: 'test-nonexistent-role' })), 'NoSuchEntity', missing);
      await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'many', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidInput');
    });
  });

  describe('permissions boundaries', () => {
    it('puts and deletes a boundary, keeping the customer policy usage count', async () => {
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
      const p = (await iam.send(new CreatePolicyCommand({ PolicyName: 'role-boundary', PolicyDocument: doc }))).Policy!;
      await create('bounded', { PermissionsBoundary: p.Arn });
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy?.PermissionsBoundaryUsageCount, 1);
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary, undefined);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy?.PermissionsBoundaryUsageCount, 0);
      await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: p.Arn }));
      const g = await iam.send(new GetRoleCommand({ RoleName: 'bounded' }));
      assert.deepEqual(g.Role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: p.Arn });
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy?.PermissionsBoundaryUsageCount, 1);
      await iam.send(new DeleteRoleCommand({ RoleName: 'bounded' }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy?.PermissionsBoundaryUsageCount, 0);
    });

    it('refuses ARNs that name no policy, unknown policies and unknown roles with AWS messages', async () => {
      const notPolicy = `${ARN}:not_a_policy/invalid`;
      const missing = `${ARN}:policy/nonexistent-policy`;
      await rejectsWith(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: notPolicy })), 'InvalidInput', `ARN ${notPolicy} is not valid.`, 400);
      await rejectsWith(create('b1', { PermissionsBoundary: notPolicy }), 'InvalidInput', `ARN ${notPolicy} is not valid.`);
      await rejectsWith(
        iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: missing })),
        'NoSuchEntity',
        `Scope ARN: ${missing} does not exist or is not attachable.`,
        404,
      );
      await rejectsWith(create('b2', { PermissionsBoundary: missing }), 'NoSuchEntity', `Scope ARN: ${missing} does not exist or is not attachable.`);
      await rejectsWith(
        iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'nonexistent-role', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
        'NoSuchEntity',
        'The role with name nonexistent-role cannot be found.',
      );
      await rejectsWith(iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'nonexistent-role' })), 'NoSuchEntity');
    });
  });

  describe('DeleteRole', () => {
    it('deletes; a second delete is NoSuchEntity', async () => {
      await create('gone');
      await iam.send(new DeleteRoleCommand({ RoleName: 'GONE' }));
      await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'gone' })), 'NoSuchEntity', 'The role with name gone cannot be found.');
      await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'gone' })), 'NoSuchEntity', 'The role with name gone cannot be found.', 404);
    });
  });
});

/** The raw XML of a signed Query call (to see the bytes the SDK decodes). */
async function fetchXml(t: TestServer, action: string, params: Record<string, string>): Promise<string> {
  const url = new URL(t.url);
  const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: t.admin, sha256: Hash.bind(null, 'sha256') });
  const req = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const res = await fetch(t.url, { method: 'POST', headers: req.headers, body });
  return res.text();
}
