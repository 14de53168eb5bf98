/**
 * Sessions are resolved once and then served from a cache keyed by their token: every request
 * still checks the token's key id and expiry, and any change to identities drops the cache.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { allow, putUser } from '../support/fixtures.js';
import { rejectsWith as rejects, sessionCredentials as creds } from '../support/assert.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('cached session credentials', () => {
  let t: TestServer;
  let clock = Date.parse('2026-11-22T10:00:00Z');
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
  });
  after(async () => {
    await t.close();
  });

  it('expire on time, refuse their token under another key id, and follow changes to the user', async () => {
    const u = await putUser(t, 'cached', { inline: { probe: allow('organizations:DescribeOrganization') } });
    const s = creds(await t.sts(u).send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
    const other = creds(await t.sts(u).send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
    for (let i = 0; i < 3; i++) assert.equal((await t.sts(s).send(new GetCallerIdentityCommand({}))).Arn, u.arn);
    // The cached token presented with another session's key id (signed with that key's secret).
    await rejects(t.sts({ ...other, sessionToken: s.sessionToken! }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
    // Expiry is checked on every request, cached or not.
    clock += 899_000;
    assert.equal((await t.sts(s).send(new GetCallerIdentityCommand({}))).Arn, u.arn);
    clock += 2_000;
    await rejects(t.sts(s).send(new GetCallerIdentityCommand({})), 'ExpiredToken');
    // A change to the user's policies takes effect on the cached session's next request.
    const fresh = creds(await t.sts(u).send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
    for (let i = 0; i < 2; i++) await rejects(t.organizations(fresh).send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    await t.iam().send(new PutUserPolicyCommand({ UserName: 'cached', PolicyName: 'stop', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:*', Resource: '*' }] }) }));
    await rejects(t.organizations(fresh).send(new DescribeOrganizationCommand({})), 'AccessDeniedException', /with an explicit deny in an identity-based policy/);
  });
});
