/**
 * IAM's actions on a user, group, role or instance profile addressed by name are no existence
 * oracle: a caller the call is denied to gets the same answer — status, headers' content type and
 * body, byte for byte but for the RequestId — whether the entity exists or not. The call is
 * authorized against the stored ARN (path included), but AWS's denial names the entity as the
 * caller gave it: "… iam:GetUser on resource: user NAME", "group NAME", "role NAME", "instance
 * profile NAME" (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html;
 * AWS's messages as recorded in public reports, e.g. aws/aws-cdk#27067 for iam:GetRole).
 * Each call is made once before the entities exist and once after they are created under a path.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { awsCli } from '../support/aws-cli.js';
import { putUser } from '../support/fixtures.js';
import { type Credentials, TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const POLICY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const PATH = '/secret/team-a/';
const run = promisify(execFile);

/** What the AWS CLI prints for a call (its error line on stderr when it fails). */
async function cli(t: TestServer, creds: Credentials, args: readonly string[]): Promise<string> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  try {
    const { stdout } = await run('aws', ['--endpoint-url', t.url, 'iam', ...args], { env, timeout: 60_000 });
    return stdout;
  } catch (e) {
    return (e as { stderr?: string }).stderr ?? String(e);
  }
}

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly body: string;
}

/** One signed IAM Query call, answered as sent (the RequestId, new on every call, blanked). */
async function call(t: TestServer, creds: Credentials, params: Record<string, string>): Promise<Answer> {
  const url = new URL(t.url);
  const body = new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: creds, sha256: Hash.bind(null, 'sha256') });
  const headers = { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body });
  const res = await fetch(`${t.url}/`, { method: 'POST', headers: Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k !== 'host')), body });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.text()).replace(/<RequestId>[^<]*<\/RequestId>/, '<RequestId/>') };
}

