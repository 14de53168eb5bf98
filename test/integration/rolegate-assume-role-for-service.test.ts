/**
 * rolegate:AssumeRoleForService: a service beside Rolegate obtains a role's credentials as AWS's
 * services do — the service principal is who the trust policy must allow, with aws:SourceArn and
 * aws:SourceAccount set — so a trust policy's confused-deputy conditions work as AWS documents
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html): the right account
 * passes, another account is denied.
 * Set-up through the IAM API (SDK v3); the call through the signed rolegate client; the issued
 * credentials used with SDK v3's STS client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, type IAMClient, ListRolesCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { type RolegateClient, rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';

describe('rolegate AssumeRoleForService (confused-deputy conditions in trust policies)', () => {
  let t: TestServer;
  let iam: IAMClient;
  let roleArn: string;
  let service: RolegateClient;
  let functionArn: string;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    functionArn = `arn:aws:lambda:us-east-1:${t.account}:function:resize`;
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': t.account }, ArnLike: { 'aws:SourceArn': `arn:aws:lambda:*:${t.account}:function:*` } },
        },
      ],
    };
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'fn-exec', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
    service = rolegateClient(t, await user('lambda-service', [{ Effect: 'Allow', Action: 'rolegate:AssumeRoleForService', Resource: roleArn }]));
  });
  after(async () => {
    await t.close();
  });

  async function user(name: string, statements: object[]): Promise<Credentials> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  }
  const denied = (principal: string) => ({ __type: 'AccessDeniedException', Message: `User: ${principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` });

  it('the right source account and ARN: credentials of a session of the role', async () => {
    const r = await service.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize', SourceArn: functionArn, SourceAccount: t.account });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const c = r.json.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: number };
    assert.match(c.AccessKeyId, /^ASIA/);
    assert.equal(typeof c.Expiration, 'number');
    assert.deepEqual((r.json.AssumedRoleUser as { Arn: string }).Arn, `arn:aws:sts::${t.account}:assumed-role/fn-exec/resize`);
    const me = await t.sts({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${t.account}:assumed-role/fn-exec/resize`);
    // SourceAccount left out: it is the source ARN's account, as AWS's services set it.
    const derived = await service.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize', SourceArn: functionArn });
    assert.equal(derived.status, 200, JSON.stringify(derived.json));
  });

  it('another account (the confused deputy) is denied; so is no source, and another service', async () => {
    const other = await service.send('AssumeRoleForService', {
      RoleArn: roleArn,
      ServicePrincipal: 'lambda.amazonaws.com',
      RoleSessionName: 'resize',
      SourceArn: 'arn:aws:lambda:us-east-1:999999999999:function:resize',
      SourceAccount: '999999999999',
    });
    assert.equal(other.status, 400);
    assert.deepEqual(other.json, denied('lambda.amazonaws.com'));
    const mixed = await service.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize', SourceArn: functionArn, SourceAccount: '999999999999' });
    assert.deepEqual(mixed.json, denied('lambda.amazonaws.com'));
    const none = await service.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize' });
    assert.deepEqual(none.json, denied('lambda.amazonaws.com'));
    const ec2 = await service.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'ec2.amazonaws.com', RoleSessionName: 'resize', SourceArn: functionArn });
    assert.deepEqual(ec2.json, denied('ec2.amazonaws.com'));
    const ghost = await service.send('AssumeRoleForService', { RoleArn: `arn:aws:iam::${t.account}:role/ghost`, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize', SourceArn: functionArn });
    assert.equal(ghost.json.__type, 'AccessDeniedException');
  });

  it('the call itself is authorized: rolegate:AssumeRoleForService on the role', async () => {
    const stranger = rolegateClient(t, await user('stranger', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]));
    const r = await stranger.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize', SourceArn: functionArn });
    assert.equal(r.json.__type, 'AccessDeniedException');
    assert.match(String(r.json.Message), /is not authorized to perform: rolegate:AssumeRoleForService on resource: arn:aws:iam::\d{12}:role\/fn-exec/);
  });

  it('GetFederationToken credentials cannot call it: they may call no STS operation but GetCallerIdentity, so no AssumeRole in another guise', async () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
    const creds = await user('federator', [{ Effect: 'Allow', Action: ['sts:GetFederationToken', 'rolegate:AssumeRoleForService'], Resource: '*' }]);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const fed = (await t.sts(creds).send(new GetFederationTokenCommand({ Name: 'fed', Policy: policy }))).Credentials!;
    const session = rolegateClient(t, { accessKeyId: fed.AccessKeyId!, secretAccessKey: fed.SecretAccessKey!, sessionToken: fed.SessionToken! });
    const r = await session.send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize', SourceArn: functionArn });
    assert.equal(r.status, 400, JSON.stringify(r.json));
    assert.deepEqual(r.json, { __type: 'AccessDeniedException', Message: 'Cannot call AssumeRoleForService with session credentials' });
    // The user's own credentials still may.
    assert.equal((await rolegateClient(t, creds).send('AssumeRoleForService', { RoleArn: roleArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'resize', SourceArn: functionArn })).status, 200);
  });
  it('a role session (role chaining) is capped at one hour and its source identity carries over', async () => {
    // A role whose sessions may call AssumeRoleForService; assumed with a source identity.
    const trustAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.account}:root` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] };
    const deputyArn = (await iam.send(new CreateRoleCommand({ RoleName: 'deputy', MaxSessionDuration: 43200, AssumeRolePolicyDocument: JSON.stringify(trustAccount) }))).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'deputy', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['rolegate:AssumeRoleForService', 'sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: '*' }] }) }));
    const long = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const longArn = (await iam.send(new CreateRoleCommand({ RoleName: 'fn-long', MaxSessionDuration: 43200, AssumeRolePolicyDocument: JSON.stringify(long) }))).Role!.Arn!;
    const assumer = await user('assumer', [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: deputyArn }]);
    const d = (await t.sts(assumer).send(new AssumeRoleCommand({ RoleArn: deputyArn, RoleSessionName: 'dep', SourceIdentity: 'alice' }))).Credentials!;
    const deputy = rolegateClient(t, { accessKeyId: d.AccessKeyId!, secretAccessKey: d.SecretAccessKey!, sessionToken: d.SessionToken! });
    const tooLong = await deputy.send('AssumeRoleForService', { RoleArn: longArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'xx', DurationSeconds: 7200 });
    assert.equal(tooLong.status, 400, JSON.stringify(tooLong.json));
    assert.match(String(tooLong.json.Message), /1 hour session limit for roles assumed by role chaining/);
    const ok = await deputy.send('AssumeRoleForService', { RoleArn: longArn, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'xx' });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const c = ok.json.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    // The issued session carries "alice": setting another source identity from it is refused.
    const fn = t.sts({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'fn-long', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: deputyArn }] }) }));
    await assert.rejects(fn.send(new AssumeRoleCommand({ RoleArn: deputyArn, RoleSessionName: 'yy', SourceIdentity: 'mallory' })), /not authorized to perform: sts:SetSourceIdentity/);
    const same = await fn.send(new AssumeRoleCommand({ RoleArn: deputyArn, RoleSessionName: 'yy', SourceIdentity: 'alice' }));
    assert.equal(same.SourceIdentity, 'alice');
  });

  it('a role session\'s transitive session tags carry over, as sts:AssumeRole carries them through role chaining', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
    const trustAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.account}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    const taggerArn = (await iam.send(new CreateRoleCommand({ RoleName: 'tagger', AssumeRolePolicyDocument: JSON.stringify(trustAccount) }))).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'tagger', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rolegate:AssumeRoleForService', Resource: '*' }] }) }));
    const fnTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'fn-tags', AssumeRolePolicyDocument: JSON.stringify(fnTrust) }));
    // The issued session may read roles only while it carries team=blue; list them only with cost=42.
    const fnPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
        { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/cost': '42' } } },
        { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: taggerArn },
      ],
    };
    await iam.send(new PutRolePolicyCommand({ RoleName: 'fn-tags', PolicyName: 'p', PolicyDocument: JSON.stringify(fnPolicy) }));
    const assumer = await user('tag-assumer', [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: taggerArn }]);
    const tags = [{ Key: 'team', Value: 'blue' }, { Key: 'cost', Value: '42' }];
    const d = (await t.sts(assumer).send(new AssumeRoleCommand({ RoleArn: taggerArn, RoleSessionName: 'dep', Tags: tags, TransitiveTagKeys: ['team'] }))).Credentials!;
    const deputy = rolegateClient(t, { accessKeyId: d.AccessKeyId!, secretAccessKey: d.SecretAccessKey!, sessionToken: d.SessionToken! });
    const r = await deputy.send('AssumeRoleForService', { RoleArn: `arn:aws:iam::${t.account}:role/fn-tags`, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'fn' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const c = r.json.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const creds = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    // The transitive tag is the new session's principal tag; the other one is not carried.
    assert.equal((await t.iam(creds).send(new GetRoleCommand({ RoleName: 'fn-tags' }))).Role?.RoleName, 'fn-tags');
    await assert.rejects(t.iam(creds).send(new ListRolesCommand({})), /not authorized to perform: iam:ListRoles/);
    // And it stays transitive: chaining on from the new session cannot set it anew.
    await assert.rejects(
      t.sts(creds).send(new AssumeRoleCommand({ RoleArn: taggerArn, RoleSessionName: 'again', Tags: [{ Key: 'team', Value: 'red' }] })),
      /conflicts with a transitive tag key from the calling session/,
    );
  });
});
