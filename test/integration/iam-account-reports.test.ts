/**
 * Account aliases, the credential report and access advisor over HTTP with the AWS SDK v3. The
 * report and the advisor are shown with real data: users, keys, roles and policies created through
 * the API, signed calls made with those credentials, then the report's CSV and the advisor's jobs
 * read back and checked against those calls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateAccountAliasCommand, CreateGroupCommand,
  CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, DeleteAccountAliasCommand, EnableMFADeviceCommand,
  GenerateCredentialReportCommand, GenerateServiceLastAccessedDetailsCommand, GetAccessKeyLastUsedCommand, GetCredentialReportCommand, UploadSigningCertificateCommand, CreateLoginProfileCommand, UpdateAccountPasswordPolicyCommand, DeleteAccountPasswordPolicyCommand, UpdateSigningCertificateCommand,
  GetServiceLastAccessedDetailsCommand, type GetServiceLastAccessedDetailsCommandOutput, GetServiceLastAccessedDetailsWithEntitiesCommand, GetUserCommand,
  type IAMClient, ListAccountAliasesCommand, ListRolesCommand, ListUsersCommand, PutGroupPolicyCommand, PutUserPolicyCommand, UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { hotp, stepAt } from '../../src/credentials/totp.js';
import { selfSigned } from '../support/certs.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { rejects } from './iam-policies-fixtures.js';

const HOUR = 3600_000;
const allow = (actions: string[]): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Last-use records are written in the background: ask until `ok` holds (or give up after ~2 s). */
async function until<T>(ask: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await ask();
  for (let i = 0; i < 100 && !ok(v); i++) {
    await sleep(20);
    v = await ask();
  }
  return v;
}

