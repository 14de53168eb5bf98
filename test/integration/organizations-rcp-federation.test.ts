/**
 * RCPs of a member account apply to the federated members of the AssumeRole family too: a deny on
 * sts:AssumeRoleWithWebIdentity blocks web identity into the member's roles.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreatePolicyCommand, EnablePolicyTypeCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { rejectsWith } from '../support/assert.js';
import { DENIED, OidcIssuer, anonymousSts, trustWebIdentity } from '../support/oidc-issuer.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { createOrgWithMember, memberAdmin } from './organizations-policies-support.js';

describe('organizations: RCPs and web identity', () => {
  let t: TestServer;
  let issuer: OidcIssuer;
  before(async () => {
    t = await startTestServer();
    issuer = await OidcIssuer.start({ path: '/rcp' });
  });
  after(async () => {
    await issuer.close();
    await t.close();
  });

  it("an RCP denying sts:AssumeRoleWithWebIdentity blocks web identity into the member's roles", async () => {
    const { rootId, memberId } = await createOrgWithMember(t);
    const admin = await memberAdmin(t, memberId);
    const iam = t.iam(admin);
    const providerArn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer.url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [issuer.tls?.thumbprint ?? 'a'.repeat(40)] })))
      .OpenIDConnectProviderArn!;
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'web', AssumeRolePolicyDocument: JSON.stringify(trustWebIdentity(providerArn)) }))).Role!;
    const assume = async () =>
      anonymousSts(t).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: role.Arn!, RoleSessionName: 'web', WebIdentityToken: await issuer.token({ sub: 'u-1', aud: 'sts.amazonaws.com' }) }));
    assert.ok((await assume()).Credentials?.SessionToken);

    const o = t.organizations();
    await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    assert.ok((await assume()).Credentials?.SessionToken, 'RCPFullAWSAccess alone changes nothing');
    const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity', Resource: '*' }] });
    const rcp = (await o.send(new CreatePolicyCommand({ Name: 'NoWebIdentity', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: content }))).Policy!.PolicySummary!.Id!;
    await o.send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: rootId }));
    await rejectsWith(assume(), 'AccessDenied', DENIED);
  });
});
