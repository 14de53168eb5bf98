/**
 * Trust policies naming AWS service principals, validated as real AWS does: a service AWS knows
 * (the catalogue built by scripts/build-service-principals.mjs) is accepted, one it does not know
 * is refused with MalformedPolicyDocument `Invalid principal in policy: "SERVICE":"<name>"`
 * (hashicorp/terraform#35086: UpdateAssumeRolePolicy naming tagging.amazonaws.com against AWS).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, GetRoleCommand, type IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { type TestServer, startTestServer } from '../support/server.js';

const trustService = (...services: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: services.length === 1 ? services[0] : services }, Action: 'sts:AssumeRole' }] });

describe('service principals in trust policies (SDK v3)', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  it('accepts the services AWS knows, from each source of the catalogue', async () => {
    // ec2/lambda (managed policies), ecs-tasks (recorded), autoscaling (service-linked roles),
    // states (service prefix), monitoring.rds (a sub-principal).
    const known = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'autoscaling.amazonaws.com', 'states.amazonaws.com', 'monitoring.rds.amazonaws.com'];
    const doc = trustService(...known);
    await iam.send(new CreateRoleCommand({ RoleName: 'service-role', AssumeRolePolicyDocument: doc }));
    assert.equal(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'service-role' }))).Role!.AssumeRolePolicyDocument!), doc);
  });

  it('refuses an unknown service on CreateRole and UpdateAssumeRolePolicy with AWS\'s message', async () => {
    await rejectsWith(
      iam.send(new CreateRoleCommand({ RoleName: 'tagging-role', AssumeRolePolicyDocument: trustService('tagging.amazonaws.com') })),
      'MalformedPolicyDocument',
      'Invalid principal in policy: "SERVICE":"tagging.amazonaws.com"',
      400,
    );
    await rejectsWith(
      iam.send(new CreateRoleCommand({ RoleName: 'typo-role', AssumeRolePolicyDocument: trustService('ec2.amazonaws.com', 'lamdba.amazonaws.com') })),
      'MalformedPolicyDocument',
      'Invalid principal in policy: "SERVICE":"lamdba.amazonaws.com"',
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'updated-role', AssumeRolePolicyDocument: trustService('ec2.amazonaws.com') }));
    await rejectsWith(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'updated-role', PolicyDocument: trustService('tagging.amazonaws.com') })),
      'MalformedPolicyDocument',
      'Invalid principal in policy: "SERVICE":"tagging.amazonaws.com"',
      400,
    );
    // The refused update left the trust as it was.
    assert.equal(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'updated-role' }))).Role!.AssumeRolePolicyDocument!), trustService('ec2.amazonaws.com'));
  });

  it('the catalogue is data built from sources, holding every service-linked role\'s principal', () => {
    const principals = new Set(JSON.parse(readFileSync(new URL('../../data/service-principals.json', import.meta.url), 'utf8')) as string[]);
    const slr = JSON.parse(readFileSync(new URL('../../data/service-linked-roles.json', import.meta.url), 'utf8')) as { service: string }[];
    assert.ok(principals.size > 500, `${principals.size} principals`);
    for (const r of slr) assert.ok(principals.has(r.service), r.service);
    assert.equal(principals.has('tagging.amazonaws.com'), false);
  });
});
