/**
 * aws:ResourceTag/… and iam:ResourceTag/… of the resource an IAM call (or sts:AssumeRole) acts on,
 * and aws:RequestTag/… / aws:TagKeys of calls that carry tags, as the Service Authorization
 * Reference gives them: tag-based guardrails in identity policies and SCPs hold.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand, CreateAccessKeyCommand, CreateInstanceProfileCommand, CreateOpenIDConnectProviderCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, CreateRoleCommand, CreateSAMLProviderCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, DeleteInstanceProfileCommand,
  DeleteOpenIDConnectProviderCommand, DeletePolicyCommand, DeleteRoleCommand, DeleteSAMLProviderCommand, DeleteUserCommand, DeleteVirtualMFADeviceCommand,
  GetInstanceProfileCommand, GetOpenIDConnectProviderCommand, GetPolicyCommand, GetSAMLProviderCommand, type IAMClient, PutRolePolicyCommand,
  PutUserPolicyCommand, TagRoleCommand, TagUserCommand, type Tag, UntagRoleCommand, UntagUserCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreatePolicyCommand as CreateOrgPolicyCommand, EnablePolicyTypeCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { actionNames, findAction } from '../../src/app/actions.js';
import { REQUEST_TAG, TAG_KEYS, actionReference } from '../../src/access/service-reference.js';
import { putUser } from '../support/fixtures.js';
import { rejectsWith } from '../support/iam-identity.js';
import { DENIED, OidcIssuer, anonymousSts, register, trustWebIdentity } from '../support/oidc-issuer.js';
import { createIdp } from '../support/saml-idp.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { createOrgWithMember, memberAdmin } from './organizations-policies-support.js';

const doc = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement });
const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
const denyWhen = (key: string): object => ({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { [key]: 'true' } } });
const PROTECTED: Tag[] = [{ Key: 'protected', Value: 'true' }];
const OTHER: Tag[] = [{ Key: 'team', Value: 'blue' }];

type Kind = 'role' | 'user' | 'policy' | 'profile' | 'oidc' | 'saml' | 'mfa';
interface Res {
  readonly name: string;
  readonly arn: string;
}

describe('IAM resource tags in the request context', () => {
  let t: TestServer;
  let metadata: string;
  let n = 0;
  before(async () => {
    t = await startTestServer();
    metadata = (await createIdp()).metadata();
  });
  after(async () => {
    await t.close();
  });

  const trust = (account: string): string => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' });

  /** One resource of `kind`, made by `iam` (the admin by default) with `tags`. */
  async function make(kind: Kind, tags: Tag[], iam: IAMClient = t.iam(), account = t.account): Promise<Res> {
    const name = `${kind}${++n}`;
    switch (kind) {
      case 'role':
        return { name, arn: (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(account), Tags: tags }))).Role!.Arn! };
      case 'user':
        return { name, arn: (await iam.send(new CreateUserCommand({ UserName: name, Tags: tags }))).User!.Arn! };
      case 'policy':
        return { name, arn: (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: doc(ALLOW_ALL), Tags: tags }))).Policy!.Arn! };
      case 'profile':
        return { name, arn: (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name, Tags: tags }))).InstanceProfile!.Arn! };
      case 'oidc': {
        const r = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${name}.example.com`, ThumbprintList: ['a'.repeat(40)], Tags: tags }));
        return { name, arn: r.OpenIDConnectProviderArn! };
      }
      case 'saml':
        return { name, arn: (await iam.send(new CreateSAMLProviderCommand({ Name: name, SAMLMetadataDocument: metadata, Tags: tags }))).SAMLProviderArn! };
      case 'mfa':
        return { name, arn: (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Tags: tags }))).VirtualMFADevice!.SerialNumber! };
    }
  }

  interface Case {
    readonly action: string;
    readonly kind: Kind;
    readonly call: (c: Credentials, r: Res) => Promise<unknown>;
  }
  const iamAs = (c: Credentials): IAMClient => t.iam(c);
  const CASES: readonly Case[] = [
    { action: 'iam:PutRolePolicy', kind: 'role', call: (c, r) => iamAs(c).send(new PutRolePolicyCommand({ RoleName: r.name, PolicyName: 'p', PolicyDocument: doc(ALLOW_ALL) })) },
    { action: 'iam:UpdateAssumeRolePolicy', kind: 'role', call: (c, r) => iamAs(c).send(new UpdateAssumeRolePolicyCommand({ RoleName: r.name, PolicyDocument: trust(t.account) })) },
    { action: 'iam:UntagRole', kind: 'role', call: (c, r) => iamAs(c).send(new UntagRoleCommand({ RoleName: r.name, TagKeys: ['team'] })) },
    { action: 'iam:AttachRolePolicy', kind: 'role', call: (c, r) => iamAs(c).send(new AttachRolePolicyCommand({ RoleName: r.name, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })) },
    { action: 'iam:DeleteRole', kind: 'role', call: (c, r) => iamAs(c).send(new DeleteRoleCommand({ RoleName: r.name })) },
    { action: 'sts:AssumeRole', kind: 'role', call: (c, r) => t.sts(c).send(new AssumeRoleCommand({ RoleArn: r.arn, RoleSessionName: 'ss' })) },
    { action: 'iam:CreateAccessKey', kind: 'user', call: (c, r) => iamAs(c).send(new CreateAccessKeyCommand({ UserName: r.name })) },
    { action: 'iam:TagUser', kind: 'user', call: (c, r) => iamAs(c).send(new TagUserCommand({ UserName: r.name, Tags: OTHER })) },
    { action: 'iam:UntagUser', kind: 'user', call: (c, r) => iamAs(c).send(new UntagUserCommand({ UserName: r.name, TagKeys: ['protected'] })) },
    { action: 'iam:PutUserPolicy', kind: 'user', call: (c, r) => iamAs(c).send(new PutUserPolicyCommand({ UserName: r.name, PolicyName: 'p', PolicyDocument: doc(ALLOW_ALL) })) },
    { action: 'iam:DeleteUser', kind: 'user', call: (c, r) => iamAs(c).send(new DeleteUserCommand({ UserName: r.name })) },
    { action: 'iam:GetPolicy', kind: 'policy', call: (c, r) => iamAs(c).send(new GetPolicyCommand({ PolicyArn: r.arn })) },
    { action: 'iam:CreatePolicyVersion', kind: 'policy', call: (c, r) => iamAs(c).send(new CreatePolicyVersionCommand({ PolicyArn: r.arn, PolicyDocument: doc(ALLOW_ALL) })) },
    { action: 'iam:DeletePolicy', kind: 'policy', call: (c, r) => iamAs(c).send(new DeletePolicyCommand({ PolicyArn: r.arn })) },
    { action: 'iam:GetInstanceProfile', kind: 'profile', call: (c, r) => iamAs(c).send(new GetInstanceProfileCommand({ InstanceProfileName: r.name })) },
    { action: 'iam:DeleteInstanceProfile', kind: 'profile', call: (c, r) => iamAs(c).send(new DeleteInstanceProfileCommand({ InstanceProfileName: r.name })) },
    { action: 'iam:GetOpenIDConnectProvider', kind: 'oidc', call: (c, r) => iamAs(c).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: r.arn })) },
    { action: 'iam:DeleteOpenIDConnectProvider', kind: 'oidc', call: (c, r) => iamAs(c).send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: r.arn })) },
    { action: 'iam:GetSAMLProvider', kind: 'saml', call: (c, r) => iamAs(c).send(new GetSAMLProviderCommand({ SAMLProviderArn: r.arn })) },
    { action: 'iam:DeleteSAMLProvider', kind: 'saml', call: (c, r) => iamAs(c).send(new DeleteSAMLProviderCommand({ SAMLProviderArn: r.arn })) },
    { action: 'iam:DeleteVirtualMFADevice', kind: 'mfa', call: (c, r) => iamAs(c).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: r.arn })) },
  ];

  /**
   * The resource as the denial names it: a role, user or instance profile addressed by name as AWS
   * names it ("role NAME", "user NAME", "instance profile NAME"), a resource addressed by ARN as given.
   */
  const NOUN: Partial<Record<Kind, string>> = { role: 'role', user: 'user', profile: 'instance profile' };
  const shown = (c: Case, r: Res): string => {
    const noun = NOUN[c.kind];
    return noun === undefined || c.action === 'sts:AssumeRole' ? r.arn : `${noun} ${r.name}`;
  };
  /** "User: … is not authorized to perform: ACTION on resource: RESOURCE" (AssumeRole says no more). */
  const denied = (caller: string, action: string, arn: string, by?: string): RegExp => {
    const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^User: ${esc(caller)} is not authorized to perform: ${esc(action)} on resource: ${esc(arn)}${by === undefined ? '' : ` with an explicit deny in ${esc(by)}`}$`);
  };

  it('an identity policy denying aws:ResourceTag/protected=true stops every action on a tagged resource, not on others', async () => {
    const guarded = await putUser(t, 'guarded', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('aws:ResourceTag/protected'))) as object } });
    for (const c of CASES) {
      const tagged = await make(c.kind, [...PROTECTED, ...OTHER]);
      const by = c.action === 'sts:AssumeRole' ? undefined : 'an identity-based policy';
      await rejectsWith(c.call(guarded, tagged), 'AccessDenied', denied(guarded.arn, c.action, shown(c, tagged), by));
      await c.call(guarded, await make(c.kind, OTHER));
      await c.call(guarded, await make(c.kind, []));
    }
  });

  it('tag keys match ignoring case, and a missing resource is still NoSuchEntity', async () => {
    const guarded = await putUser(t, 'guarded-case', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('aws:ResourceTag/Protected'))) as object } });
    const role = await make('role', PROTECTED);
    await rejectsWith(CASES[0]!.call(guarded, role), 'AccessDenied', denied(guarded.arn, 'iam:PutRolePolicy', shown(CASES[0]!, role), 'an identity-based policy'));
    await rejectsWith(CASES[0]!.call(guarded, { name: 'no-such-role', arn: '' }), 'NoSuchEntity', 'The role with name no-such-role cannot be found.');
  });

  it('iam:ResourceTag/… is set for roles and users only, as the reference gives it', async () => {
    const guarded = await putUser(t, 'guarded-iam', { inline: { p: JSON.parse(doc(ALLOW_ALL, denyWhen('iam:ResourceTag/protected'))) as object } });
    for (const c of CASES.filter((x) => ['iam:PutRolePolicy', 'sts:AssumeRole', 'iam:CreateAccessKey'].includes(x.action))) {
      const tagged = await make(c.kind, PROTECTED);
      await rejectsWith(c.call(guarded, tagged), 'AccessDenied', denied(guarded.arn, c.action, shown(c, tagged), c.action === 'sts:AssumeRole' ? undefined : 'an identity-based policy'));
    }
    // Policies carry aws:ResourceTag/… only: the iam: key is absent and denies nothing.
    await t.iam(guarded).send(new DeletePolicyCommand({ PolicyArn: (await make('policy', PROTECTED)).arn }));
  });

  it('a trust policy sees the role’s tags (iam:ResourceTag) when it is assumed', async () => {
    const u = await putUser(t, 'assumer', { inline: { p: JSON.parse(doc(ALLOW_ALL)) as object } });
    const onlyTagged = doc({ Effect: 'Allow', Principal: { AWS: u.arn }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'iam:ResourceTag/env': 'dev' } } });
    await t.iam().send(new CreateRoleCommand({ RoleName: 'trust-dev', AssumeRolePolicyDocument: onlyTagged, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await t.iam().send(new CreateRoleCommand({ RoleName: 'trust-prod', AssumeRolePolicyDocument: onlyTagged, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await t.sts(u).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${t.account}:role/trust-dev`, RoleSessionName: 'ss' }));
    await rejectsWith(t.sts(u).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${t.account}:role/trust-prod`, RoleSessionName: 'ss' })), 'AccessDenied');
  });

  it('AssumeRoleWithWebIdentity: the trust policy sees the role’s tags too', async () => {
    const issuer = await OidcIssuer.start({ path: '/tags' });
    try {
      const provider = await register(t, issuer);
      const onlyDev = JSON.stringify(trustWebIdentity(provider, { StringEquals: { 'aws:ResourceTag/env': 'dev' } }));
      const assume = async (role: string) =>
        anonymousSts(t).send(
          new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${t.account}:role/${role}`, RoleSessionName: 'web', WebIdentityToken: await issuer.token({ sub: 'u-1', aud: 'sts.amazonaws.com' }) }),
        );
      await t.iam().send(new CreateRoleCommand({ RoleName: 'web-dev', AssumeRolePolicyDocument: onlyDev, Tags: [{ Key: 'env', Value: 'dev' }] }));
      await t.iam().send(new CreateRoleCommand({ RoleName: 'web-prod', AssumeRolePolicyDocument: onlyDev, Tags: [{ Key: 'env', Value: 'prod' }] }));
      assert.ok((await assume('web-dev')).Credentials?.SessionToken);
      await rejectsWith(assume('web-prod'), 'AccessDenied', DENIED);
    } finally {
      await issuer.close();
    }
  });

  it('aws:RequestTag/… and aws:TagKeys on the calls that carry tags', async () => {
    const prod = [{ Key: 'env', Value: 'prod' }];
    const dev = [{ Key: 'env', Value: 'dev' }];
    const guarded = await putUser(t, 'guarded-request', {
      inline: {
        p: JSON.parse(
          doc(
            ALLOW_ALL,
            { Effect: 'Deny', Action: ['iam:Create*', 'iam:Tag*'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/env': 'prod' } } },
            { Effect: 'Deny', Action: 'iam:Untag*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } } },
          ),
        ) as object,
      },
    });
    const creators: [Kind, string][] = [['role', 'CreateRole'], ['user', 'CreateUser'], ['policy', 'CreatePolicy'], ['profile', 'CreateInstanceProfile'], ['oidc', 'CreateOpenIDConnectProvider'], ['saml', 'CreateSAMLProvider'], ['mfa', 'CreateVirtualMFADevice']];
    for (const [kind, action] of creators) {
      await rejectsWith(make(kind, prod, t.iam(guarded)), 'AccessDenied', new RegExp(`perform: iam:${action} on resource: .+ with an explicit deny in an identity-based policy$`));
      await make(kind, dev, t.iam(guarded));
    }
    const role = await make('role', dev);
    await rejectsWith(t.iam(guarded).send(new TagRoleCommand({ RoleName: role.name, Tags: prod })), 'AccessDenied');
    await t.iam(guarded).send(new TagRoleCommand({ RoleName: role.name, Tags: [{ Key: 'env', Value: 'test' }] }));
    await rejectsWith(t.iam(guarded).send(new UntagRoleCommand({ RoleName: role.name, TagKeys: ['env'] })), 'AccessDenied');
    await t.iam(guarded).send(new UntagRoleCommand({ RoleName: role.name, TagKeys: ['other'] }));
  });

  it('every served action the reference gives aws:RequestTag/… or aws:TagKeys fills them from its tags', () => {
    const caller = { account: t.account } as never;
    for (const service of ['iam', 'sts'] as const) {
      for (const name of actionNames(service)) {
        const keys = actionReference(service, name)?.conditionKeys ?? [];
        const a = findAction(service, name)!;
        // Actions authorized in their handler (the AssumeRole family) build their context there.
        if (a.resource === undefined) continue;
        // Members other actions' context reads require (GetWebIdentityToken's Audience) given too.
        const ctx = a.context?.({ Tags: [{ Key: 'k', Value: 'v' }], TagKeys: ['k'], Audience: ['https://api.example.com'] }, caller) ?? {};
        if (keys.includes(REQUEST_TAG)) assert.equal(ctx['aws:RequestTag/k'], 'v', `${service}:${name} lacks aws:RequestTag/…`);
        if (keys.includes(TAG_KEYS)) assert.deepEqual(ctx['aws:TagKeys'], ['k'], `${service}:${name} lacks aws:TagKeys`);
      }
    }
  });

  describe('in an organization: an SCP denying aws:ResourceTag/protected=true', () => {
    let memberId: string;
    let admin: Credentials;
    before(async () => {
      const org = await createOrgWithMember(t);
      memberId = org.memberId;
      const o = t.organizations();
      await o.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
      const scp = await o.send(new CreateOrgPolicyCommand({ Name: 'Protected', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: doc(denyWhen('aws:ResourceTag/protected')) }));
      await o.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: memberId }));
      admin = await memberAdmin(t, memberId);
    });

    it('stops the member admin on tagged roles, users and policies, and only there', async () => {
      const caller = `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/admin`;
      const iam = t.iam(admin);
      for (const c of CASES.filter((x) => ['iam:PutRolePolicy', 'sts:AssumeRole', 'iam:CreateAccessKey', 'iam:DeletePolicy', 'iam:UntagRole'].includes(x.action))) {
        // Creating a tagged resource is not denied: it has no tags before it exists.
        const tagged = await make(c.kind, [...PROTECTED, ...OTHER], iam, memberId);
        const by = c.action === 'sts:AssumeRole' ? undefined : 'a service control policy';
        await rejectsWith(c.call(admin, tagged), 'AccessDenied', denied(caller, c.action, shown(c, tagged), by));
        await c.call(admin, await make(c.kind, OTHER, iam, memberId));
      }
    });
  });
});