/** The error's wire code (the SDK names modeled errors after their shapes, CredentialReportNotPresentException). */
async function rejectsCode(p: Promise<unknown>, code: string, message: string, status: number): Promise<void> {
  await assert.rejects(p, (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.Code, code);
    assert.equal(e.message, message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

/** RFC 4180 enough for the report: no field of ours holds a comma or a quote. */
const parseCsv = (text: string): Record<string, string>[] => {
  const [head, ...rows] = text.split('\n').map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
};

describe('iam account alias, credential report and access advisor', () => {
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });
  const client = (creds?: Credentials, region = 'us-east-1'): IAMClient => {
    const c = t.iam(creds);
    if (region !== 'us-east-1') c.config.region = () => Promise.resolve(region);
    return c;
  };

  describe('account aliases', () => {
    const PATTERN = '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$';
    it('creates, replaces, lists and deletes the one alias, with AWS errors', async () => {
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'rolegate-test' }));
      const listed = await iam.send(new ListAccountAliasesCommand({}));
      assert.deepEqual(listed.AccountAliases, ['rolegate-test']);
      assert.equal(listed.IsTruncated, false);
      // The same alias again changes nothing; another replaces it (one alias per account).
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'rolegate-test' }));
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'rolegate-2' }));
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['rolegate-2']);
      for (const bad of ['Upper', 'two--dashes', '-lead', 'trail-', 'ab']) {
        await rejects(
          iam.send(new CreateAccountAliasCommand({ AccountAlias: bad })),
          'ValidationError',
          bad.length < 3
            ? `2 validation errors detected: Value '${bad}' at 'accountAlias' failed to satisfy constraint: Member must have length greater than or equal to 3; ` +
                `Value '${bad}' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PATTERN}`
            : `1 validation error detected: Value '${bad}' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PATTERN}`,
          400,
        );
      }
      await rejects(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'rolegate-test' })), 'NoSuchEntity', 'The account alias rolegate-test cannot be found.', 404);
      await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'rolegate-2' }));
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    });

    it('is unique across accounts: another account cannot take it', async () => {
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'taken-alias' }));
      const orgs = t.organizations();
      await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      const req = await orgs.send(new CreateAccountCommand({ Email: 'member@example.com', AccountName: 'member' }));
      const status = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: req.CreateAccountStatus!.Id! }));
      const member = status.CreateAccountStatus!.AccountId!;
      const assumed = await t.sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'admin' }));
      const c = assumed.Credentials!;
      const memberIam = t.iam({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
      await rejects(memberIam.send(new CreateAccountAliasCommand({ AccountAlias: 'taken-alias' })), 'EntityAlreadyExists', 'The account alias taken-alias already exists.', 409);
      assert.deepEqual((await memberIam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      // Freed by its owner, the alias can be taken.
      await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'taken-alias' }));
      await memberIam.send(new CreateAccountAliasCommand({ AccountAlias: 'taken-alias' }));
      assert.deepEqual((await memberIam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['taken-alias']);
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    });
  });

  describe('credential report', () => {
    it('is ReportNotPresent before the first GenerateCredentialReport', async () => {
      // AWS sends no Message (LocalStack's AWS-validated recording, test_iam_credential_report.snapshot.json):
      // SDK v3 then says 'Unknown'; boto3 sees no Message key (test/python/account_reports_boto3.py).
      await rejectsCode(iam.send(new GetCredentialReportCommand({})), 'ReportNotPresent', 'Unknown', 410);
    });

    it("reports the users' keys, their last use and MFA from real calls, in AWS's columns", async () => {
      await iam.send(new CreateUserCommand({ UserName: 'alice' }));
      await iam.send(new CreateUserCommand({ UserName: 'bob', Path: '/staff/' }));
      const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
      clock += 1000;
      const k2 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: k2.AccessKeyId, Status: 'Inactive' }));
      // Alice's first key signs an STS call in eu-west-1.
      const usedAt = new Date(clock);
      const sts = t.sts({ accessKeyId: k1.AccessKeyId!, secretAccessKey: k1.SecretAccessKey! });
      sts.config.region = () => Promise.resolve('eu-west-1');
      await sts.send(new GetCallerIdentityCommand({}));
      await until(() => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k1.AccessKeyId })), (r) => r.AccessKeyLastUsed?.LastUsedDate !== undefined);
      // Bob gets an MFA device.
      const dev = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob-phone' }))).VirtualMFADevice!;
      const seed = Buffer.from(base32(Buffer.from(dev.Base32StringSeed!).toString('ascii')));
      await iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: dev.SerialNumber, AuthenticationCode1: hotp(seed, stepAt(clock) - 1), AuthenticationCode2: hotp(seed, stepAt(clock)) }));

      const generatedAt = new Date(clock);
      assert.deepEqual(
        { ...(await iam.send(new GenerateCredentialReportCommand({}))), $metadata: undefined },
        { State: 'STARTED', Description: 'No report exists. Starting a new report generation task', $metadata: undefined },
      );
      clock += 60_000;
      // Within four hours the report is reused.
      assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
      const got = await iam.send(new GetCredentialReportCommand({}));
      assert.equal(got.ReportFormat, 'text/csv');
      assert.equal(got.GeneratedTime?.getTime(), Math.floor(generatedAt.getTime() / 1000) * 1000);
      const text = Buffer.from(got.Content!).toString('utf8');
      assert.equal(
        text.split('\n')[0],
        'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
          'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
          'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
          'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
      );
      const rows = parseCsv(text);
      const at = (d: Date): string => `${d.toISOString().slice(0, 19)}+00:00`;
      const root = rows[0]!;
      assert.equal(root.user, '<root_account>');
      assert.equal(root.arn, `arn:aws:iam::${t.account}:root`);
      assert.equal(root.password_enabled, 'not_supported');
      assert.equal(root.password_last_changed, 'not_supported');
      assert.equal(root.password_next_rotation, 'not_supported');
      const alice = rows.find((r) => r.user === 'alice')!;
      assert.deepEqual(alice, {
        user: 'alice',
        arn: `arn:aws:iam::${t.account}:user/alice`,
        user_creation_time: alice.user_creation_time,
        password_enabled: 'false',
        password_last_used: 'N/A',
        password_last_changed: 'N/A',
        password_next_rotation: 'N/A',
        mfa_active: 'false',
        access_key_1_active: 'true',
        access_key_1_last_rotated: at(k1.CreateDate!),
        access_key_1_last_used_date: at(usedAt),
        access_key_1_last_used_region: 'eu-west-1',
        access_key_1_last_used_service: 'sts',
        access_key_2_active: 'false',
        access_key_2_last_rotated: at(k2.CreateDate!),
        access_key_2_last_used_date: 'N/A',
        access_key_2_last_used_region: 'N/A',
        access_key_2_last_used_service: 'N/A',
        cert_1_active: 'false',
        cert_1_last_rotated: 'N/A',
        cert_2_active: 'false',
        cert_2_last_rotated: 'N/A',
      });
      assert.match(alice.user_creation_time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      const bob = rows.find((r) => r.user === 'bob')!;
      assert.equal(bob.arn, `arn:aws:iam::${t.account}:user/staff/bob`);
      assert.equal(bob.mfa_active, 'true');
      assert.equal(bob.access_key_1_active, 'false');
      assert.equal(bob.access_key_1_last_rotated, 'N/A');
      // The bootstrap admin's key signed every call above.
      const admin = rows.find((r) => r.user === 'admin')!;
      assert.equal(admin.access_key_1_active, 'true');
      assert.equal(admin.access_key_1_last_used_service, 'iam');
    });

    it('expires after four hours; a new GenerateCredentialReport starts a fresh one', async () => {
      clock += 4 * HOUR;
      iam = t.iam(); // sign in the moved clock
      await rejectsCode(iam.send(new GetCredentialReportCommand({})), 'ReportExpired', 'Credential report expired', 410);
      await iam.send(new CreateUserCommand({ UserName: 'carl' }));
      assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
      const rows = parseCsv(Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString('utf8'));
      assert.ok(rows.some((r) => r.user === 'carl'));
    });

    it("reports a user's console password: enabled, last changed, next rotation under the password policy", async () => {
      await iam.send(new CreateUserCommand({ UserName: 'erin' }));
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 30 }));
      const setAt = new Date(clock);
      await iam.send(new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Correct-Horse-9' }));
      clock += 4 * HOUR;
      iam = t.iam();
      assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
      const rows = parseCsv(Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString('utf8'));
      const erin = rows.find((r) => r.user === 'erin')!;
      const at = (d: Date): string => `${d.toISOString().slice(0, 19)}+00:00`;
      assert.deepEqual(
        [erin.password_enabled, erin.password_last_used, erin.password_last_changed, erin.password_next_rotation],
        ['true', 'no_information', at(setAt), at(new Date(setAt.getTime() + 30 * 24 * HOUR))],
      );
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    });

    it("reports a user's signing certificates, oldest first", async () => {
      const from = new Date(clock - 24 * HOUR);
      const to = new Date(clock + 365 * 24 * HOUR);
      await iam.send(new CreateUserCommand({ UserName: 'dora' }));
      const first = (await iam.send(new UploadSigningCertificateCommand({ UserName: 'dora', CertificateBody: (await selfSigned({ from, to })).certPem }))).Certificate!;
      clock += 1000;
      const second = (await iam.send(new UploadSigningCertificateCommand({ UserName: 'dora', CertificateBody: (await selfSigned({ from, to })).certPem }))).Certificate!;
      await iam.send(new UpdateSigningCertificateCommand({ UserName: 'dora', CertificateId: second.CertificateId, Status: 'Inactive' }));
      clock += 4 * HOUR;
      iam = t.iam();
      assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
      const rows = parseCsv(Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString('utf8'));
      const dora = rows.find((r) => r.user === 'dora')!;
      const at = (d: Date): string => `${d.toISOString().slice(0, 19)}+00:00`;
      assert.deepEqual(
        [dora.cert_1_active, dora.cert_1_last_rotated, dora.cert_2_active, dora.cert_2_last_rotated],
        ['true', at(first.UploadDate!), 'false', at(second.UploadDate!)],
      );
    });
  });

  describe('access advisor', () => {
    let carol: Credentials;
    let roleCreds: Credentials;
    const ARN = (): string => `arn:aws:iam::${t.account}`;
    type Job = GetServiceLastAccessedDetailsCommandOutput & { readonly id: string };
    const job = async (arn: string, granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL'): Promise<Job> => {
      const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, ...(granularity ? { Granularity: granularity } : {}) }));
      assert.match(JobId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const out = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
      return { ...out, id: JobId! };
    };
    const service = (out: GetServiceLastAccessedDetailsCommandOutput, ns: string) => out.ServicesLastAccessed?.find((s) => s.ServiceNamespace === ns);

    before(async () => {
      iam = t.iam();
      await iam.send(new CreateUserCommand({ UserName: 'carol' }));
      await iam.send(new CreateUserCommand({ UserName: 'dave' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
      carol = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
      await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'list', PolicyDocument: allow(['iam:List*', 's3:GetObject']) }));
      await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'carol' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'dave' }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'get', PolicyDocument: allow(['iam:Get*']) }));
      const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 'lister', PolicyDocument: allow(['iam:ListRoles', 'iam:ListUsers']) }))).Policy!;
      await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: policy.Arn }));
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `${ARN()}:root` }, Action: 'sts:AssumeRole' }] });
      await iam.send(new CreateRoleCommand({ RoleName: 'auditor', Path: '/ops/', AssumeRolePolicyDocument: trust }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'auditor', PolicyArn: policy.Arn }));
      const c = (await t.sts().send(new AssumeRoleCommand({ RoleArn: `${ARN()}:role/ops/auditor`, RoleSessionName: 's1' }))).Credentials!;
      roleCreds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    });

    it("reports, for a user, every service its policies allow and when, where and by whom each was last used", async () => {
      const calledAt = new Date(clock);
      await client(carol, 'eu-central-1').send(new ListUsersCommand({}));
      // Denied (carol may not create users) — still an authenticated attempt, as AWS counts it.
      await rejects(client(carol, 'eu-central-1').send(new CreateUserCommand({ UserName: 'never' })), 'AccessDenied');
      await t.sts(carol).send(new GetCallerIdentityCommand({}));
      const out = await until(() => job(`${ARN()}:user/carol`, 'ACTION_LEVEL'), (o) => (service(o, 'iam')?.TrackedActionsLastAccessed?.length ?? 0) >= 2);
      assert.equal(out.JobStatus, 'COMPLETED');
      assert.equal(out.JobType, 'ACTION_LEVEL');
      assert.ok(out.JobCreationDate instanceof Date && out.JobCompletionDate instanceof Date);
      // iam (inline, group and managed policies) and s3 (inline) — not sts, which no policy grants.
      assert.deepEqual(out.ServicesLastAccessed?.map((s) => s.ServiceNamespace), ['iam', 's3']);
      const iamRow = service(out, 'iam')!;
      assert.equal(iamRow.ServiceName, 'AWS Identity and Access Management');
      assert.equal(iamRow.LastAuthenticated?.getTime(), Math.floor(calledAt.getTime() / 1000) * 1000);
      assert.equal(iamRow.LastAuthenticatedEntity, `${ARN()}:user/carol`);
      assert.equal(iamRow.LastAuthenticatedRegion, 'eu-central-1');
      assert.equal(iamRow.TotalAuthenticatedEntities, 1);
      assert.deepEqual(iamRow.TrackedActionsLastAccessed?.map((a) => [a.ActionName, a.LastAccessedEntity, a.LastAccessedRegion]), [
        ['CreateUser', `${ARN()}:user/carol`, 'eu-central-1'],
        ['ListUsers', `${ARN()}:user/carol`, 'eu-central-1'],
      ]);
      const s3 = service(out, 's3')!;
      assert.equal(s3.ServiceName, 'Amazon S3');
      assert.equal(s3.LastAuthenticated, undefined);
      assert.equal(s3.LastAuthenticatedEntity, undefined);
      assert.equal(s3.TotalAuthenticatedEntities, 0);
      assert.equal(s3.TrackedActionsLastAccessed, undefined);
      // SERVICE_LEVEL leaves the actions out.
      const plain = await job(`${ARN()}:user/carol`);
      assert.equal(plain.JobType, 'SERVICE_LEVEL');
      assert.equal(service(plain, 'iam')?.TrackedActionsLastAccessed, undefined);
      const ents = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: plain.id, ServiceNamespace: 'iam' }));
      assert.equal(ents.JobStatus, 'COMPLETED');
      const carolUser = (await iam.send(new GetUserCommand({ UserName: 'carol' }))).User!;
      assert.deepEqual(ents.EntityDetailsList?.map((e) => e.EntityInfo), [{ Arn: `${ARN()}:user/carol`, Name: 'carol', Type: 'USER', Id: carolUser.UserId, Path: '/' }]);
      assert.equal(ents.EntityDetailsList?.[0]?.LastAuthenticated?.getTime(), iamRow.LastAuthenticated?.getTime());
      assert.deepEqual((await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: plain.id, ServiceNamespace: 's3' }))).EntityDetailsList, []);
    });

    it('reports a group by its members and a policy by every user and role it is attached to', async () => {
      clock += 5000; // the role's call comes after carol's
      await client(roleCreds, 'ap-south-1').send(new ListRolesCommand({}));
      const group = await job(`${ARN()}:group/readers`);
      assert.deepEqual(group.ServicesLastAccessed?.map((s) => [s.ServiceNamespace, s.TotalAuthenticatedEntities, s.LastAuthenticatedEntity]), [['iam', 1, `${ARN()}:user/carol`]]);
      const policy = await until(
        () => job(`${ARN()}:policy/lister`),
        (o) => service(o, 'iam')?.TotalAuthenticatedEntities === 2,
      );
      const row = service(policy, 'iam')!;
      assert.equal(row.TotalAuthenticatedEntities, 2);
      assert.equal(row.LastAuthenticatedEntity, `${ARN()}:role/ops/auditor`);
      assert.equal(row.LastAuthenticatedRegion, 'ap-south-1');
      const ents = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: policy.id, ServiceNamespace: 'iam' }));
      assert.deepEqual(ents.EntityDetailsList?.map((e) => [e.EntityInfo?.Type, e.EntityInfo?.Name, e.EntityInfo?.Path]), [['ROLE', 'auditor', '/ops/'], ['USER', 'carol', '/']]);
      const role = await job(`${ARN()}:role/ops/auditor`);
      assert.equal(service(role, 'iam')?.LastAuthenticatedEntity, `${ARN()}:role/ops/auditor`);
      // An AWS managed policy: the bootstrap admin's AdministratorAccess grants every service.
      const admin = await job('arn:aws:iam::aws:policy/AdministratorAccess');
      assert.ok((admin.ServicesLastAccessed?.length ?? 0) >= 100);
      assert.equal(admin.IsTruncated, true);
      const whole = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: admin.id, MaxItems: 1000 }));
      assert.equal(whole.IsTruncated, false);
      assert.equal(service(whole, 'iam')?.LastAuthenticatedEntity, `${ARN()}:user/admin`);
      assert.equal(service(whole, 'iam')?.TotalAuthenticatedEntities, 1);
    });

    it('pages with MaxItems and Marker', async () => {
      const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      const first = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 2 }));
      assert.equal(first.ServicesLastAccessed?.length, 2);
      assert.equal(first.IsTruncated, true);
      const second = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 2, Marker: first.Marker }));
      assert.notEqual(second.ServicesLastAccessed?.[0]?.ServiceNamespace, first.ServicesLastAccessed?.[0]?.ServiceNamespace);
      assert.ok(second.ServicesLastAccessed![0]!.ServiceNamespace! > first.ServicesLastAccessed[1]!.ServiceNamespace!);
    });

    it('keeps the 100 newest jobs of an account', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 101; i++) {
        clock += 1; // creation order
        ids.push((await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `${ARN()}:user/dave` }))).JobId!);
      }
      await rejects(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: ids[0] })), 'NoSuchEntity', `No such job ${ids[0]}.`, 404);
      assert.equal((await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: ids[1] }))).JobStatus, 'COMPLETED');
      assert.deepEqual((await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: ids[100] }))).ServicesLastAccessed?.map((x) => x.ServiceNamespace), ['iam']);
    });

    it("answers AWS's errors", async () => {
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:s3:::some-bucket-name' })), 'InvalidInput', 'ARN arn:aws:s3:::some-bucket-name is not valid.', 400);
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `${ARN()}:user/nobody` })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `${ARN()}:role/auditor` })), 'NoSuchEntity', 'The role with name auditor cannot be found.', 404);
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `${ARN()}:policy/none` })), 'NoSuchEntity', `Policy ${ARN()}:policy/none does not exist or is not attachable.`, 404);
      const unknown = '00000000-0000-4000-8000-000000000000';
      await rejects(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: unknown })), 'NoSuchEntity', `No such job ${unknown}.`, 404);
      await rejects(iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: unknown, ServiceNamespace: 'iam' })), 'NoSuchEntity', undefined, 404);
      // Generate is authorized against the entity: carol may not look at the admin.
      await rejects(client(carol).send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `${ARN()}:user/admin` })), 'AccessDenied');
    });
  });
});

/** RFC 4648 base32 → bytes (the virtual MFA seed). */
function base32(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}
