import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  type GetAccessKeyLastUsedCommandOutput,
  type IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  paginateListAccessKeys,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { accountOfAccessKeyId } from '../../src/credentials/ids.js';
import { ADMIN, TEST_ACCOUNT, type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { putInlinePolicy, rejectsWith } from '../support/iam-identity.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;

describe('iam access keys over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'kim' }));
  });
  after(async () => {
    await t.close();
  });

  const newKey = async (user: string): Promise<Credentials & { accessKeyId: string }> => {
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  };

  describe('CreateAccessKey', () => {
    it('returns an AKIA key that encodes the account, and its secret once', async () => {
      const r = await iam.send(new CreateAccessKeyCommand({ UserName: 'kim' }));
      const k = r.AccessKey!;
      assert.equal(k.UserName, 'kim');
      assert.match(k.AccessKeyId ?? '', /^AKIA[A-Z2-7]{16}$/);
      assert.equal(accountOfAccessKeyId(k.AccessKeyId!), TEST_ACCOUNT);
      assert.equal(k.SecretAccessKey?.length, 40);
      assert.equal(k.Status, 'Active');
      assert.ok(k.CreateDate instanceof Date);
      const who = await t.sts({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey }).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `${ARN}:user/kim`);
      const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'kim' }));
      assert.equal(listed.AccessKeyMetadata?.length, 1);
      assert.equal((listed.AccessKeyMetadata?.[0] as Record<string, unknown>)['SecretAccessKey'], undefined);
    });

    it('allows at most two keys per user (LimitExceeded)', async () => {
      await newKey('kim');
      await rejectsWith(iam.send(new CreateAccessKeyCommand({ UserName: 'kim' })), 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2', 409);
    });

    it('refuses an unknown user', async () => {
      await rejectsWith(iam.send(new CreateAccessKeyCommand({ UserName: 'ghost' })), 'NoSuchEntity', 'The user with name ghost cannot be found.', 404);
    });

    it('creates a key for the signing user when UserName is absent', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'self' }));
      const first = await newKey('self');
      await putInlinePolicy(t, 'user', 'self', 'own-keys', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:*AccessKey*'], Resource: `${ARN}:user/\${aws:username}` }],
      });
      const own = t.iam(first);
      const second = (await own.send(new CreateAccessKeyCommand({}))).AccessKey!;
      assert.equal(second.UserName, 'self');
      const listed = await own.send(new ListAccessKeysCommand({}));
      assert.deepEqual(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId).sort(), [first.accessKeyId, second.AccessKeyId].sort());
      // Someone else's keys are not the signing user's to manage.
      await rejectsWith(
        own.send(new ListAccessKeysCommand({ UserName: 'kim' })),
        'AccessDenied',
        `User: ${ARN}:user/self is not authorized to perform: iam:ListAccessKeys on resource: user kim because no identity-based policy allows the iam:ListAccessKeys action`,
      );
      await own.send(new DeleteAccessKeyCommand({ AccessKeyId: second.AccessKeyId! }));
    });
  });

  describe('ListAccessKeys', () => {
    it('lists the admin key when UserName is absent', async () => {
      const r = await iam.send(new ListAccessKeysCommand({}));
      assert.deepEqual(r.AccessKeyMetadata?.map((k) => [k.UserName, k.AccessKeyId, k.Status]), [['admin', ADMIN.accessKeyId, 'Active']]);
      assert.equal(r.IsTruncated, false);
    });

    it('pages with the SDK paginator', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'pager' }));
      const a = await newKey('pager');
      const b = await newKey('pager');
      const pages = [];
      for await (const p of paginateListAccessKeys({ client: iam, pageSize: 1 }, { UserName: 'pager' })) pages.push(p);
      assert.equal(pages.length, 2);
      assert.equal(pages[0]?.IsTruncated, true);
      assert.deepEqual(pages.flatMap((p) => p.AccessKeyMetadata?.map((k) => k.AccessKeyId) ?? []).sort(), [a.accessKeyId, b.accessKeyId].sort());
    });

    it('refuses an unknown user', async () => {
      await rejectsWith(iam.send(new ListAccessKeysCommand({ UserName: 'ghost' })), 'NoSuchEntity', 'The user with name ghost cannot be found.');
    });
  });

  describe('UpdateAccessKey', () => {
    it('an inactive key fails authentication on the very next request', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'flip' }));
      const k = await newKey('flip');
      const sts = t.sts(k);
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `${ARN}:user/flip`);
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'flip', AccessKeyId: k.accessKeyId, Status: 'Inactive' }));
      await rejectsWith(sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
      const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'flip' }));
      assert.equal(listed.AccessKeyMetadata?.[0]?.Status, 'Inactive');
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'flip', AccessKeyId: k.accessKeyId, Status: 'Active' }));
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `${ARN}:user/flip`);
    });

    it('answers NoSuchEntity for a key of another user or an unknown key', async () => {
      const k = await newKey('flip');
      await rejectsWith(
        iam.send(new UpdateAccessKeyCommand({ UserName: 'kim', AccessKeyId: k.accessKeyId, Status: 'Inactive' })),
        'NoSuchEntity',
        `The Access Key with id ${k.accessKeyId} cannot be found.`,
        404,
      );
      await rejectsWith(
        iam.send(new UpdateAccessKeyCommand({ AccessKeyId: k.accessKeyId, Status: 'Inactive' })),
        'NoSuchEntity',
        `The Access Key with id ${k.accessKeyId} cannot be found.`,
      );
      await rejectsWith(
        iam.send(new UpdateAccessKeyCommand({ UserName: 'ghost', AccessKeyId: k.accessKeyId, Status: 'Inactive' })),
        'NoSuchEntity',
        'The user with name ghost cannot be found.',
      );
    });

    it('validates AccessKeyId and Status', async () => {
      await rejectsWith(
        iam.send(new UpdateAccessKeyCommand({ UserName: 'flip', AccessKeyId: 'short', Status: 'Inactive' })),
        'ValidationError',
        "1 validation error detected: Value 'short' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16",
      );
      await rejectsWith(
        iam.send(new UpdateAccessKeyCommand({ UserName: 'flip', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA', Status: 'Dormant' as never })),
        'ValidationError',
        "1 validation error detected: Value 'Dormant' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]",
      );
    });
  });

  describe('DeleteAccessKey', () => {
    it('deletes a key, which then no longer authenticates', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'gone' }));
      const k = await newKey('gone');
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'gone', AccessKeyId: k.accessKeyId }));
      await rejectsWith(t.sts(k).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
      await rejectsWith(
        iam.send(new DeleteAccessKeyCommand({ UserName: 'gone', AccessKeyId: k.accessKeyId })),
        'NoSuchEntity',
        `The Access Key with id ${k.accessKeyId} cannot be found.`,
        404,
      );
      assert.deepEqual((await iam.send(new ListAccessKeysCommand({ UserName: 'gone' }))).AccessKeyMetadata, []);
    });
  });

  describe('GetAccessKeyLastUsed', () => {
    it('answers N/A for a key never used, then the service and region of its last use', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'used' }));
      const k = await newKey('used');
      const fresh = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.accessKeyId }));
      assert.equal(fresh.UserName, 'used');
      assert.deepEqual(fresh.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
      const before = Date.now();
      const sts = new STSClient({ endpoint: t.url, region: 'eu-west-1', credentials: k, maxAttempts: 1 });
      await sts.send(new GetCallerIdentityCommand({}));
      let r: GetAccessKeyLastUsedCommandOutput | undefined;
      for (let i = 0; i < 50; i++) {
        r = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.accessKeyId }));
        if (r.AccessKeyLastUsed?.LastUsedDate !== undefined) break;
        await sleep(20);
      }
      assert.equal(r?.AccessKeyLastUsed?.ServiceName, 'sts');
      assert.equal(r?.AccessKeyLastUsed?.Region, 'eu-west-1');
      assert.ok((r?.AccessKeyLastUsed?.LastUsedDate?.getTime() ?? 0) >= Math.floor(before / 1000) * 1000);
      // The user may look up its own key's last use (the resource is the owner's ARN).
      await putInlinePolicy(t, 'user', 'used', 'own', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:GetAccessKeyLastUsed', Resource: `${ARN}:user/\${aws:username}` }],
      });
      assert.equal((await t.iam(k).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.accessKeyId }))).UserName, 'used');
      await rejectsWith(
        t.iam(k).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: ADMIN.accessKeyId })),
        'AccessDenied',
        `User: ${ARN}:user/used is not authorized to perform: iam:GetAccessKeyLastUsed on resource: ${ARN}:user/admin because no identity-based policy allows the iam:GetAccessKeyLastUsed action`,
      );
    });

    // AWS answers 403, not NoSuchEntity (LocalStack test_iam_users.py::test_access_key_errors).
    it('answers AccessDenied naming an unknown key', async () => {
      await rejectsWith(
        iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAUNKNOWNUNKNOWN00' })),
        'AccessDenied',
        `User: ${ARN}:user/admin is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAUNKNOWNUNKNOWN00`,
        403,
      );
    });
  });

  describe('authorization', () => {
    it('denies a user without policies with AWS wording', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'dev' }));
      const dev = await newKey('dev');
      await rejectsWith(
        t.iam(dev).send(new CreateAccessKeyCommand({ UserName: 'kim' })),
        'AccessDenied',
        `User: ${ARN}:user/dev is not authorized to perform: iam:CreateAccessKey on resource: user kim because no identity-based policy allows the iam:CreateAccessKey action`,
        403,
      );
      await rejectsWith(t.iam(dev).send(new ListUsersCommand({})), 'AccessDenied');
    });
  });
});
