import { after, before, describe, it } from 'node:test';
import { AttachRolePolicyCommand, CreateRoleCommand, GetPolicyCommand, CreateServiceLinkedRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { rolegateClient } from '../support/rolegate-client.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('probe', () => {
  let t: TestServer;
  before(async () => { t = await startTestServer(); });
  after(async () => t.close());
  const show = async (what: string, p: Promise<unknown>) => { try { const r = await p; console.log(what, 'OK', JSON.stringify(r).slice(0, 160)); } catch (e) { console.log(what, (e as Error).name, (e as Error).message.slice(0, 120), (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode); } };
  it('keys', async () => {
    await t.iam().send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
    await t.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const longRole = `arn:aws:iam::${t.account}:role/${'p/'.repeat(700)}r1`;
    const longName = `arn:aws:iam::${t.account}:role/${'€'.repeat(600)}`;
    for (const a of [longRole, longName]) {
      const r = await rolegateClient(t).send('AssumeRoleForService', { RoleArn: a, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'xx' });
      console.log('ARFS', r.status, JSON.stringify(r.json).slice(0, 160));
      const c = await rolegateClient(t).send('CheckPassRole', { RoleArn: a, PassedToService: 'lambda.amazonaws.com', AssociatedResourceArn: `arn:aws:lambda:us-east-1:${t.account}:function:${'€'.repeat(600)}` });
      console.log('CPR', c.status, JSON.stringify(c.json).slice(0, 160));
      await show('STS', t.sts().send(new AssumeRoleCommand({ RoleArn: a, RoleSessionName: 'xx' })));
    }
    const longPolicy = `arn:aws:iam::${t.account}:policy/${'€'.repeat(600)}`;
    await show('ATTACH', t.iam().send(new AttachRolePolicyCommand({ RoleName: 'r1', PolicyArn: longPolicy })));
    await show('GETPOL', t.iam().send(new GetPolicyCommand({ PolicyArn: longPolicy })));
    const sa = await rolegateClient(t).send('AssumeRoleForService', { RoleArn: `arn:aws:iam::${t.account}:role/r1`, ServicePrincipal: 'lambda.amazonaws.com', RoleSessionName: 'xx', SourceArn: `arn:aws:lambda:us-east-1:${t.account}:function:${'€'.repeat(600)}` });
    console.log('ARFS-src', sa.status, JSON.stringify(sa.json).slice(0, 100));
  });
});