// Every IAM action addressed by a user, group, role or instance-profile name whose resource is
// read from the store (the generic tag, inline-policy and attachment actions included).
const CALLS: readonly Record<string, string>[] = [
  { Action: 'GetUser', UserName: 'hid-user' },
  { Action: 'UpdateUser', UserName: 'hid-user', NewUserName: 'hid-user2' },
  { Action: 'DeleteUser', UserName: 'hid-user' },
  { Action: 'ListAccessKeys', UserName: 'hid-user' },
  { Action: 'CreateAccessKey', UserName: 'hid-user' },
  { Action: 'GetLoginProfile', UserName: 'hid-user' },
  { Action: 'ListMFADevices', UserName: 'hid-user' },
  { Action: 'ListSSHPublicKeys', UserName: 'hid-user' },
  { Action: 'ListSigningCertificates', UserName: 'hid-user' },
  { Action: 'ListServiceSpecificCredentials', UserName: 'hid-user' },
  { Action: 'ListGroupsForUser', UserName: 'hid-user' },
  { Action: 'ListUserTags', UserName: 'hid-user' },
  { Action: 'TagUser', UserName: 'hid-user', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' },
  { Action: 'PutUserPermissionsBoundary', UserName: 'hid-user', PermissionsBoundary: POLICY },
  { Action: 'PutUserPolicy', UserName: 'hid-user', PolicyName: 'p', PolicyDocument: doc },
  { Action: 'ListAttachedUserPolicies', UserName: 'hid-user' },
  { Action: 'AttachUserPolicy', UserName: 'hid-user', PolicyArn: POLICY },
  { Action: 'GetGroup', GroupName: 'hid-group' },
  { Action: 'UpdateGroup', GroupName: 'hid-group', NewGroupName: 'hid-group2' },
  { Action: 'DeleteGroup', GroupName: 'hid-group' },
  { Action: 'AddUserToGroup', GroupName: 'hid-group', UserName: 'hid-user' },
  { Action: 'GetGroupPolicy', GroupName: 'hid-group', PolicyName: 'p' },
  { Action: 'DetachGroupPolicy', GroupName: 'hid-group', PolicyArn: POLICY },
  { Action: 'GetRole', RoleName: 'hid-role' },
  { Action: 'UpdateRole', RoleName: 'hid-role', Description: 'd' },
  { Action: 'DeleteRole', RoleName: 'hid-role' },
  { Action: 'UpdateAssumeRolePolicy', RoleName: 'hid-role', PolicyDocument: trust },
  { Action: 'ListRoleTags', RoleName: 'hid-role' },
  { Action: 'ListRolePolicies', RoleName: 'hid-role' },
  { Action: 'AttachRolePolicy', RoleName: 'hid-role', PolicyArn: POLICY },
  { Action: 'PutRolePermissionsBoundary', RoleName: 'hid-role', PermissionsBoundary: POLICY },
  { Action: 'ListInstanceProfilesForRole', RoleName: 'hid-role' },
  { Action: 'GetInstanceProfile', InstanceProfileName: 'hid-profile' },
  { Action: 'DeleteInstanceProfile', InstanceProfileName: 'hid-profile' },
  { Action: 'AddRoleToInstanceProfile', InstanceProfileName: 'hid-profile', RoleName: 'hid-role' },
  { Action: 'ListInstanceProfileTags', InstanceProfileName: 'hid-profile' },
];

describe('IAM: a denied caller cannot tell whether a named entity exists', () => {
  let t: TestServer;
  let iam: IAMClient;
  let stranger: Credentials;
  let adder: Credentials;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    // May list (a read of nothing in particular), nothing else.
    stranger = await putUser(t, 'stranger', { inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:List*', Resource: `arn:aws:iam::${TEST_ACCOUNT}:policy/*` }] } } });
    // May add roles to any instance profile, but pass none: its iam:PassRole denial is the answer.
    adder = await putUser(t, 'adder', { inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' }] } } });
  });
  after(async () => {
    await t.close();
  });

  // Locally without the CLI the test says so; under CI it must run (.ci/run installs awscli).
  const version = awsCli();
  const noCli = version === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed (apt-get install -y awscli)' : false;
  const CLI_CALLS = [
    ['get-user', '--user-name', 'hid-user'],
    ['get-group', '--group-name', 'hid-group'],
    ['get-role', '--role-name', 'hid-role'],
    ['get-instance-profile', '--instance-profile-name', 'hid-profile'],
  ] as const;
  let cliBefore: string[] = [];

  it('every call answers alike before and after the entity is created (under a path)', async () => {
    if (!noCli) for (const args of CLI_CALLS) cliBefore.push(await cli(t, stranger, args));
    const before_ = [];
    for (const params of CALLS) before_.push(await call(t, stranger, params));
    const passRole = { Action: 'AddRoleToInstanceProfile', InstanceProfileName: 'any-profile', RoleName: 'hid-role' };
    const passBefore = await call(t, adder, passRole);

    await iam.send(new CreateUserCommand({ UserName: 'hid-user', Path: PATH }));
    await iam.send(new CreateGroupCommand({ GroupName: 'hid-group', Path: PATH }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'hid-group', UserName: 'hid-user' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'hid-role', Path: PATH, AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'hid-profile', Path: PATH }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'hid-profile', RoleName: 'hid-role' }));

    for (const [i, params] of CALLS.entries()) {
      const now = await call(t, stranger, params);
      assert.deepEqual(now, before_[i], params.Action);
      assert.equal(now.status, 403, `${params.Action}: ${now.body}`);
      assert.match(now.body, /<Code>AccessDenied<\/Code>/, params.Action);
      assert.doesNotMatch(now.body, /secret\/team-a/, params.Action);
    }
    // AddRoleToInstanceProfile takes iam:PassRole on the role: denied alike, the ARN written from
    // the name (AWS names the role by its ARN there), not the stored path.
    assert.deepEqual(await call(t, adder, passRole), passBefore);
    assert.ok(passBefore.body.includes(`iam:PassRole on resource: arn:aws:iam::${TEST_ACCOUNT}:role/hid-role because`), passBefore.body);
  });

  it('through the AWS CLI too: the same error line before and after', { skip: noCli, timeout: 120_000 }, async () => {
    assert.ok(version, 'the AWS CLI is required under CI');
    assert.equal(cliBefore.length, CLI_CALLS.length);
    for (const [i, args] of CLI_CALLS.entries()) {
      const now = await cli(t, stranger, args);
      assert.equal(now, cliBefore[i], args.join(' '));
      assert.match(now, /An error occurred \(AccessDenied\) when calling the Get\w+ operation: User: .* on resource: (user|group|role|instance profile) hid-/, now);
    }
    cliBefore = [];
  });

  it('the denial names the entity as AWS does: "user NAME", "group NAME", "role NAME", "instance profile NAME"', async () => {
    const message = (action: string, resource: string): string =>
      `<Message>User: arn:aws:iam::${TEST_ACCOUNT}:user/stranger is not authorized to perform: iam:${action} on resource: ${resource} because no identity-based policy allows the iam:${action} action</Message>`;
    for (const [params, resource] of [
      [{ Action: 'GetUser', UserName: 'hid-user' }, 'user hid-user'],
      [{ Action: 'GetGroup', GroupName: 'hid-group' }, 'group hid-group'],
      [{ Action: 'PutGroupPolicy', GroupName: 'hid-group', PolicyName: 'p', PolicyDocument: doc }, 'group hid-group'],
      [{ Action: 'GetRole', RoleName: 'hid-role' }, 'role hid-role'],
      [{ Action: 'GetInstanceProfile', InstanceProfileName: 'hid-profile' }, 'instance profile hid-profile'],
    ] as const) {
      const r = await call(t, stranger, params);
      assert.ok(r.body.includes(message(params.Action, resource)), r.body);
    }
    // Without UserName the call is about the signing user, whose own ARN the denial keeps.
    const self = await call(t, stranger, { Action: 'GetUser' });
    assert.ok(self.body.includes(message('GetUser', `arn:aws:iam::${TEST_ACCOUNT}:user/stranger`)), self.body);
  });
});
