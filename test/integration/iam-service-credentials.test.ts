/**
 * Service-specific credentials over HTTP with the AWS SDK v3, replaying the exchanges recorded
 * against AWS in LocalStack's tests/aws/services/iam/test_iam.snapshot.json
 * (TestIAMServiceSpecificCredentials, recorded 06-03-2025): the lifecycle for CodeCommit and
 * Keyspaces, unsupported services (404 NoSuchEntity "No such service … is supported for Service
 * Specific Credentials"), unknown ids ("No such credential … exists"), the user checked first,
 * DeleteUser's conflict ("Cannot delete entity, must remove referenced objects first.").
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteUserCommand,
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const strip = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => k !== '$metadata'));

describe('iam service-specific credentials over HTTP with the AWS SDK v3 (recorded AWS exchanges)', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  for (const service of ['codecommit.amazonaws.com', 'cassandra.amazonaws.com']) {
    it(`test_service_specific_credential_lifecycle[${service}]`, async () => {
      const user = `user-${service.slice(0, 5)}`;
      await iam.send(new CreateUserCommand({ UserName: user }));
      const created = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: user, ServiceName: service }))).ServiceSpecificCredential!;
      assert.deepEqual(Object.keys(created).sort(), ['CreateDate', 'ServiceName', 'ServicePassword', 'ServiceSpecificCredentialId', 'ServiceUserName', 'Status', 'UserName']);
      assert.equal(created.ServiceName, service);
      assert.equal(created.ServiceUserName, `${user}-at-${TEST_ACCOUNT}`);
      assert.equal(created.Status, 'Active');
      assert.equal(created.UserName, user);
      assert.match(created.ServiceSpecificCredentialId ?? '', /^ACCA[A-Z2-7]{17}$/);
      assert.match(created.ServicePassword ?? '', /^[A-Za-z0-9+/]{43}=$/);
      const id = created.ServiceSpecificCredentialId!;
      const metadata = { CreateDate: created.CreateDate, ServiceName: service, ServiceSpecificCredentialId: id, ServiceUserName: `${user}-at-${TEST_ACCOUNT}`, Status: 'Active', UserName: user };
      const before = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: user, ServiceName: service }));
      assert.deepEqual(strip(before), { ServiceSpecificCredentials: [metadata], IsTruncated: false });
      assert.deepEqual(strip(await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: user, ServiceSpecificCredentialId: id, Status: 'Inactive' }))), {});
      const afterUpdate = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: user, ServiceName: service }));
      assert.deepEqual(afterUpdate.ServiceSpecificCredentials, [{ ...metadata, Status: 'Inactive' }]);
      const reset = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: user, ServiceSpecificCredentialId: id }))).ServiceSpecificCredential!;
      assert.equal(reset.Status, 'Inactive');
      assert.equal(reset.ServiceSpecificCredentialId, id);
      assert.match(reset.ServicePassword ?? '', /^[A-Za-z0-9+/]{43}=$/);
      assert.notEqual(reset.ServicePassword, created.ServicePassword);
      assert.deepEqual(strip(await iam.send(new DeleteServiceSpecificCredentialCommand({ ServiceSpecificCredentialId: id, UserName: user }))), {});
    });
  }

  it('test_create_service_specific_credential_invalid_user: the user is checked before the service', async () => {
    await rejectsWith(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'non-existent-user', ServiceName: 'codecommit.amazonaws.com' })), 'NoSuchEntity', 'The user with name non-existent-user cannot be found.', 404);
    await rejectsWith(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'non-existent-user', ServiceName: 'nonexistentservice.amazonaws.com' })), 'NoSuchEntity', 'The user with name non-existent-user cannot be found.', 404);
  });

  it('test_create_service_specific_credential_invalid_service', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'user-svc' }));
    for (const s of ['nonexistentservice.amazonaws.com', 'o3on3n3onosneo', 'lambda.amazonaws.com']) {
      await rejectsWith(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'user-svc', ServiceName: s })), 'NoSuchEntity', `No such service ${s} is supported for Service Specific Credentials`, 404);
    }
  });

  it('test_list_service_specific_credential_different_service', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'user-list' }));
    await rejectsWith(
      iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'user-list', ServiceName: 'nonexistentservice.amazonaws.com' })),
      'NoSuchEntity',
      'No such service nonexistentservice.amazonaws.com is supported for Service Specific Credentials',
      404,
    );
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'user-list', ServiceName: 'codecommit.amazonaws.com' }));
    const other = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'user-list', ServiceName: 'cassandra.amazonaws.com' }));
    assert.deepEqual(other.ServiceSpecificCredentials, []);
  });

  it('test_delete_user_after_service_credential_created', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'user-del' }));
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'user-del', ServiceName: 'codecommit.amazonaws.com' }));
    await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'user-del' })), 'DeleteConflict', 'Cannot delete entity, must remove referenced objects first.', 409);
  });

  it('test_id_match_user_mismatch and test_user_match_id_mismatch', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'user-ids' }));
    const id = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'user-ids', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential!.ServiceSpecificCredentialId!;
    const calls = (user: string, cid: string): Promise<unknown>[] => [
      iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: user, ServiceSpecificCredentialId: cid, Status: 'Inactive' })),
      iam.send(new ResetServiceSpecificCredentialCommand({ UserName: user, ServiceSpecificCredentialId: cid })),
      iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: user, ServiceSpecificCredentialId: cid })),
    ];
    for (const c of calls('wrong-user-name', id)) await rejectsWith(c, 'NoSuchEntity', 'The user with name wrong-user-name cannot be found.', 404);
    for (const c of calls('user-ids', 'satisfiesregexbutstillinvalid')) await rejectsWith(c, 'NoSuchEntity', 'No such credential satisfiesregexbutstillinvalid exists', 404);
    for (const c of calls('user-ids', 'totally-wrong-credential-id-with-hyphens')) {
      await rejectsWith(c, 'ValidationError', /Value at 'serviceSpecificCredentialId' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\]\+/, 400);
    }
  });

  it('at most two per user per service (LimitExceeded); the password shows only on create and reset', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'user-lim' }));
    for (let i = 0; i < 2; i++) await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'user-lim', ServiceName: 'codecommit.amazonaws.com' }));
    await rejectsWith(
      iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'user-lim', ServiceName: 'codecommit.amazonaws.com' })),
      'LimitExceeded',
      'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2',
      409,
    );
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'user-lim', ServiceName: 'cassandra.amazonaws.com' }));
    const all = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'user-lim' }))).ServiceSpecificCredentials!;
    assert.equal(all.length, 3);
    for (const c of all) assert.equal((c as unknown as Record<string, unknown>)['ServicePassword'], undefined);
    const everyone = (await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredentials!;
    assert.deepEqual(everyone.map((c) => c.UserName), ['user-lim']);
  });

  it('no service password reaches the audit log or the store in clear', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'user-audit' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'user-audit', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential!;
    const r = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'user-audit', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId }))).ServiceSpecificCredential!;
    await t.server.close(); // flushes the audit stream
    const files = (readdirSync(t.dataDir, { recursive: true }) as string[]).flatMap((f) => {
      try {
        return [readFileSync(join(t.dataDir, f), 'latin1')];
      } catch {
        return [];
      }
    });
    const audit = readdirSync(join(t.dataDir, 'audit')).map((f) => readFileSync(join(t.dataDir, 'audit', f), 'utf8')).join('');
    assert.ok(audit.includes('"servicePassword":"HIDDEN_DUE_TO_SECURITY_REASONS"'), 'the response was audited with the password hidden');
    for (const pw of [c.ServicePassword!, r.ServicePassword!]) for (const text of files) assert.ok(!text.includes(pw), 'a password in clear');
  });
});
