/**
 * GetFederationToken with session tags needs sts:TagSession, as AssumeRole does: the tags become
 * the federated user's aws:PrincipalTag/… (overriding the user's own tags of the same key).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { allow, putUser } from '../support/fixtures.js';
import { rejectsWith as rejects, sessionCredentials as creds } from '../support/assert.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('sts:GetFederationToken session tags', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });
  const TAGS = [{ Key: 'team', Value: 'blue' }];
  const fed = (name: string) => `arn:aws:sts::${t.account}:federated-user/${name}`;

  it('without sts:TagSession, passing tags is AccessDenied; without tags the call works', async () => {
    const u = await putUser(t, 'broker', { tags: { team: 'red' }, inline: { p: allow('sts:GetFederationToken') } });
    await rejects(
      t.sts(u).send(new GetFederationTokenCommand({ Name: 'bob', Tags: TAGS })),
      'AccessDenied',
      `User: ${u.arn} is not authorized to perform: sts:TagSession on resource: ${fed('bob')} because no identity-based policy allows the sts:TagSession action`,
    );
    const plain = await t.sts(u).send(new GetFederationTokenCommand({ Name: 'bob' }));
    assert.equal((await t.sts(creds(plain)).send(new GetCallerIdentityCommand({}))).Arn, fed('bob'));
  });

  it("the session tags override the user's own in aws:PrincipalTag/…, keys matched ignoring case", async () => {
    const blueOnly = allow('organizations:DescribeOrganization', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } });
    const u = await putUser(t, 'red-broker', { tags: { Team: 'red' }, inline: { p: allow(['sts:GetFederationToken', 'sts:TagSession']), o: blueOnly } });
    const session = JSON.stringify(allow('organizations:DescribeOrganization'));
    const describe = (r: Parameters<typeof creds>[0]) => t.organizations(creds(r)).send(new DescribeOrganizationCommand({}));
    // The user's own tag (red) decides without session tags; the session's (blue) replaces it.
    const own = await t.sts(u).send(new GetFederationTokenCommand({ Name: 'own', Policy: session }));
    await rejects(describe(own), 'AccessDeniedException', /because no identity-based policy allows the organizations:DescribeOrganization action/);
    const tagged = await t.sts(u).send(new GetFederationTokenCommand({ Name: 'tagged', Policy: session, Tags: TAGS }));
    await rejects(describe(tagged), 'AWSOrganizationsNotInUseException');
  });

  it('an explicit deny of sts:TagSession wins over an allow', async () => {
    const u = await putUser(t, 'denied-broker', {
      inline: { p: allow(['sts:GetFederationToken', 'sts:TagSession']), d: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:TagSession', Resource: '*' }] } },
    });
    await rejects(t.sts(u).send(new GetFederationTokenCommand({ Name: 'bob', Tags: TAGS })), 'AccessDenied', /perform: sts:TagSession on resource: .+ with an explicit deny in an identity-based policy$/);
  });

  it('with sts:TagSession allowed the tags are taken; its conditions see aws:RequestTag/… and aws:TagKeys', async () => {
    const u = await putUser(t, 'tagger', {
      inline: {
        p: allow('sts:GetFederationToken'),
        t: allow('sts:TagSession', '*', { Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } }),
      },
    });
    const r = await t.sts(u).send(new GetFederationTokenCommand({ Name: 'carol', Tags: TAGS }));
    assert.equal((await t.sts(creds(r)).send(new GetCallerIdentityCommand({}))).Arn, fed('carol'));
    assert.ok(r.PackedPolicySize! > 0);
    await rejects(t.sts(u).send(new GetFederationTokenCommand({ Name: 'carol', Tags: [{ Key: 'team', Value: 'red' }] })), 'AccessDenied', /sts:TagSession/);
    await rejects(t.sts(u).send(new GetFederationTokenCommand({ Name: 'carol', Tags: [...TAGS, { Key: 'admin', Value: 'blue' }] })), 'AccessDenied', /sts:TagSession/);
  });
});
