/**
 * What one account can make Rolegate keep through the related-resources API (README, Rolegate
 * service): at most 10,000 declared resources across its service-linked roles (1000 per role), and
 * a FAILED deletion task keeps the first 100 of the resources that used the role — an account
 * has up to 1000 finished tasks, and ARNs run to 2048 characters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { type RolegateClient, rolegateClient } from '../support/rolegate-client.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { settled } from '../support/service-linked.js';

const SERVICE = 'autoscaling.amazonaws.com';
const roleName = (suffix: string): string => `AWSServiceRoleForAutoScaling_${suffix}`;

describe('rolegate: bounds of declared role usage', () => {
  let t: TestServer;
  let iam: IAMClient;
  let rg: RolegateClient;
  const arnsOf = (prefix: string, from: number, count: number): string[] =>
    Array.from({ length: count }, (_, i) => `arn:aws:autoscaling:us-east-1:${t.account}:autoScalingGroup:x:autoScalingGroupName/${prefix}-${String(from + i).padStart(5, '0')}`);
  const declare = async (role: string, arns: string[], region?: string) => rg.send('DeclareRoleUsage', { RoleName: role, ResourceArns: arns, ...(region === undefined ? {} : { Region: region }) });

  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    rg = rolegateClient(t);
  });
  after(async () => t.close());

  it('a FAILED task keeps the first 100 resources that used the role; ListRoleUsage lists them all', async () => {
    const role = roleName('many');
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: SERVICE, CustomSuffix: 'many' }));
    const west = arnsOf('west', 0, 70);
    const east = [...arnsOf('east', 0, 100), ...arnsOf('east', 100, 50)];
    assert.equal((await declare(role, west, 'eu-west-1')).status, 200);
    assert.equal((await declare(role, east.slice(0, 100), 'us-east-1')).status, 200);
    assert.equal((await declare(role, east.slice(100), 'us-east-1')).status, 200);
    const id = (await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: role }))).DeletionTaskId ?? '';
    const failed = await settled(iam, id);
    assert.equal(failed.Status, 'FAILED');
    // Key order: region by region (eu-west-1 first), each region's resources in ARN order.
    assert.deepEqual(failed.Reason?.RoleUsageList, [
      { Region: 'eu-west-1', Resources: west },
      { Region: 'us-east-1', Resources: east.slice(0, 30) },
    ]);
    const listed = (await rg.send('ListRoleUsage', { RoleName: role })).json['RoleUsageList'] as { Region: string; Resources: string[] }[];
    assert.deepEqual(listed, [
      { Region: 'eu-west-1', Resources: west },
      { Region: 'us-east-1', Resources: east },
    ]);
    // Withdrawn again: the next test counts the account's declarations from zero.
    assert.equal((await rg.send('WithdrawRoleUsage', { RoleName: role, ResourceArns: west, Region: 'eu-west-1' })).status, 200);
    assert.equal((await rg.send('WithdrawRoleUsage', { RoleName: role, ResourceArns: east.slice(0, 100), Region: 'us-east-1' })).status, 200);
    assert.equal((await rg.send('WithdrawRoleUsage', { RoleName: role, ResourceArns: east.slice(100), Region: 'us-east-1' })).status, 200);
  });

  it('an account declares at most 10,000 resources across its service-linked roles', async () => {
    for (let r = 0; r < 10; r++) {
      const role = roleName(`full${r}`);
      await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: SERVICE, CustomSuffix: `full${r}` }));
      for (let b = 0; b < 10; b++) assert.equal((await declare(role, arnsOf(`r${r}`, b * 100, 100))).status, 200);
    }
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: SERVICE, CustomSuffix: 'extra' }));
    const refused = await declare(roleName('extra'), arnsOf('extra', 0, 1));
    assert.equal(refused.status, 409);
    assert.equal(refused.json['__type'], 'LimitExceededException');
    assert.equal(refused.json['Message'], 'Cannot exceed quota for resources using service-linked roles in one account: 10000');
    // Declaring again what is declared changes nothing and succeeds; room made is room to declare.
    assert.equal((await declare(roleName('full0'), arnsOf('r0', 0, 100))).status, 200);
    assert.equal((await rg.send('WithdrawRoleUsage', { RoleName: roleName('full0'), ResourceArns: arnsOf('r0', 0, 1) })).status, 200);
    assert.equal((await declare(roleName('extra'), arnsOf('extra', 0, 1))).status, 200);
  });
});
