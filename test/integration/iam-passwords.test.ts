/**
 * Login profiles, ChangePassword and the account password policy with the AWS SDK v3 against a
 * started server: AWS's shapes, defaults, limits and errors (IAM API Reference; messages as AWS
 * words them where a recording exists: "The Password Policy with domain name <account> cannot be
 * found."), every password set checked against the policy, reuse prevention, the
 * AllowUsersToChangePassword grant, and the console's verifyPassword with PasswordLastUsed.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ChangePasswordCommand, CreateLoginProfileCommand, CreateUserCommand, DeleteAccountPasswordPolicyCommand, DeleteLoginProfileCommand,
  DeleteUserCommand, GetAccountPasswordPolicyCommand, GetLoginProfileCommand, GetUserCommand, ListUsersCommand,
  UpdateAccountPasswordPolicyCommand, UpdateLoginProfileCommand, UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { KIND } from '../../src/iam/model.js';
import type { LoginProfileData } from '../../src/iam/passwords/profile.js';
import { verifyPassword } from '../../src/iam/passwords/index.js';
import { hashPassword } from '../../src/iam/passwords/hash.js';
import { allow, putRole, putUser, trustPrincipal } from '../support/fixtures.js';
import { rejectsWith, sessionCredentials } from '../support/assert.js';
import { type TestServer, startTestServer } from '../support/server.js';

const GOOD = 'Correct-Horse-9';

describe('login profiles and the account password policy (SDK v3)', () => {
  let t: TestServer;
  let clock = Date.parse('2026-11-22T10:00:00Z');
  const logLines: string[] = [];
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock), log: (line) => logLines.push(line) });
  });
  after(async () => {
    await t.close();
  });

  describe('account password policy', () => {
    it('is absent at first: NoSuchEntity for Get and Delete, with AWS messages', async () => {
      await rejectsWith(t.iam().send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException', `The Password Policy with domain name ${t.account} cannot be found.`);
      await rejectsWith(t.iam().send(new DeleteAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 'The account policy with name PasswordPolicy cannot be found.');
    });

    it('UpdateAccountPasswordPolicy with no parameters sets AWS defaults; optional members stay absent', async () => {
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({}));
      const p = (await t.iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
      assert.deepEqual(p, {
        MinimumPasswordLength: 6,
        RequireSymbols: false,
        RequireNumbers: false,
        RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: false,
        ExpirePasswords: false,
      });
    });

    it('every member round-trips; an update replaces the whole policy', async () => {
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true, MaxPasswordAge: 90, PasswordReusePrevention: 5, HardExpiry: true,
      }));
      const p = (await t.iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
      assert.deepEqual(p, {
        MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 5, HardExpiry: true,
      });
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8 }));
      const q = (await t.iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
      assert.equal(q.RequireSymbols, false);
      assert.equal(q.MaxPasswordAge, undefined);
      assert.equal(q.ExpirePasswords, false);
    });

    it("AWS's limits: MinimumPasswordLength 6–128, MaxPasswordAge 1–1095, PasswordReusePrevention 1–24", async () => {
      const cases: [Record<string, number>, string][] = [
        [{ MinimumPasswordLength: 5 }, "Value '5' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value greater than or equal to 6"],
        [{ MinimumPasswordLength: 129 }, "Value '129' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128"],
        [{ MaxPasswordAge: 0 }, "Value '0' at 'maxPasswordAge' failed to satisfy constraint: Member must have value greater than or equal to 1"],
        [{ MaxPasswordAge: 1096 }, "Value '1096' at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095"],
        [{ PasswordReusePrevention: 25 }, "Value '25' at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24"],
      ];
      for (const [input, message] of cases) {
        await rejectsWith(t.iam().send(new UpdateAccountPasswordPolicyCommand(input)), 'ValidationError', `1 validation error detected: ${message}`);
      }
    });

    it('DeleteAccountPasswordPolicy removes it', async () => {
      await t.iam().send(new DeleteAccountPasswordPolicyCommand({}));
      await rejectsWith(t.iam().send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException');
    });
  });

  describe('login profiles', () => {
    it('Create, Get, Update, Delete with AWS shapes and errors; DeleteUser refuses while one exists', async () => {
      await rejectsWith(t.iam().send(new CreateLoginProfileCommand({ UserName: 'nobody', Password: GOOD })), 'NoSuchEntityException', 'The user with name nobody cannot be found.');
      await t.iam().send(new CreateUserCommand({ UserName: 'alice' }));
      await rejectsWith(t.iam().send(new GetLoginProfileCommand({ UserName: 'alice' })), 'NoSuchEntityException', 'Login Profile for User alice cannot be found.');
      const created = await t.iam().send(new CreateLoginProfileCommand({ UserName: 'alice', Password: GOOD, PasswordResetRequired: true }));
      assert.deepEqual(created.LoginProfile, { UserName: 'alice', CreateDate: new Date(clock), PasswordResetRequired: true });
      await rejectsWith(t.iam().send(new CreateLoginProfileCommand({ UserName: 'alice', Password: GOOD })), 'EntityAlreadyExistsException', 'Login Profile for user alice already exists.');
      assert.deepEqual((await t.iam().send(new GetLoginProfileCommand({ UserName: 'alice' }))).LoginProfile, created.LoginProfile);
      await t.iam().send(new UpdateLoginProfileCommand({ UserName: 'alice', PasswordResetRequired: false }));
      assert.equal((await t.iam().send(new GetLoginProfileCommand({ UserName: 'alice' }))).LoginProfile?.PasswordResetRequired, false);
      await rejectsWith(t.iam().send(new DeleteUserCommand({ UserName: 'alice' })), 'DeleteConflictException', 'Cannot delete entity, must delete login profile first.');
      await t.iam().send(new DeleteLoginProfileCommand({ UserName: 'alice' }));
      await rejectsWith(t.iam().send(new DeleteLoginProfileCommand({ UserName: 'alice' })), 'NoSuchEntityException', 'Login Profile for User alice cannot be found.');
      await rejectsWith(t.iam().send(new UpdateLoginProfileCommand({ UserName: 'alice', PasswordResetRequired: true })), 'NoSuchEntityException', 'Login Profile for User alice cannot be found.');
      await t.iam().send(new DeleteUserCommand({ UserName: 'alice' }));
    });

    it('UserName defaults to the calling IAM user (GetLoginProfile, CreateLoginProfile)', async () => {
      const me = await putUser(t, 'self-made', { inline: { p: allow(['iam:CreateLoginProfile', 'iam:GetLoginProfile', 'iam:DeleteLoginProfile'], '*') } });
      await t.iam(me).send(new CreateLoginProfileCommand({ Password: GOOD }));
      assert.equal((await t.iam(me).send(new GetLoginProfileCommand({}))).LoginProfile?.UserName, 'self-made');
      await t.iam(me).send(new DeleteLoginProfileCommand({}));
    });

    it('the profile follows its user through a rename', async () => {
      await t.iam().send(new CreateUserCommand({ UserName: 'before' }));
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'before', Password: GOOD }));
      await t.iam().send(new UpdateUserCommand({ UserName: 'before', NewUserName: 'after' }));
      assert.equal((await t.iam().send(new GetLoginProfileCommand({ UserName: 'after' }))).LoginProfile?.UserName, 'after');
      await rejectsWith(t.iam().send(new DeleteUserCommand({ UserName: 'after' })), 'DeleteConflictException');
      const check = await verifyPassword(t.server.services, t.account, 'after', GOOD);
      assert.equal(check.outcome, 'ok');
    });

    it('concurrent password sets: one wins, the others get EntityTemporarilyUnmodifiable (no lost update)', async () => {
      await t.iam().send(new CreateUserCommand({ UserName: 'racer' }));
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'racer', Password: 'Racer-Password-0' }));
      const pws = [1, 2, 3, 4].map((i) => `Racer-Password-${i}`);
      const results = await Promise.allSettled(pws.map((pw) => t.iam().send(new UpdateLoginProfileCommand({ UserName: 'racer', Password: pw }))));
      const won = pws.filter((_, i) => results[i]!.status === 'fulfilled');
      // All four read the profile before any hash is done (~100 ms each), so in practice one wins;
      // a very slow machine may serialize them, which is fine as long as nothing is lost.
      assert.ok(won.length >= 1, 'one succeeded');
      for (const r of results) {
        if (r.status === 'rejected') {
          const e = r.reason as Error;
          assert.equal(e.name, 'EntityTemporarilyUnmodifiableException');
          assert.equal(e.message, 'Login Profile for User racer cannot be modified while login profile is being created.');
        }
      }
      // The stored password is one that was answered 200, never one that was refused.
      const works = await Promise.all(pws.map(async (pw) => (await verifyPassword(t.server.services, t.account, 'racer', pw)).outcome === 'ok'));
      assert.equal(works.filter(Boolean).length, 1);
      assert.ok(won.includes(pws[works.indexOf(true)]!));
    });

    it('without an account policy, AWS default policy applies: 8 characters and three character types', async () => {
      await t.iam().send(new CreateUserCommand({ UserName: 'bob' }));
      for (const pw of ['Ab1!', 'alllowercase', 'lowercase123']) {
        await rejectsWith(t.iam().send(new CreateLoginProfileCommand({ UserName: 'bob', Password: pw })), 'PasswordPolicyViolationException', 'Password does not conform to the account password policy.');
      }
      await rejectsWith(t.iam().send(new GetLoginProfileCommand({ UserName: 'bob' })), 'NoSuchEntityException');
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'lowercase123!' }));
    });

    it('the account policy is enforced on CreateLoginProfile and UpdateLoginProfile, rule by rule', async () => {
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true }));
      const cases: [string, string][] = [
        ['Sh0rt!', 'Password should have a minimum length of 10'],
        ['nouppercase1!', 'Password should have at least one uppercase letter'],
        ['NOLOWERCASE1!', 'Password should have at least one lowercase letter'],
        ['NoNumbers!!!', 'Password should have at least one number'],
        ['NoSymbols123', 'Password should have at least one symbol'],
      ];
      for (const [pw, message] of cases) {
        await rejectsWith(t.iam().send(new UpdateLoginProfileCommand({ UserName: 'bob', Password: pw })), 'PasswordPolicyViolationException', message);
      }
      await t.iam().send(new CreateUserCommand({ UserName: 'carol' }));
      await rejectsWith(t.iam().send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'NoSymbols123' })), 'PasswordPolicyViolationException', 'Password should have at least one symbol');
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Good-Password-1' }));
      await t.iam().send(new UpdateLoginProfileCommand({ UserName: 'bob', Password: 'Better-Password-2' }));
      assert.equal((await verifyPassword(t.server.services, t.account, 'bob', 'Better-Password-2')).outcome, 'ok');
    });

    it('PasswordReusePrevention refuses the last N passwords (current included) and allows older ones', async () => {
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 6, PasswordReusePrevention: 2 }));
      await t.iam().send(new CreateUserCommand({ UserName: 'dave' }));
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'dave', Password: 'first-1' }));
      await rejectsWith(t.iam().send(new UpdateLoginProfileCommand({ UserName: 'dave', Password: 'first-1' })), 'PasswordPolicyViolationException', 'Password does not conform to the account password policy.');
      await t.iam().send(new UpdateLoginProfileCommand({ UserName: 'dave', Password: 'second-2' }));
      await rejectsWith(t.iam().send(new UpdateLoginProfileCommand({ UserName: 'dave', Password: 'first-1' })), 'PasswordPolicyViolationException');
      await t.iam().send(new UpdateLoginProfileCommand({ UserName: 'dave', Password: 'third-3' }));
      // first-1 is now the third most recent: allowed again.
      await t.iam().send(new UpdateLoginProfileCommand({ UserName: 'dave', Password: 'first-1' }));
      assert.equal((await verifyPassword(t.server.services, t.account, 'dave', 'first-1')).outcome, 'ok');
      await t.iam().send(new DeleteAccountPasswordPolicyCommand({}));
    });
  });

  describe('ChangePassword', () => {
    let erin: Awaited<ReturnType<typeof putUser>>;
    before(async () => {
      erin = await putUser(t, 'erin');
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Erin-Password-1', PasswordResetRequired: true }));
    });

    it('needs iam:ChangePassword unless the policy has AllowUsersToChangePassword, which also grants GetAccountPasswordPolicy', async () => {
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: false }));
      await rejectsWith(t.iam(erin).send(new ChangePasswordCommand({ OldPassword: 'Erin-Password-1', NewPassword: 'Erin-Password-2' })), 'AccessDenied', /iam:ChangePassword on resource: arn:aws:iam::111111111111:user\/erin/);
      await rejectsWith(t.iam(erin).send(new GetAccountPasswordPolicyCommand({})), 'AccessDenied');
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true }));
      assert.equal((await t.iam(erin).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy?.AllowUsersToChangePassword, true);
      await t.iam(erin).send(new ChangePasswordCommand({ OldPassword: 'Erin-Password-1', NewPassword: 'Erin-Password-2' }));
      // The user chose the password: the administrator's reset is done.
      assert.equal((await t.iam().send(new GetLoginProfileCommand({ UserName: 'erin' }))).LoginProfile?.PasswordResetRequired, false);
      assert.equal((await verifyPassword(t.server.services, t.account, 'erin', 'Erin-Password-2')).outcome, 'ok');
      assert.equal((await verifyPassword(t.server.services, t.account, 'erin', 'Erin-Password-1')).outcome, 'invalid');
      // The grant covers the caller's own password only; it is no other IAM permission.
      await rejectsWith(t.iam(erin).send(new GetLoginProfileCommand({ UserName: 'erin' })), 'AccessDenied');
    });

    it('an explicit Deny still wins over the account-level grant', async () => {
      const frank = await putUser(t, 'frank', { inline: { deny: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ChangePassword', Resource: '*' }] } } });
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'frank', Password: 'Frank-Password-1' }));
      await rejectsWith(t.iam(frank).send(new ChangePasswordCommand({ OldPassword: 'Frank-Password-1', NewPassword: 'Frank-Password-2' })), 'AccessDenied', /explicit deny/);
    });

    it('checks the old password, the policy, and that the caller has a login profile', async () => {
      await rejectsWith(t.iam(erin).send(new ChangePasswordCommand({ OldPassword: 'wrong-password', NewPassword: 'Erin-Password-3' })), 'AccessDenied');
      assert.equal((await verifyPassword(t.server.services, t.account, 'erin', 'Erin-Password-2')).outcome, 'ok');
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MinimumPasswordLength: 20 }));
      await rejectsWith(t.iam(erin).send(new ChangePasswordCommand({ OldPassword: 'Erin-Password-2', NewPassword: 'Erin-Password-3' })), 'PasswordPolicyViolationException', 'Password should have a minimum length of 20');
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, PasswordReusePrevention: 1 }));
      await rejectsWith(t.iam(erin).send(new ChangePasswordCommand({ OldPassword: 'Erin-Password-2', NewPassword: 'Erin-Password-2' })), 'PasswordPolicyViolationException');
      // The bootstrap admin is an IAM user without a password.
      await rejectsWith(t.iam().send(new ChangePasswordCommand({ OldPassword: 'anything1', NewPassword: 'Anything-2' })), 'NoSuchEntityException', 'Login Profile for User admin cannot be found.');
    });

    it('a role session is not an IAM user: InvalidUserType', async () => {
      await putRole(t, 'pw-role', trustPrincipal(`arn:aws:iam::${t.account}:root`), { inline: { p: allow('iam:ChangePassword') } });
      const s = sessionCredentials(await t.sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${t.account}:role/pw-role`, RoleSessionName: 'pw-session' })));
      await rejectsWith(t.iam(s).send(new ChangePasswordCommand({ OldPassword: 'Erin-Password-2', NewPassword: 'Erin-Password-9' })), 'InvalidUserTypeException');
      await t.iam().send(new DeleteAccountPasswordPolicyCommand({}));
    });
  });

  describe('verifyPassword (the console sign-in)', () => {
    it('signs in, sets PasswordLastUsed (GetUser, ListUsers), and answers "invalid" alike for unknown users, no profile and a wrong password', async () => {
      await t.iam().send(new CreateUserCommand({ UserName: 'gina' }));
      assert.equal((await t.iam().send(new GetUserCommand({ UserName: 'gina' }))).User?.PasswordLastUsed, undefined);
      assert.equal((await verifyPassword(t.server.services, t.account, 'gina', GOOD)).outcome, 'invalid');
      await t.iam().send(new CreateLoginProfileCommand({ UserName: 'gina', Password: GOOD }));
      assert.deepEqual(await verifyPassword(t.server.services, t.account, 'gina', 'Wrong-Password-1'), { outcome: 'invalid' });
      assert.deepEqual(await verifyPassword(t.server.services, t.account, 'no-such-user', GOOD), { outcome: 'invalid' });
      assert.deepEqual(await verifyPassword(t.server.services, '222222222222', 'gina', GOOD), { outcome: 'invalid' });
      clock += 60_000;
      const ok = await verifyPassword(t.server.services, t.account, 'gina', GOOD);
      assert.equal(ok.outcome, 'ok');
      assert.equal(ok.outcome === 'ok' && ok.mustChangePassword, false);
      assert.deepEqual((await t.iam().send(new GetUserCommand({ UserName: 'gina' }))).User?.PasswordLastUsed, new Date(clock));
      const listed = (await t.iam().send(new ListUsersCommand({}))).Users?.find((u) => u.UserName === 'gina');
      assert.deepEqual(listed?.PasswordLastUsed, new Date(clock));
    });

    it('PasswordResetRequired and an expired password ask for a change; HardExpiry refuses the sign-in', async () => {
      await t.iam().send(new UpdateLoginProfileCommand({ UserName: 'gina', PasswordResetRequired: true }));
      const reset = await verifyPassword(t.server.services, t.account, 'gina', GOOD);
      assert.ok(reset.outcome === 'ok' && reset.mustChangePassword);
      await t.iam().send(new UpdateLoginProfileCommand({ UserName: 'gina', PasswordResetRequired: false }));
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 1 }));
      clock += 2 * 86_400_000;
      const expired = await verifyPassword(t.server.services, t.account, 'gina', GOOD);
      assert.ok(expired.outcome === 'ok' && expired.mustChangePassword);
      await t.iam().send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 1, HardExpiry: true }));
      assert.deepEqual(await verifyPassword(t.server.services, t.account, 'gina', GOOD), { outcome: 'expired' });
      // An administrator's reset starts a new age.
      await t.iam().send(new UpdateLoginProfileCommand({ UserName: 'gina', Password: 'Reset-By-Admin-1' }));
      assert.equal((await verifyPassword(t.server.services, t.account, 'gina', 'Reset-By-Admin-1')).outcome, 'ok');
      await t.iam().send(new DeleteAccountPasswordPolicyCommand({}));
    });

    it('a hash made with weaker parameters is rehashed with the current ones at sign-in', async () => {
      const user = (await t.iam().send(new GetUserCommand({ UserName: 'gina' }))).User!;
      const weak = await hashPassword(t.server.services, { account: t.account, principal: 'test' }, 'Old-Params-1', { logN: 14, r: 8, p: 1 });
      await t.server.store.write(async (tx) => {
        const p = await tx.get<LoginProfileData>(t.account, KIND.loginProfile, user.UserId!);
        await tx.put<LoginProfileData>({ account: t.account, kind: KIND.loginProfile, key: user.UserId!, data: { ...p!.data, hash: weak } }, p!.version);
      });
      assert.equal((await verifyPassword(t.server.services, t.account, 'gina', 'Old-Params-1')).outcome, 'ok');
      const stored = await t.server.store.read((tx) => tx.get<LoginProfileData>(t.account, KIND.loginProfile, user.UserId!));
      assert.match(stored!.data.hash, /^scrypt\$15\$8\$1\$/);
      assert.equal((await verifyPassword(t.server.services, t.account, 'gina', 'Old-Params-1')).outcome, 'ok');
    });
  });

  it('no password reached the store, the audit log or the server log', async () => {
    const passwords = [GOOD, 'Better-Password-2', 'Erin-Password-2', 'Reset-By-Admin-1', 'first-1', 'Frank-Password-1'];
    const rows = await t.server.store.read((tx) => tx.list<LoginProfileData>(t.account, KIND.loginProfile, { prefix: '', limit: 1000 }));
    assert.ok(rows.length > 3);
    for (const r of rows) {
      assert.match(r.data.hash, /^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      for (const h of r.data.history) assert.match(h, /^scrypt\$/);
    }
    const stored = JSON.stringify(rows);
    await t.server.close(); // flushes the audit stream
    const dir = join(t.dataDir, 'audit');
    const audit = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    assert.ok(audit.includes('"eventName":"ChangePassword"'), 'ChangePassword was audited');
    assert.ok(audit.includes('"password":"HIDDEN_DUE_TO_SECURITY_REASONS"'));
    assert.ok(audit.includes('"newPassword":"HIDDEN_DUE_TO_SECURITY_REASONS"'));
    assert.ok(audit.includes('"oldPassword":"HIDDEN_DUE_TO_SECURITY_REASONS"'));
    const logs = logLines.join('\n');
    for (const pw of passwords) {
      assert.ok(!stored.includes(pw), `${pw} in the store`);
      assert.ok(!audit.includes(pw), `${pw} in the audit log`);
      assert.ok(!logs.includes(pw), `${pw} in the server log`);
    }
  });
});
