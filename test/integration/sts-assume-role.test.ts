import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreatePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { allow, putRole, putRolePolicy, putUser, trustAccount, trustPrincipal } from '../support/fixtures.js';
import { rejectsWith as rejects, sessionCredentials as creds } from '../support/assert.js';

const OTHER = '222222222222';



describe('sts:AssumeRole with the AWS SDK v3', () => {
  let t: TestServer;
  let clock = Date.parse('2026-11-22T10:00:00Z');
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
  });
  after(async () => {
    await t.close();
  });
  const assume = (c: Credentials, input: AssumeRoleCommandInput) => t.sts(c).send(new AssumeRoleCommand(input));

  it('same account: a trust policy naming the user suffices; the session calls as the role', async () => {
    const dev = await putUser(t, 'dev1');
    const role = await putRole(t, 'named', trustPrincipal(dev.arn), { path: '/app/' });
    const r = await assume(dev, { RoleArn: role.arn, RoleSessionName: 'alice' });
    assert.match(r.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(r.Credentials!.SecretAccessKey!.length, 40);
    assert.equal(r.AssumedRoleUser!.Arn, `arn:aws:sts::${t.account}:assumed-role/named/alice`);
    assert.equal(r.AssumedRoleUser!.AssumedRoleId, `${role.id}:alice`);
    assert.equal(r.Credentials!.Expiration!.getTime(), clock + 3600_000);
    assert.equal(r.PackedPolicySize, undefined);
    const who = await t.sts(creds(r)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${t.account}:assumed-role/named/alice`);
    assert.equal(who.UserId, `${role.id}:alice`);
    assert.equal(who.Account, t.account);
  });

  it('a trust policy naming only the account also needs an identity allow', async () => {
    const plain = await putUser(t, 'dev2');
    const role = await putRole(t, 'acct-trust', trustAccount(t.account));
    const denied = `User: ${plain.arn} is not authorized to perform: sts:AssumeRole on resource: ${role.arn}`;
    await rejects(assume(plain, { RoleArn: role.arn, RoleSessionName: 's1' }), 'AccessDenied', denied);
    const allowed = await putUser(t, 'dev3', { inline: { assume: allow('sts:AssumeRole', role.arn) } });
    const r = await assume(allowed, { RoleArn: role.arn, RoleSessionName: 's1' });
    assert.ok(r.Credentials?.SessionToken);
  });

  it('a missing role gives the same AccessDenied as a denying trust policy', async () => {
    const u = await putUser(t, 'dev4', { inline: { all: allow('sts:AssumeRole') } });
    const arn = `arn:aws:iam::${t.account}:role/does-not-exist`;
    await rejects(assume(u, { RoleArn: arn, RoleSessionName: 's0' }), 'AccessDenied', `User: ${u.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
  });

  it('ExternalId conditions are checked (confused deputy)', async () => {
    const u = await putUser(t, 'deputy');
    const role = await putRole(t, 'third-party', trustPrincipal(u.arn, 'sts:AssumeRole', { Condition: { StringEquals: { 'sts:ExternalId': 'secret-123' } } }));
    await rejects(assume(u, { RoleArn: role.arn, RoleSessionName: 's0' }), 'AccessDenied');
    await rejects(assume(u, { RoleArn: role.arn, RoleSessionName: 's0', ExternalId: 'wrong-1' }), 'AccessDenied');
    const r = await assume(u, { RoleArn: role.arn, RoleSessionName: 's0', ExternalId: 'secret-123' });
    assert.ok(r.Credentials);
  });

  it('validates RoleArn, RoleSessionName and DurationSeconds with AWS messages', async () => {
    const u = await putUser(t, 'dev5');
    const role = await putRole(t, 'durations', trustPrincipal(u.arn), { maxSessionDuration: 7200 });
    await rejects(assume(u, { RoleArn: 'nothing-valid-in-here-xx', RoleSessionName: 's1' }), 'ValidationError', 'nothing-valid-in-here-xx is invalid');
    await rejects(
      assume(u, { RoleArn: role.arn, RoleSessionName: 'Session1:2' }),
      'ValidationError',
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    await rejects(
      assume(u, { RoleArn: role.arn, RoleSessionName: 's'.repeat(65) }),
      'ValidationError',
      `1 validation error detected: Value '${'s'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    await rejects(assume(u, { RoleArn: role.arn, RoleSessionName: 's1', DurationSeconds: 899 }), 'ValidationError', /Member must have value greater than or equal to 900/);
    await rejects(assume(u, { RoleArn: role.arn, RoleSessionName: 's1', DurationSeconds: 7201 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const r = await assume(u, { RoleArn: role.arn, RoleSessionName: 's1', DurationSeconds: 7200 });
    assert.equal(r.Credentials!.Expiration!.getTime(), clock + 7200_000);
  });

  it('role chaining is capped at one hour', async () => {
    const u = await putUser(t, 'chainer');
    const first = await putRole(t, 'first', trustPrincipal(u.arn), { maxSessionDuration: 43200, inline: { next: allow('sts:AssumeRole') } });
    const second = await putRole(t, 'second', trustAccount(t.account), { maxSessionDuration: 43200 });
    const s1 = creds(await assume(u, { RoleArn: first.arn, RoleSessionName: 'one' }));
    await rejects(
      assume(s1, { RoleArn: second.arn, RoleSessionName: 'two', DurationSeconds: 3601 }),
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    const s2 = await assume(s1, { RoleArn: second.arn, RoleSessionName: 'two' });
    assert.equal(s2.AssumedRoleUser!.Arn, `arn:aws:sts::${t.account}:assumed-role/second/two`);
  });

  it('session policies intersect with the role: a chained call outside them is denied', async () => {
    const u = await putUser(t, 'scoped');
    const a = await putRole(t, 'broad', trustPrincipal(u.arn), { inline: { all: allow('*') } });
    const b = await putRole(t, 'target', trustAccount(t.account));
    const narrow = await assume(u, { RoleArn: a.arn, RoleSessionName: 'narrow', Policy: JSON.stringify(allow('iam:GetUser')) });
    assert.equal(typeof narrow.PackedPolicySize, 'number');
    assert.ok(narrow.PackedPolicySize! > 0 && narrow.PackedPolicySize! <= 100);
    await rejects(assume(creds(narrow), { RoleArn: b.arn, RoleSessionName: 'x0' }), 'AccessDenied');
    const wide = await assume(u, { RoleArn: a.arn, RoleSessionName: 'wide', Policy: JSON.stringify(allow('sts:AssumeRole')) });
    assert.ok((await assume(creds(wide), { RoleArn: b.arn, RoleSessionName: 'x0' })).Credentials);
    await rejects(assume(u, { RoleArn: a.arn, RoleSessionName: 'bad', Policy: '{"Version":"2012-10-17"}' }), 'MalformedPolicyDocumentException');
  });

  it('managed session policies (PolicyArns) intersect too; more than 10 are refused', async () => {
    const u = await putUser(t, 'arns');
    const a = await putRole(t, 'arns-broad', trustPrincipal(u.arn), { inline: { all: allow('*') } });
    const b = await putRole(t, 'arns-target', trustAccount(t.account));
    const iam = t.iam();
    const assumeOnly = (await iam.send(new CreatePolicyCommand({ PolicyName: 'session-assume', PolicyDocument: JSON.stringify(allow('sts:AssumeRole')) }))).Policy!.Arn!;
    const getOnly = (await iam.send(new CreatePolicyCommand({ PolicyName: 'session-get', PolicyDocument: JSON.stringify(allow('iam:GetUser')) }))).Policy!.Arn!;
    const ok = await assume(u, { RoleArn: a.arn, RoleSessionName: 'arns-ok', PolicyArns: [{ arn: assumeOnly }] });
    assert.ok(ok.PackedPolicySize! > 0);
    assert.ok((await assume(creds(ok), { RoleArn: b.arn, RoleSessionName: 'x0' })).Credentials);
    const narrow = await assume(u, { RoleArn: a.arn, RoleSessionName: 'arns-no', PolicyArns: [{ arn: getOnly }, { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] });
    await rejects(assume(creds(narrow), { RoleArn: b.arn, RoleSessionName: 'x0' }), 'AccessDenied');
    const eleven = Array.from({ length: 11 }, () => ({ arn: getOnly }));
    await rejects(assume(u, { RoleArn: a.arn, RoleSessionName: 'arns-11', PolicyArns: eleven }), 'ValidationError', /Member must have length less than or equal to 10/);
  });

  it('session tags need sts:TagSession in the trust policy; AWS rules on keys', async () => {
    const u = await putUser(t, 'tagger');
    const noTag = await putRole(t, 'no-tags', trustPrincipal(u.arn));
    const tags = [{ Key: 'team', Value: 'blue' }];
    await rejects(assume(u, { RoleArn: noTag.arn, RoleSessionName: 's0', Tags: tags }), 'AccessDenied', `User: ${u.arn} is not authorized to perform: sts:TagSession on resource: ${noTag.arn}`);
    const tagRole = await putRole(t, 'tags-ok', trustPrincipal(u.arn, ['sts:AssumeRole', 'sts:TagSession']), {
      inline: { byTag: allow('sts:AssumeRole', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }) },
    });
    await rejects(
      assume(u, { RoleArn: tagRole.arn, RoleSessionName: 's0', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] }),
      'InvalidParameterValue',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    await rejects(
      assume(u, { RoleArn: tagRole.arn, RoleSessionName: 's0', Tags: tags, TransitiveTagKeys: ['other'] }),
      'InvalidParameterValue',
      'The specified transitive tag key must be included in the requested tags.',
    );
    // The session tag becomes aws:PrincipalTag/team for the session's own requests (ABAC).
    const target = await putRole(t, 'abac-target', trustAccount(t.account, {}, ['sts:AssumeRole', 'sts:TagSession']));
    const blue = creds(await assume(u, { RoleArn: tagRole.arn, RoleSessionName: 'blue', Tags: tags, TransitiveTagKeys: ['team'] }));
    assert.ok((await assume(blue, { RoleArn: target.arn, RoleSessionName: 'chained' })).Credentials);
    const red = creds(await assume(u, { RoleArn: tagRole.arn, RoleSessionName: 'red', Tags: [{ Key: 'team', Value: 'red' }] }));
    await rejects(assume(red, { RoleArn: target.arn, RoleSessionName: 'chained' }), 'AccessDenied');
    // Transitive tags cannot be overridden further down the chain.
    await rejects(
      assume(blue, { RoleArn: target.arn, RoleSessionName: 'override', Tags: [{ Key: 'TEAM', Value: 'red' }] }),
      'InvalidParameterValue',
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    );
  });

  it('a session whose token could not be sent back is PackedPolicyTooLarge; the largest that fits works', async () => {
    const u = await putUser(t, 'big-tagger');
    const role = await putRole(t, 'big-tags', trustPrincipal(u.arn, ['sts:AssumeRole', 'sts:TagSession']));
    // 50 tags of AWS's longest keys and values in CJK text: compressible (so within the packed
    // budget), but ~60 KB of UTF-8 that no request header could carry.
    const huge = Array.from({ length: 50 }, (_, i) => ({ Key: `${i}`.padStart(3, '0') + '鍵'.repeat(125), Value: '値'.repeat(256) }));
    const e = await assume(u, { RoleArn: role.arn, RoleSessionName: 'big', Tags: huge }).then(
      () => undefined,
      (err: unknown) => err as { name: string; message: string; $metadata: { httpStatusCode?: number } },
    );
    assert.equal(e?.name, 'PackedPolicyTooLargeException'); // the SDK's name for the PackedPolicyTooLarge code
    assert.match(e.message, /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/);
    assert.equal(e.$metadata.httpStatusCode, 400);
    // Ten long ASCII tags fit, and the session's token works.
    const ok = creds(await assume(u, { RoleArn: role.arn, RoleSessionName: 'big', Tags: Array.from({ length: 10 }, (_, i) => ({ Key: `k${i}`, Value: 'v'.repeat(256) })) }));
    assert.equal((await t.sts(ok).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${t.account}:assumed-role/big-tags/big`);
  });

  it('source identity needs sts:SetSourceIdentity and persists through chaining', async () => {
    const u = await putUser(t, 'sourcer');
    const plain = await putRole(t, 'si-plain', trustPrincipal(u.arn));
    await rejects(assume(u, { RoleArn: plain.arn, RoleSessionName: 's0', SourceIdentity: 'alice' }), 'AccessDenied', /sts:SetSourceIdentity/);
    const si = await putRole(t, 'si-ok', trustPrincipal(u.arn, ['sts:AssumeRole', 'sts:SetSourceIdentity']), { inline: { next: allow('sts:AssumeRole') } });
    const next = await putRole(t, 'si-next', trustAccount(t.account, {}, ['sts:AssumeRole', 'sts:SetSourceIdentity']));
    const r = await assume(u, { RoleArn: si.arn, RoleSessionName: 's0', SourceIdentity: 'alice' });
    assert.equal(r.SourceIdentity, 'alice');
    const chained = await assume(creds(r), { RoleArn: next.arn, RoleSessionName: 'c0' });
    assert.equal(chained.SourceIdentity, 'alice');
    await rejects(assume(creds(r), { RoleArn: next.arn, RoleSessionName: 'c0', SourceIdentity: 'mallory' }), 'AccessDenied');
  });

  it('tampered tokens are invalid; expired ones are expired', async () => {
    const u = await putUser(t, 'expirer');
    const role = await putRole(t, 'short', trustPrincipal(u.arn));
    const c = creds(await assume(u, { RoleArn: role.arn, RoleSessionName: 's0', DurationSeconds: 900 }));
    const tok = c.sessionToken!;
    const flipped = tok.slice(0, 40) + (tok[40] === 'A' ? 'B' : 'A') + tok.slice(41);
    const invalid = 'The security token included in the request is invalid.';
    await rejects(t.sts({ ...c, sessionToken: flipped }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', invalid);
    await rejects(t.sts({ ...c, sessionToken: tok.slice(0, tok.length - 10) }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', invalid);
    const other = creds(await assume(u, { RoleArn: role.arn, RoleSessionName: 't0' }));
    await rejects(t.sts({ ...c, sessionToken: other.sessionToken! }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', invalid);
    clock += 901_000;
    try {
      await rejects(t.sts(c).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 'The security token included in the request is expired');
    } finally {
      clock -= 901_000;
    }
  });

  it('revocation: a deny on aws:TokenIssueTime takes effect on the very next request', async () => {
    const u = await putUser(t, 'revoked');
    const role = await putRole(t, 'revocable', trustPrincipal(u.arn), { inline: { next: allow('sts:AssumeRole') } });
    const target = await putRole(t, 'revocable-target', trustAccount(t.account));
    const s = creds(await assume(u, { RoleArn: role.arn, RoleSessionName: 's0' }));
    assert.ok((await assume(s, { RoleArn: target.arn, RoleSessionName: 'x0' })).Credentials);
    clock += 1000;
    await putRolePolicy(t, 'revocable', 'AWSRevokeOlderSessions', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date(clock).toISOString() } } }],
    });
    await rejects(assume(s, { RoleArn: target.arn, RoleSessionName: 'x0' }), 'AccessDenied');
    const fresh = creds(await assume(u, { RoleArn: role.arn, RoleSessionName: 'fresh' }));
    assert.ok((await assume(fresh, { RoleArn: target.arn, RoleSessionName: 'x0' })).Credentials);
  });

  it('cross-account: both the trust policy and the caller account must allow; the session lives in the role account', async () => {
    const role = await putRole(t, 'cross', trustAccount(t.account), { account: OTHER });
    const without = await putUser(t, 'x-no');
    await rejects(assume(without, { RoleArn: role.arn, RoleSessionName: 's0' }), 'AccessDenied');
    const withAllow = await putUser(t, 'x-yes', { inline: { a: allow('sts:AssumeRole', role.arn) } });
    const r = await assume(withAllow, { RoleArn: role.arn, RoleSessionName: 's0' });
    assert.equal(r.AssumedRoleUser!.Arn, `arn:aws:sts::${OTHER}:assumed-role/cross/s0`);
    const who = await t.sts(creds(r)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, OTHER);
    const strangerRole = await putRole(t, 'no-trust', trustAccount('333333333333'), { account: OTHER });
    await rejects(assume(withAllow, { RoleArn: strangerRole.arn, RoleSessionName: 's0' }), 'AccessDenied');
  });
});
