/**
 * sso-admin through the AWS CLI (`aws sso-admin …`, JSON 1.1 on the server's one port): every
 * action of the instance and of permission sets, and AWS's errors as the CLI prints them
 * (ConflictException for a second instance and a taken name, ResourceNotFoundException,
 * ValidationException for a malformed policy and a duration out of range, AccessDeniedException).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { putUser } from '../support/fixtures.js';
import { recentAwsCli, awsCliEnv } from '../support/recent-clients.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { run as exec } from '../support/workload-cli.js';

const AWS = recentAwsCli('sso-admin', 'put-permissions-boundary-to-permission-set');
const skip = AWS === undefined && process.env.CI === undefined ? 'no AWS CLI knowing sso-admin on PATH' : false;

describe('sso-admin (AWS CLI)', { skip }, () => {
  let t: TestServer;
  let dir: string;
  before(async () => {
    t = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'rolegate-sso-cli-'));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const aws = (args: readonly string[], creds: Credentials = t.admin) => {
    assert.ok(AWS, 'an AWS CLI knowing sso-admin is required under CI');
    const env = awsCliEnv(dir, t.url, creds);
    return exec(AWS[0]!, [...AWS.slice(1), 'sso-admin', ...args, '--output', 'json'], env);
  };
  const ok = async (...args: string[]): Promise<Record<string, unknown>> => {
    const r = await aws(args);
    assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
  };
  const fails = async (code: string, operation: string, args: readonly string[], creds?: Credentials): Promise<string> => {
    const r = await aws(args, creds);
    assert.notEqual(r.code, 0, `${operation} succeeded`);
    assert.match(r.stderr, new RegExp(`\\(${code}\\) when calling the ${operation} operation`), r.stderr);
    return r.stderr;
  };

  it('runs every instance and permission-set action and prints AWS errors', { timeout: 300_000 }, async () => {
    assert.deepEqual(await ok('list-instances'), { Instances: [] });
    const instance = (await ok('create-instance', '--name', 'cli', '--tags', 'Key=team,Value=infra')).InstanceArn as string;
    assert.match(instance, /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
    await fails('ConflictException', 'CreateInstance', ['create-instance']);
    await ok('update-instance', '--instance-arn', instance, '--name', 'cli-renamed');
    const described = await ok('describe-instance', '--instance-arn', instance);
    assert.equal(described.Name, 'cli-renamed');
    assert.equal(described.OwnerAccountId, t.account);
    assert.equal(((await ok('list-instances')).Instances as unknown[]).length, 1);

    const created = (await ok('create-permission-set', '--instance-arn', instance, '--name', 'Developers', '--session-duration', 'PT4H', '--relay-state', 'console/s3/home')).PermissionSet as Record<string, string>;
    const ps = created.PermissionSetArn!;
    assert.equal(created.SessionDuration, 'PT4H');
    const ids = ['--instance-arn', instance, '--permission-set-arn', ps];
    assert.match(await fails('ConflictException', 'CreatePermissionSet', ['create-permission-set', '--instance-arn', instance, '--name', 'Developers']), /PermissionSet with name Developers already exists\./);
    await fails('ValidationException', 'CreatePermissionSet', ['create-permission-set', '--instance-arn', instance, '--name', 'Eternal', '--session-duration', 'PT13H']);
    await fails('ResourceNotFoundException', 'CreatePermissionSet', ['create-permission-set', '--instance-arn', 'arn:aws:sso:::instance/ssoins-0000000000000000', '--name', 'Nowhere']);
    await ok('update-permission-set', ...ids, '--description', 'People who build');
    assert.equal(((await ok('describe-permission-set', ...ids)).PermissionSet as Record<string, string>).Description, 'People who build');
    assert.deepEqual((await ok('list-permission-sets', '--instance-arn', instance)).PermissionSets, [ps]);

    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] });
    await ok('put-inline-policy-to-permission-set', ...ids, '--inline-policy', policy);
    assert.equal((await ok('get-inline-policy-for-permission-set', ...ids)).InlinePolicy, policy);
    assert.match(await fails('ValidationException', 'PutInlinePolicyToPermissionSet', ['put-inline-policy-to-permission-set', ...ids, '--inline-policy', '{"Statement":[{"Effect":"Allow"}]}']), /Invalid PermissionsPolicy Document/);
    await ok('delete-inline-policy-from-permission-set', ...ids);

    await ok('attach-managed-policy-to-permission-set', ...ids, '--managed-policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.deepEqual((await ok('list-managed-policies-in-permission-set', ...ids)).AttachedManagedPolicies, [{ Name: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    await fails('ResourceNotFoundException', 'AttachManagedPolicyToPermissionSet', ['attach-managed-policy-to-permission-set', ...ids, '--managed-policy-arn', 'arn:aws:iam::aws:policy/NoSuchThing']);
    await ok('detach-managed-policy-from-permission-set', ...ids, '--managed-policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess');

    await ok('attach-customer-managed-policy-reference-to-permission-set', ...ids, '--customer-managed-policy-reference', 'Name=DevAccess,Path=/dev/');
    assert.deepEqual((await ok('list-customer-managed-policy-references-in-permission-set', ...ids)).CustomerManagedPolicyReferences, [{ Name: 'DevAccess', Path: '/dev/' }]);
    await ok('detach-customer-managed-policy-reference-from-permission-set', ...ids, '--customer-managed-policy-reference', 'Name=DevAccess,Path=/dev/');

    await ok('put-permissions-boundary-to-permission-set', ...ids, '--permissions-boundary', 'ManagedPolicyArn=arn:aws:iam::aws:policy/PowerUserAccess');
    assert.deepEqual((await ok('get-permissions-boundary-for-permission-set', ...ids)).PermissionsBoundary, { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    await ok('delete-permissions-boundary-from-permission-set', ...ids);
    await fails('ResourceNotFoundException', 'GetPermissionsBoundaryForPermissionSet', ['get-permissions-boundary-for-permission-set', ...ids]);

    await ok('tag-resource', '--instance-arn', instance, '--resource-arn', ps, '--tags', 'Key=owner,Value=dev');
    assert.deepEqual((await ok('list-tags-for-resource', '--instance-arn', instance, '--resource-arn', ps)).Tags, [{ Key: 'owner', Value: 'dev' }]);
    await ok('untag-resource', '--instance-arn', instance, '--resource-arn', ps, '--tag-keys', 'owner');
    assert.deepEqual((await ok('list-tags-for-resource', '--instance-arn', instance, '--resource-arn', ps)).Tags, []);

    const nobody = await putUser(t, 'cli-nobody');
    assert.match(await fails('AccessDeniedException', 'DescribePermissionSet', ['describe-permission-set', ...ids], nobody), /not authorized to perform: sso:DescribePermissionSet/);

    await ok('delete-permission-set', ...ids);
    await fails('ResourceNotFoundException', 'DescribePermissionSet', ['describe-permission-set', ...ids]);
    await ok('delete-instance', '--instance-arn', instance);
    assert.deepEqual(await ok('list-instances'), { Instances: [] });
  });
});
