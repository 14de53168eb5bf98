/** Virtual MFA devices and MFA-authenticated sessions (aws:MultiFactorAuthPresent / Age), end to end. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateVirtualMFADeviceCommand, DeactivateMFADeviceCommand, DeleteVirtualMFADeviceCommand, EnableMFADeviceCommand,
  ListMFADevicesCommand, ListUsersCommand, ListVirtualMFADevicesCommand, ResyncMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hotp, stepAt } from '../../src/credentials/totp.js';
import { seedOf } from '../support/totp.js';
import { allow, putRole, putUser, trustPrincipal } from '../support/fixtures.js';
import { rejectsWith, sessionCredentials } from '../support/assert.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('MFA with the AWS SDK v3', () => {
  let t: TestServer;
  let clock = Date.parse('2026-11-22T10:00:00Z');
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
  });
  after(async () => {
    await t.close();
  });
  const code = (seed: Buffer, offset = 0): string => hotp(seed, stepAt(clock) + offset);
  let firstSeed = '';

  it('creates, enables, lists, resyncs, deactivates and deletes a virtual MFA device', async () => {
    await putUser(t, 'mfa-admin');
    const created = await t.iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone', Path: '/mfa/' }));
    const dev = created.VirtualMFADevice!;
    assert.equal(dev.SerialNumber, `arn:aws:iam::${t.account}:mfa/mfa/phone`);
    assert.match(Buffer.from(dev.Base32StringSeed!).toString('ascii'), /^[A-Z2-7]{32}$/);
    assert.deepEqual([...Buffer.from(dev.QRCodePNG!).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    await rejectsWith(t.iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone', Path: '/mfa/' })), 'EntityAlreadyExistsException');
    const seed = seedOf(dev.Base32StringSeed!);
    firstSeed = Buffer.from(dev.Base32StringSeed!).toString('ascii');
    await rejectsWith(
      t.iam().send(new EnableMFADeviceCommand({ UserName: 'mfa-admin', SerialNumber: dev.SerialNumber, AuthenticationCode1: code(seed), AuthenticationCode2: code(seed) })),
      'InvalidAuthenticationCodeException',
      'Authentication code for device is not valid.',
    );
    await t.iam().send(new EnableMFADeviceCommand({ UserName: 'mfa-admin', SerialNumber: dev.SerialNumber, AuthenticationCode1: code(seed, -1), AuthenticationCode2: code(seed) }));
    const listed = await t.iam().send(new ListMFADevicesCommand({ UserName: 'mfa-admin' }));
    assert.equal(listed.MFADevices?.[0]?.SerialNumber, dev.SerialNumber);
    const assigned = await t.iam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    assert.equal(assigned.VirtualMFADevices?.[0]?.User?.UserName, 'mfa-admin');
    assert.equal((await t.iam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices?.length, 0);
    await rejectsWith(t.iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: dev.SerialNumber })), 'DeleteConflictException', 'MFA Device is still in use.');
    clock += 600_000; // drifted: resync finds the codes within a wide window
    await t.iam().send(new ResyncMFADeviceCommand({ UserName: 'mfa-admin', SerialNumber: dev.SerialNumber, AuthenticationCode1: code(seed, 10), AuthenticationCode2: code(seed, 11) }));
    await t.iam().send(new DeactivateMFADeviceCommand({ UserName: 'mfa-admin', SerialNumber: dev.SerialNumber }));
    await t.iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: dev.SerialNumber }));
    await rejectsWith(t.iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: dev.SerialNumber })), 'NoSuchEntityException');
  });

  it('MFA is verified for GetSessionToken and AssumeRole and reflected in the condition keys', async () => {
    const u = await putUser(t, 'mfa-user', { inline: { probe: allow(['iam:ListUsers', 'iam:GetUser'], '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) } });
    const dev = (await t.iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-user-phone' }))).VirtualMFADevice!;
    const seed = seedOf(dev.Base32StringSeed!);
    await t.iam().send(new EnableMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: dev.SerialNumber, AuthenticationCode1: code(seed, -1), AuthenticationCode2: code(seed) }));
    clock += 30_000;
    // A wrong code, a device of someone else, and a code without its device all fail.
    await rejectsWith(t.sts(u).send(new GetSessionTokenCommand({ SerialNumber: dev.SerialNumber, TokenCode: code(seed, 5) })), 'AccessDenied', /invalid MFA one time pass code/);
    await rejectsWith(t.sts().send(new GetSessionTokenCommand({ SerialNumber: dev.SerialNumber, TokenCode: code(seed) })), 'AccessDenied', /unable to validate MFA code/);
    const withMfa = sessionCredentials(await t.sts(u).send(new GetSessionTokenCommand({ SerialNumber: dev.SerialNumber, TokenCode: code(seed) })));
    // The same code twice is a replay.
    await rejectsWith(t.sts(u).send(new GetSessionTokenCommand({ SerialNumber: dev.SerialNumber, TokenCode: code(seed) })), 'AccessDenied', /invalid MFA one time pass code/);
    // With MFA the session may call IAM, and the MFA condition holds; without, IAM refuses it.
    assert.ok((await t.iam(withMfa).send(new ListUsersCommand({}))).Users);
    await rejectsWith(t.iam(u).send(new ListUsersCommand({})), 'AccessDenied', /because no identity-based policy allows the iam:ListUsers action/);
    const without = sessionCredentials(await t.sts(u).send(new GetSessionTokenCommand({})));
    await rejectsWith(t.iam(without).send(new ListUsersCommand({})), 'InvalidClientTokenId');

    const role = await putRole(t, 'needs-mfa', trustPrincipal(u.arn, 'sts:AssumeRole', {
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } },
    }));
    await rejectsWith(t.sts(u).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'nomfa' })), 'AccessDenied');
    clock += 30_000;
    const r = await t.sts(u).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'withmfa', SerialNumber: dev.SerialNumber, TokenCode: code(seed) }));
    assert.ok(r.Credentials?.SessionToken);
  });

  it('keeps MFA seeds and codes out of the audit log', async () => {
    await t.server.close(); // flushes the audit stream
    const dir = join(t.dataDir, 'audit');
    const log = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    assert.ok(log.includes('"eventName":"EnableMFADevice"'));
    assert.ok(log.includes('"authenticationCode1":"HIDDEN_DUE_TO_SECURITY_REASONS"'));
    assert.ok(!log.includes(firstSeed), 'an MFA seed reached the audit log');
    assert.ok(!log.includes(Buffer.from(firstSeed, 'ascii').toString('base64')), 'an MFA seed reached the audit log');
  });
});
