import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DecodeAuthorizationMessageCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { authorizationDetails } from '../../src/access/authorize.js';
import { allow, putUser } from '../support/fixtures.js';
import { rejectsWith as rejects, sessionCredentials as creds } from '../support/assert.js';
import { type TestServer, startTestServer } from '../support/server.js';



describe('STS token actions with the AWS SDK v3', () => {
  let t: TestServer;
  const start = Date.parse('2026-11-22T10:00:00Z');
  let clock = start;
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
  });
  after(async () => {
    await t.close();
  });

  it('GetSessionToken: a user session with the user identity, 12 h by default; not from session credentials', async () => {
    const u = await putUser(t, 'gst', { inline: { probe: allow('organizations:DescribeOrganization') } });
    const r = await t.sts(u).send(new GetSessionTokenCommand({}));
    assert.match(r.Credentials!.AccessKeyId!, /^ASIA/);
    assert.equal(r.Credentials!.Expiration!.getTime(), clock + 43200_000);
    const s = creds(r);
    const who = await t.sts(s).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, u.arn);
    // The session has the user's permissions (the probe passes authorization, then finds no organization).
    await rejects(t.organizations(s).send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    // AWS: no IAM without MFA, and no STS but AssumeRole and GetCallerIdentity.
    await rejects(t.iam(s).send(new ListUsersCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    await rejects(t.sts(s).send(new GetAccessKeyInfoCommand({ AccessKeyId: u.accessKeyId })), 'AccessDenied', 'Cannot call GetAccessKeyInfo with session credentials');
    await rejects(t.sts(s).send(new GetSessionTokenCommand({})), 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
    await rejects(t.sts(u).send(new GetSessionTokenCommand({ DurationSeconds: 129601 })), 'ValidationError', /Member must have value less than or equal to 129600/);
  });

  it('GetFederationToken: the user permissions intersected with the passed policy; none passed, none granted', async () => {
    const u = await putUser(t, 'broker', { inline: { p: allow(['sts:GetFederationToken', 'organizations:DescribeOrganization']) } });
    const plain = await t.sts(u).send(new GetFederationTokenCommand({ Name: 'bob' }));
    assert.equal(plain.FederatedUser!.Arn, `arn:aws:sts::${t.account}:federated-user/bob`);
    assert.equal(plain.FederatedUser!.FederatedUserId, `${t.account}:bob`);
    assert.equal(plain.PackedPolicySize, 0);
    assert.equal((await t.sts(creds(plain)).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${t.account}:federated-user/bob`);
    await rejects(t.organizations(creds(plain)).send(new DescribeOrganizationCommand({})), 'AccessDeniedException', /because no session policy allows the organizations:DescribeOrganization action/);
    const scoped = await t.sts(u).send(new GetFederationTokenCommand({ Name: 'carol', Policy: JSON.stringify(allow('organizations:DescribeOrganization')) }));
    assert.ok(scoped.PackedPolicySize! > 0);
    await rejects(t.organizations(creds(scoped)).send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    // AWS: federated users call no IAM, and no STS but GetCallerIdentity.
    await rejects(t.iam(creds(scoped)).send(new ListUsersCommand({})), 'InvalidClientTokenId');
    await rejects(t.sts(creds(scoped)).send(new GetAccessKeyInfoCommand({ AccessKeyId: u.accessKeyId })), 'AccessDenied', 'Cannot call GetAccessKeyInfo with session credentials');
    // The passed policy cannot grant more than the user has.
    const weak = await putUser(t, 'weak', { inline: { p: allow('sts:GetFederationToken') } });
    const over = await t.sts(weak).send(new GetFederationTokenCommand({ Name: 'dave', Policy: JSON.stringify(allow('*')) }));
    await rejects(t.organizations(creds(over)).send(new DescribeOrganizationCommand({})), 'AccessDeniedException', /because no identity-based policy allows/);
    await rejects(t.sts(creds(over)).send(new GetFederationTokenCommand({ Name: 'eve' })), 'AccessDenied', 'Cannot call GetFederationToken with session credentials');
    const nobody = await putUser(t, 'nobody');
    await rejects(
      t.sts(nobody).send(new GetFederationTokenCommand({ Name: 'frank' })),
      'AccessDenied',
      `User: ${nobody.arn} is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${t.account}:federated-user/frank because no identity-based policy allows the sts:GetFederationToken action`,
    );
  });

  it('GetAccessKeyInfo: the account from the key id alone', async () => {
    const other = await putUser(t, 'elsewhere', { account: '444455556666' });
    const r = await t.sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: other.accessKeyId }));
    assert.equal(r.Account, '444455556666');
    const sess = await t.sts().send(new GetSessionTokenCommand({}));
    assert.equal((await t.sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: sess.Credentials!.AccessKeyId! }))).Account, t.account);
    await rejects(t.sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA0000000000000000' })), 'InvalidParameterValue');
  });

  it('DecodeAuthorizationMessage: decodes our messages only, and only with permission', async () => {
    const details = authorizationDetails(
      { account: t.account, arn: `arn:aws:iam::${t.account}:user/x`, userId: 'AIDAEXAMPLE', type: 'user', accessKeyId: 'AKIA', userName: 'x', principal: { arn: 'a' } },
      'iam:CreateUser',
      `arn:aws:iam::${t.account}:user/y`,
      { 'aws:SourceIp': '127.0.0.1' },
      { decision: 'ImplicitDeny', matched: [], deniedBy: 'identity' },
    );
    const encoded = t.server.services.authzMessages.encode(details);
    const r = await t.sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    const decoded = JSON.parse(r.DecodedMessage!) as typeof details;
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.explicitDeny, false);
    assert.equal(decoded.context.action, 'iam:CreateUser');
    assert.deepEqual(decoded.context.conditions.items[0], { key: 'aws:SourceIp', values: { items: [{ value: '127.0.0.1' }] } });
    await rejects(t.sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })), 'InvalidAuthorizationMessageException');
    await rejects(t.sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded.slice(0, -4) + 'AAAA' })), 'InvalidAuthorizationMessageException');
    const nobody = await putUser(t, 'no-decode');
    await rejects(t.sts(nobody).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })), 'AccessDenied');
  });

  // Sessions are served from a cache keyed by their token once resolved: every request still
  // checks the key id and expiry, and any change to identities drops the cache.
  it('cached sessions expire on time, refuse their token under another key id, and follow policy changes', async () => {
    try {
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
    } finally {
      clock = start;
    }
  });
});
