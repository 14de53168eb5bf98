/**
 * Tag-based guardrails an attacker tries to route around: a resource named otherwise than by its
 * stored ARN (another case, another path) must not be reached without its tags.
 */
import { after, before, describe, it } from 'node:test';
import { CreateUserCommand, GetContextKeysForPrincipalPolicyCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { putUser } from '../support/fixtures.js';
import { rejectsWith } from '../support/iam-identity.js';
import { type TestServer, startTestServer } from '../support/server.js';

const doc = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement });
const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
const denyWhen = (key: string): object => ({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { [key]: 'true' } } });

describe('resource tags: no way around them by naming the resource otherwise', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy reach a user by its ARN as stored only (NoSuchEntity otherwise)', async () => {
    const guarded = await putUser(t, 'sim-guarded', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('aws:ResourceTag/protected'))) as object } });
    await t.iam().send(new CreateUserCommand({ UserName: 'Victim', Path: '/ops/', Tags: [{ Key: 'protected', Value: 'true' }] }));
    const iam = t.iam(guarded);
    await rejectsWith(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${t.account}:user/ops/Victim`, ActionNames: ['s3:GetObject'] })), 'AccessDenied');
    for (const arn of [`arn:aws:iam::${t.account}:user/ops/victim`, `arn:aws:iam::${t.account}:user/Victim`, `arn:aws:iam::${t.account}:user/x/VICTIM`]) {
      await rejectsWith(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: ['s3:GetObject'] })), 'NoSuchEntity');
      await rejectsWith(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn })), 'NoSuchEntity');
    }
  });
});
