import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  type Account,
  type CreateAccountStatus,
  type Organization,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { newAccessKeyId, newSecretAccessKey, newUniqueId } from '../../src/credentials/ids.js';
import {
  type AccessKeyData,
  type AccountData,
  type AttachmentData,
  KIND,
  type PolicyEntityData,
  type RoleData,
  type UserData,
  nameKey,
  userArn,
} from '../../src/iam/model.js';
import { GLOBAL } from '../../src/core/accounts.js';
import { SEAL } from '../../src/core/services.js';
import { type Credentials, TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

/**
 * A user with an access key written straight into `account` (laid out as src/iam/model.ts and
 * bootstrap.ts do): the only way to hold a member account's credentials without STS.
 */
async function putUserWithKey(t: TestServer, account: string, name: string, attached: readonly string[], inline?: object): Promise<Credentials> {
  const now = new Date().toISOString();
  const user: UserData = { name, path: '/', id: newUniqueId('AIDA'), arn: userArn(account, '/', name), createdAt: now, tags: [] };
  const accessKeyId = newAccessKeyId('AKIA', account);
  const secretAccessKey = newSecretAccessKey();
  const key = nameKey(name);
  await t.server.store.write(async (tx) => {
    await tx.put<UserData>({ account, kind: KIND.user, key, id: user.id, data: user }, 0);
    for (const arn of attached) {
      const policyName = arn.slice(arn.lastIndexOf('/') + 1);
      await tx.put<AttachmentData>({ account, kind: KIND.attachment, key: `user/${key}/${arn}`, data: { policyArn: arn, policyName } }, 0);
      await tx.put<PolicyEntityData>({ account, kind: KIND.policyEntity, key: `${arn}/user/${key}`, data: { entityType: 'user', name, id: user.id } }, 0);
    }
    if (inline !== undefined) {
      await tx.put({ account, kind: KIND.inlinePolicy, key: `user/${key}/inline`, data: { name: 'inline', document: JSON.stringify(inline) } }, 0);
    }
    const data: AccessKeyData = { accessKeyId, userName: name, status: 'Active', createdAt: now, sealedSecret: t.server.services.sealer.seal(secretAccessKey, SEAL.secretAccessKey) };
    await tx.put<AccessKeyData>({ account, kind: KIND.accessKey, key: `${key}/${accessKeyId}`, id: accessKeyId, data }, 0);
  });
  return { accessKeyId, secretAccessKey };
}

type AwsErr = Error & { $metadata?: { httpStatusCode?: number }; Reason?: string };

/** Asserts an SDK rejection by code, message (string or pattern) and HTTP status. */
async function rejects(p: Promise<unknown>, code: string, message: string | RegExp, status = 400, reason?: string): Promise<void> {
  await assert.rejects(p, (e: AwsErr) => {
    assert.equal(e.name, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (reason !== undefined) assert.equal(e.Reason, reason);
    return true;
  });
}

const NOT_IN_USE = 'Your account is not a member of an organization.';
const NOT_MANAGEMENT = "You don't have permissions to access this resource.";

describe('organizations over AWS JSON 1.1 with the AWS SDK v3', () => {
  let t: TestServer;
  let org: Organization;
  let created: CreateAccountStatus;
  let memberId: string;
  let memberKey: Credentials;

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  describe('before any organization exists', () => {
    it('DescribeOrganization answers AWSOrganizationsNotInUseException', async () => {
      await rejects(t.organizations().send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException', NOT_IN_USE);
    });
    it('CreateAccount, ListAccounts, DescribeAccount and DescribeCreateAccountStatus do too', async () => {
      const o = t.organizations();
      await rejects(o.send(new CreateAccountCommand({ Email: 'x@example.com', AccountName: 'x' })), 'AWSOrganizationsNotInUseException', NOT_IN_USE);
      await rejects(o.send(new ListAccountsCommand({})), 'AWSOrganizationsNotInUseException', NOT_IN_USE);
      await rejects(o.send(new DescribeAccountCommand({ AccountId: TEST_ACCOUNT })), 'AWSOrganizationsNotInUseException', NOT_IN_USE);
      await rejects(o.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-abcdefgh' })), 'AWSOrganizationsNotInUseException', NOT_IN_USE);
    });
    it('CreateOrganization refuses an unknown FeatureSet (InvalidInputException, INVALID_ENUM)', async () => {
      await rejects(
        t.organizations().send(new CreateOrganizationCommand({ FeatureSet: 'SOME' as never })),
        'InvalidInputException',
        "1 validation error detected: Value 'SOME' at 'featureSet' failed to satisfy constraint: Member must satisfy enum value set: [ALL, CONSOLIDATED_BILLING]",
        400,
        'INVALID_ENUM',
      );
    });
  });

  describe('CreateOrganization / DescribeOrganization', () => {
    it('makes the caller the management account of a new ALL-features organization', async () => {
      const r = await t.organizations().send(new CreateOrganizationCommand({}));
      assert.ok(r.Organization);
      org = r.Organization;
      assert.match(org.Id ?? '', /^o-[a-z0-9]{10}$/);
      assert.equal(org.Arn, `arn:aws:organizations::${TEST_ACCOUNT}:organization/${org.Id}`);
      assert.equal(org.FeatureSet, 'ALL');
      assert.equal(org.MasterAccountId, TEST_ACCOUNT);
      assert.equal(org.MasterAccountArn, `arn:aws:organizations::${TEST_ACCOUNT}:account/${org.Id}/${TEST_ACCOUNT}`);
      assert.equal(org.MasterAccountEmail, 'admin@rolegate.local');
      assert.deepEqual(org.AvailablePolicyTypes, []);
    });
    it('refuses a second organization with AlreadyInOrganizationException', async () => {
      await rejects(t.organizations().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })), 'AlreadyInOrganizationException', 'The AWS account is already a member of an organization.');
    });
    it('DescribeOrganization returns the same organization', async () => {
      const r = await t.organizations().send(new DescribeOrganizationCommand({}));
      assert.deepEqual(r.Organization, org);
    });
  });

  describe('CreateAccount → DescribeCreateAccountStatus → ListAccounts → DescribeAccount', () => {
    it('CreateAccount answers IN_PROGRESS with a car- request id', async () => {
      const r = await t.organizations().send(new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'Development', Tags: [{ Key: 'team', Value: 'core' }] }));
      assert.ok(r.CreateAccountStatus);
      created = r.CreateAccountStatus;
      assert.match(created.Id ?? '', /^car-[a-z0-9]{32}$/);
      assert.equal(created.AccountName, 'Development');
      assert.equal(created.State, 'IN_PROGRESS');
      assert.ok(created.RequestedTimestamp instanceof Date);
      assert.equal(created.AccountId, undefined);
      assert.equal(created.CompletedTimestamp, undefined);
    });
    it('DescribeCreateAccountStatus reports SUCCEEDED with the new 12-digit account id', async () => {
      const r = await t.organizations().send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.Id }));
      const s = r.CreateAccountStatus;
      assert.equal(s?.Id, created.Id);
      assert.equal(s?.State, 'SUCCEEDED');
      assert.match(s?.AccountId ?? '', /^\d{12}$/);
      assert.notEqual(s?.AccountId, TEST_ACCOUNT);
      assert.ok(s?.CompletedTimestamp instanceof Date);
      assert.equal(s?.RequestedTimestamp?.getTime(), created.RequestedTimestamp?.getTime());
      memberId = s?.AccountId ?? '';
    });
    it('ListAccounts lists the management account (INVITED) and the new one (CREATED)', async () => {
      const r = await t.organizations().send(new ListAccountsCommand({}));
      assert.equal(r.NextToken, undefined);
      const byId = new Map((r.Accounts ?? []).map((a) => [a.Id, a]));
      assert.equal(byId.size, 2);
      const mgmt = byId.get(TEST_ACCOUNT);
      assert.equal(mgmt?.JoinedMethod, 'INVITED');
      assert.equal(mgmt?.Email, 'admin@rolegate.local');
      assert.equal(mgmt?.Name, 'rolegate');
      const member = byId.get(memberId);
      assert.equal(member?.JoinedMethod, 'CREATED');
      assert.equal(member?.Status, 'ACTIVE');
      assert.equal(member?.State, 'ACTIVE');
      assert.equal(member?.Arn, `arn:aws:organizations::${TEST_ACCOUNT}:account/${org.Id}/${memberId}`);
    });
    it('DescribeAccount describes the new account', async () => {
      const r = await t.organizations().send(new DescribeAccountCommand({ AccountId: memberId }));
      const a: Account | undefined = r.Account;
      assert.equal(a?.Id, memberId);
      assert.equal(a?.Email, 'dev@example.com');
      assert.equal(a?.Name, 'Development');
      assert.equal(a?.Arn, `arn:aws:organizations::${TEST_ACCOUNT}:account/${org.Id}/${memberId}`);
      assert.ok(a?.JoinedTimestamp instanceof Date);
    });
    it('DescribeAccount of an unknown account answers AccountNotFoundException', async () => {
      await rejects(t.organizations().send(new DescribeAccountCommand({ AccountId: '999999999999' })), 'AccountNotFoundException', "You specified an account that doesn't exist.");
    });
    it('DescribeCreateAccountStatus of an unknown request answers CreateAccountStatusNotFoundException', async () => {
      await rejects(
        t.organizations().send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-0123456789abcdef' })),
        'CreateAccountStatusNotFoundException',
        "You specified a create account request that doesn't exist.",
      );
    });
    it('a taken email is reported through the status: FAILED, EMAIL_ALREADY_EXISTS', async () => {
      const o = t.organizations();
      for (const email of ['DEV@example.com', 'admin@rolegate.local']) {
        const r = await o.send(new CreateAccountCommand({ Email: email, AccountName: 'Again' }));
        assert.equal(r.CreateAccountStatus?.State, 'IN_PROGRESS');
        const s = await o.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: r.CreateAccountStatus?.Id }));
        assert.equal(s.CreateAccountStatus?.State, 'FAILED');
        assert.equal(s.CreateAccountStatus?.FailureReason, 'EMAIL_ALREADY_EXISTS');
        assert.equal(s.CreateAccountStatus?.AccountId, undefined);
      }
      const list = await o.send(new ListAccountsCommand({}));
      assert.equal(list.Accounts?.length, 2);
    });
    it('ListAccounts pages with MaxResults and NextToken', async () => {
      const o = t.organizations();
      const r = await o.send(new CreateAccountCommand({ Email: 'ops@example.com', AccountName: 'Operations', RoleName: 'OpsAdmin', IamUserAccessToBilling: 'DENY' }));
      assert.equal(r.CreateAccountStatus?.State, 'IN_PROGRESS');
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await o.send(new ListAccountsCommand({ MaxResults: 1, ...(token === undefined ? {} : { NextToken: token }) }));
        assert.equal(page.Accounts?.length, 1);
        seen.push(page.Accounts?.[0]?.Id ?? '');
        token = page.NextToken;
        pages++;
      } while (token !== undefined && pages < 10);
      assert.equal(pages, 3);
      assert.equal(new Set(seen).size, 3);
      assert.ok(seen.includes(TEST_ACCOUNT) && seen.includes(memberId));
    });
    it('ListAccounts refuses a forged NextToken (InvalidInputException)', async () => {
      await rejects(t.organizations().send(new ListAccountsCommand({ NextToken: 'not-a-token' })), 'InvalidInputException', 'The specified NextToken is not valid.', 400, 'INVALID_NEXT_TOKEN');
    });
  });

  describe('input validation (InvalidInputException with a Reason)', () => {
    const cases: readonly { name: string; input: Record<string, unknown>; reason: string; message: string }[] = [
      {
        name: 'Email not an address',
        input: { Email: 'not-an-email', AccountName: 'x' },
        reason: 'INVALID_PATTERN',
        message: "1 validation error detected: Value at 'email' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s@]+@[^\\s@]+\\.[^\\s@]+",
      },
      {
        name: 'AccountName longer than 50',
        input: { Email: 'long@example.com', AccountName: 'n'.repeat(51) },
        reason: 'MAX_LENGTH_EXCEEDED',
        message: "1 validation error detected: Value at 'accountName' failed to satisfy constraint: Member must have length less than or equal to 50",
      },
      {
        name: 'IamUserAccessToBilling outside ALLOW|DENY',
        input: { Email: 'b@example.com', AccountName: 'x', IamUserAccessToBilling: 'MAYBE' },
        reason: 'INVALID_ENUM',
        message: "1 validation error detected: Value 'MAYBE' at 'iamUserAccessToBilling' failed to satisfy constraint: Member must satisfy enum value set: [ALLOW, DENY]",
      },
      {
        name: 'RoleName with a space',
        input: { Email: 'r@example.com', AccountName: 'x', RoleName: 'bad name' },
        reason: 'INVALID_PATTERN',
        message: "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{1,64}",
      },
      {
        name: 'Email and AccountName both missing',
        input: {},
        reason: 'INPUT_REQUIRED',
        message:
          "2 validation errors detected: Value null at 'email' failed to satisfy constraint: Member must not be null; Value null at 'accountName' failed to satisfy constraint: Member must not be null",
      },
    ];
    for (const c of cases) {
      it(`CreateAccount: ${c.name}`, async () => {
        await rejects(t.organizations().send(new CreateAccountCommand(c.input as never)), 'InvalidInputException', c.message, 400, c.reason);
      });
    }
    it('CreateAccount: a reserved AWSServiceRoleFor role name (INVALID_ROLE_NAME)', async () => {
      await rejects(
        t.organizations().send(new CreateAccountCommand({ Email: 's@example.com', AccountName: 'x', RoleName: 'AWSServiceRoleForX' })),
        'InvalidInputException',
        /reserved prefix AWSServiceRoleFor/,
        400,
        'INVALID_ROLE_NAME',
      );
    });
    it('CreateAccount: duplicate tag keys (DUPLICATE_TAG_KEY)', async () => {
      const Tags = [
        { Key: 'a', Value: '1' },
        { Key: 'a', Value: '2' },
      ];
      await rejects(t.organizations().send(new CreateAccountCommand({ Email: 't@example.com', AccountName: 'x', Tags })), 'InvalidInputException', /unique/, 400, 'DUPLICATE_TAG_KEY');
    });
    it('ListAccounts: MaxResults above 20 (MAX_VALUE_EXCEEDED)', async () => {
      await rejects(
        t.organizations().send(new ListAccountsCommand({ MaxResults: 21 })),
        'InvalidInputException',
        "1 validation error detected: Value '21' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20",
        400,
        'MAX_VALUE_EXCEEDED',
      );
    });
    it('DescribeAccount: an AccountId that is not 12 digits (INVALID_PATTERN)', async () => {
      await rejects(
        t.organizations().send(new DescribeAccountCommand({ AccountId: '12345' })),
        'InvalidInputException',
        "1 validation error detected: Value '12345' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\d{12}$",
        400,
        'INVALID_PATTERN',
      );
    });
  });

  describe('the new member account', () => {
    it('is an account of its own (a KIND.account item under *)', async () => {
      const item = await t.server.store.read((tx) => tx.get<AccountData>(GLOBAL, KIND.account, memberId));
      assert.equal(item?.data.id, memberId);
      assert.equal(item?.data.email, 'dev@example.com');
      assert.equal(item?.data.name, 'Development');
    });
    it('holds OrganizationAccountAccessRole, trusting the management account, with AdministratorAccess', async () => {
      const { role, attachment, entity } = await t.server.store.read(async (tx) => ({
        role: await tx.get<RoleData>(memberId, KIND.role, 'organizationaccountaccessrole'),
        attachment: await tx.get<AttachmentData>(memberId, KIND.attachment, `role/organizationaccountaccessrole/${ADMIN_POLICY}`),
        entity: await tx.get<PolicyEntityData>(memberId, KIND.policyEntity, `${ADMIN_POLICY}/role/organizationaccountaccessrole`),
      }));
      assert.ok(role);
      assert.equal(role.data.name, 'OrganizationAccountAccessRole');
      assert.equal(role.data.arn, `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`);
      assert.equal(role.data.path, '/');
      assert.equal(role.data.maxSessionDuration, 3600);
      assert.match(role.data.id, /^AROA[A-Z2-7]{17}$/);
      assert.equal(role.id, role.data.id);
      assert.deepEqual(JSON.parse(role.data.assumeRolePolicyDocument), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
      });
      assert.deepEqual(attachment?.data, { policyArn: ADMIN_POLICY, policyName: 'AdministratorAccess' });
      assert.deepEqual(entity?.data, { entityType: 'role', name: 'OrganizationAccountAccessRole', id: role.data.id });
      // Nothing of the sort was written into the management account.
      assert.equal(await t.server.store.read((tx) => tx.get(TEST_ACCOUNT, KIND.role, 'organizationaccountaccessrole')), undefined);
    });
    it('gets the RoleName asked for instead', async () => {
      const list = await t.organizations().send(new ListAccountsCommand({}));
      const ops = list.Accounts?.find((a) => a.Name === 'Operations');
      assert.ok(ops?.Id);
      const role = await t.server.store.read((tx) => tx.get<RoleData>(ops.Id ?? '', KIND.role, 'opsadmin'));
      assert.equal(role?.data.name, 'OpsAdmin');
    });
    it('lets the management account admin AssumeRole into it', async () => {
      const r = await t.sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'ops' }));
      const c = r.Credentials;
      assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
      const me = await t.sts({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Account, memberId);
      assert.equal(me.Arn, `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/ops`);
    });
  });

  describe('accounts are isolated', () => {
    before(async () => {
      memberKey = await putUserWithKey(t, memberId, 'alice', [ADMIN_POLICY]);
    });
    it('a key of the member account is that account', async () => {
      const me = await t.sts(memberKey).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Account, memberId);
      assert.equal(me.Arn, `arn:aws:iam::${memberId}:user/alice`);
    });
    it('IAM ListUsers in each account sees only that account’s users', async () => {
      const inMember = await t.iam(memberKey).send(new ListUsersCommand({}));
      assert.deepEqual(
        inMember.Users?.map((u) => u.Arn),
        [`arn:aws:iam::${memberId}:user/alice`],
      );
      const inManagement = await t.iam().send(new ListUsersCommand({}));
      const names = inManagement.Users?.map((u) => u.UserName) ?? [];
      assert.ok(names.includes('admin'));
      assert.ok(!names.includes('alice'));
    });
    it('a member account sees its organization', async () => {
      const r = await t.organizations(memberKey).send(new DescribeOrganizationCommand({}));
      assert.deepEqual(r.Organization, org);
    });
    it('a member account may not call management-account operations (AccessDeniedException)', async () => {
      const o = t.organizations(memberKey);
      await rejects(o.send(new ListAccountsCommand({})), 'AccessDeniedException', NOT_MANAGEMENT);
      await rejects(o.send(new DescribeAccountCommand({ AccountId: memberId })), 'AccessDeniedException', NOT_MANAGEMENT);
      await rejects(o.send(new CreateAccountCommand({ Email: 'm@example.com', AccountName: 'm' })), 'AccessDeniedException', NOT_MANAGEMENT);
      await rejects(o.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.Id })), 'AccessDeniedException', NOT_MANAGEMENT);
    });
    it('a member account cannot create an organization of its own', async () => {
      await rejects(t.organizations(memberKey).send(new CreateOrganizationCommand({})), 'AlreadyInOrganizationException', 'The AWS account is already a member of an organization.');
    });
  });

  describe('authorization by IAM policy', () => {
    let bob: Credentials;
    before(async () => {
      bob = await putUserWithKey(t, TEST_ACCOUNT, 'bob', []);
    });
    it('a user without permissions is denied with IAM’s wording, against * for wildcard-only actions', async () => {
      const o = t.organizations(bob);
      for (const op of ['ListAccounts', 'DescribeOrganization']) {
        const cmd = op === 'ListAccounts' ? new ListAccountsCommand({}) : new DescribeOrganizationCommand({});
        await rejects(
          o.send(cmd as never),
          'AccessDeniedException',
          `User: arn:aws:iam::${TEST_ACCOUNT}:user/bob is not authorized to perform: organizations:${op} on resource: * because no identity-based policy allows the organizations:${op} action`,
        );
      }
    });
    it('DescribeAccount is authorized against the account ARN', async () => {
      await rejects(
        t.organizations(bob).send(new DescribeAccountCommand({ AccountId: memberId })),
        'AccessDeniedException',
        `User: arn:aws:iam::${TEST_ACCOUNT}:user/bob is not authorized to perform: organizations:DescribeAccount on resource: arn:aws:organizations::${TEST_ACCOUNT}:account/${org.Id}/${memberId} because no identity-based policy allows the organizations:DescribeAccount action`,
      );
    });
    it('a policy allowing DescribeAccount on that ARN lets the call through', async () => {
      const carol = await putUserWithKey(t, TEST_ACCOUNT, 'carol', [], {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'organizations:DescribeAccount', Resource: `arn:aws:organizations::${TEST_ACCOUNT}:account/o-*/*` }],
      });
      const r = await t.organizations(carol).send(new DescribeAccountCommand({ AccountId: memberId }));
      assert.equal(r.Account?.Id, memberId);
      await rejects(t.organizations(carol).send(new ListAccountsCommand({})), 'AccessDeniedException', /organizations:ListAccounts on resource: \*/);
    });
  });
});
