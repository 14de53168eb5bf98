/**
 * Quotas are AWS's by default and configurable by environment (ROLEGATE_QUOTA_*), read and checked
 * with the rest of the configuration at start: this file starts its server with small ones.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateInstanceProfileCommand, CreateRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { parseConfig } from '../../src/core/config.js';
import { DEFAULT_QUOTAS, quotasFrom } from '../../src/core/quotas.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIVEN_ADMIN_ENV, refusal } from '../support/cli.js';
import { rejectsWith } from '../support/iam-identity.js';
import { type TestServer, startTestServer } from '../support/server.js';

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

describe('role and instance-profile quotas', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer({ env: { ROLEGATE_QUOTA_ROLES_PER_ACCOUNT: '3', ROLEGATE_QUOTA_INSTANCE_PROFILES_PER_ACCOUNT: '2', ROLEGATE_QUOTA_ROLE_TRUST_POLICY_SIZE: '4096' } });
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  it('defaults are AWS\'s; overrides are checked', () => {
    assert.deepEqual(quotasFrom({}), DEFAULT_QUOTAS);
    assert.equal(DEFAULT_QUOTAS.rolesPerAccount, 1000);
    assert.equal(quotasFrom({ ROLEGATE_QUOTA_ROLES_PER_ACCOUNT: '5000' }).rolesPerAccount, 5000);
    assert.throws(() => quotasFrom({ ROLEGATE_QUOTA_ROLE_TRUST_POLICY_SIZE: '9000' }), /ROLEGATE_QUOTA_ROLE_TRUST_POLICY_SIZE must be an integer from 1 to 4096/);
    assert.throws(() => quotasFrom({ ROLEGATE_QUOTA_ROLES_PER_ACCOUNT: 'many' }), /ROLEGATE_QUOTA_ROLES_PER_ACCOUNT/);
  });

  it('RolesPerAccount: LimitExceeded with AWS wording', async () => {
    for (let i = 0; i < 3; i++) await iam.send(new CreateRoleCommand({ RoleName: `r${i}`, AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'r3', AssumeRolePolicyDocument: JSON.stringify(TRUST) })), 'LimitExceeded', 'Cannot exceed quota for RolesPerAccount: 3', 409);
  });

  it('InstanceProfilesPerAccount', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'a' }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'b' }));
    await rejectsWith(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'c' })), 'LimitExceeded', 'Cannot exceed quota for InstanceProfilesPerAccount: 2');
  });

  it('a raised trust policy size (4,096)', async () => {
    const big = JSON.stringify({ ...TRUST, Statement: [{ ...TRUST.Statement[0], Sid: 'x'.repeat(3000) }] });
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'r3', AssumeRolePolicyDocument: big })), 'LimitExceeded', 'Cannot exceed quota for RolesPerAccount: 3');
    const bigger = JSON.stringify({ ...TRUST, Statement: [{ ...TRUST.Statement[0], Sid: 'x'.repeat(4100) }] });
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'r3', AssumeRolePolicyDocument: bigger })), 'LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 4096');
  });

  it('a bad override stops `rolegate serve` at start with its reason (it was a 500 at the first CreateRole)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-quota-'));
    const p = await refusal({ dataDir, env: { ...GIVEN_ADMIN_ENV, ROLEGATE_QUOTA_ROLES_PER_ACCOUNT: 'many' } });
    assert.notEqual(p.code, 'served');
    assert.notEqual(p.code, 0);
    assert.match(p.stderr(), /ROLEGATE_QUOTA_ROLES_PER_ACCOUNT must be an integer from 1 to 5000/);
  });

  it('a misspelt quota name and a bad session key version stop the start too', () => {
    assert.throws(() => parseConfig([], { ROLEGATE_QUOTA_ROLES_PER_ACCOUNTS: '5' }), /ROLEGATE_QUOTA_ROLES_PER_ACCOUNTS is not a quota Rolegate knows/);
    assert.throws(() => parseConfig([], { ROLEGATE_SESSION_KEY_VERSION: 'two' }), /ROLEGATE_SESSION_KEY_VERSION must be an integer from 1 to 255/);
    assert.equal(parseConfig([], { ROLEGATE_QUOTA_ROLES_PER_ACCOUNT: '2000' }).quotas.rolesPerAccount, 2000);
  });
});
