/**
 * IAM Roles Anywhere profiles through the SDK v3 client (and on the wire for the members its 3.332
 * model lacks: acceptRoleSessionName): their life, defaults (disabled, 3600 s, createdBy the
 * caller), AWS's limits (durationSeconds 900–43200, role ARNs, a malformed session policy), an
 * unknown id → 404, pagination, tags and aws:ResourceTag/… on a profile.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateProfileCommand,
  DeleteProfileCommand,
  DisableProfileCommand,
  EnableProfileCommand,
  GetProfileCommand,
  ListProfilesCommand,
  ListTagsForResourceCommand,
  RolesAnywhereClient,
  TagResourceCommand,
  UpdateProfileCommand,
} from '@aws-sdk/client-rolesanywhere';
import { signRequest } from '../../src/sigv4/sign.js';
import { allow, putUser } from '../support/fixtures.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { failure } from '../support/failure.js';

describe('rolesanywhere profiles (SDK v3)', () => {
  let t: TestServer;
  let ra: (creds?: Credentials) => RolesAnywhereClient;
  let role: string;
  before(async () => {
    t = await startTestServer();
    ra = (creds = t.admin) => new RolesAnywhereClient({ endpoint: t.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    role = `arn:aws:iam::${t.account}:role/workload`;
  });
  after(() => t.close());

  async function raw(method: string, path: string, body: string): Promise<{ status: number; errorType: string | null; json: Record<string, unknown> }> {
    const url = new URL(t.url);
    const signed = signRequest({ method, path, query: '', headers: { host: url.host, 'content-type': 'application/json' }, body }, { ...t.admin, region: 'us-east-1', service: 'rolesanywhere', nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const res = await fetch(new URL(path, url), { method, headers, body });
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), json: (await res.json()) as Record<string, unknown> };
  }

  it("a profile's life: created (201, disabled, one hour, createdBy the caller), read, enabled, updated, disabled, deleted", async () => {
    const c = ra();
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const created = await c.send(new CreateProfileCommand({ name: 'workloads', roleArns: [role], sessionPolicy: policy, managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], requireInstanceProperties: false }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    const p = created.profile!;
    assert.equal(p.profileArn, `arn:aws:rolesanywhere:us-east-1:${t.account}:profile/${p.profileId}`);
    assert.equal(p.enabled, false);
    assert.equal(p.durationSeconds, 3600);
    assert.match(p.createdBy!, new RegExp(`^arn:aws:iam::${t.account}:`));
    assert.deepEqual(p.roleArns, [role]);
    assert.equal(p.sessionPolicy, policy);
    assert.deepEqual(p.managedPolicyArns, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    const id = p.profileId!;
    assert.deepEqual((await c.send(new GetProfileCommand({ profileId: id }))).profile, p);
    assert.equal((await c.send(new EnableProfileCommand({ profileId: id }))).profile?.enabled, true);
    const updated = await c.send(new UpdateProfileCommand({ profileId: id, durationSeconds: 43200, name: 'renamed' }));
    assert.equal(updated.profile?.durationSeconds, 43200);
    assert.equal(updated.profile?.name, 'renamed');
    assert.deepEqual(updated.profile?.roleArns, [role]);
    assert.equal((await c.send(new DisableProfileCommand({ profileId: id }))).profile?.enabled, false);
    assert.equal((await c.send(new DeleteProfileCommand({ profileId: id }))).profile?.name, 'renamed');
    const gone = await failure(c.send(new GetProfileCommand({ profileId: id })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.$metadata.httpStatusCode, 404);
  });

  it('acceptRoleSessionName and requireInstanceProperties as given, on the wire', async () => {
    const r = await raw('POST', '/profiles', JSON.stringify({ name: 'named', roleArns: [role], acceptRoleSessionName: true, requireInstanceProperties: true, enabled: true }));
    assert.equal(r.status, 201);
    const p = r.json.profile as Record<string, unknown>;
    assert.equal(p.acceptRoleSessionName, true);
    assert.equal(p.requireInstanceProperties, true);
    assert.equal(p.enabled, true);
    const patched = await raw('PATCH', `/profile/${String(p.profileId)}`, JSON.stringify({ acceptRoleSessionName: false }));
    assert.equal(patched.status, 200);
    assert.equal((patched.json.profile as Record<string, unknown>).acceptRoleSessionName, false);
  });

  it('refuses a duration outside 900–43200, a role ARN that is not one, a malformed session policy: ValidationException 400', async () => {
    const c = ra();
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['899 s', () => c.send(new CreateProfileCommand({ name: 'p', roleArns: [role], durationSeconds: 899 })), /durationSeconds/],
      ['43201 s', () => c.send(new CreateProfileCommand({ name: 'p', roleArns: [role], durationSeconds: 43201 })), /durationSeconds/],
      ['a user ARN', () => c.send(new CreateProfileCommand({ name: 'p', roleArns: [`arn:aws:iam::${t.account}:user/bob`] })), /roleArns/],
      ['a bad policy', () => c.send(new CreateProfileCommand({ name: 'p', roleArns: [role], sessionPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}' })), /./],
      ['no roles member', () => c.send(new CreateProfileCommand({ name: 'p' } as never)), /roleArns/],
    ];
    for (const [what, call, message] of cases) {
      const e = await failure(call());
      assert.equal(e.name, 'ValidationException', what);
      assert.equal(e.$metadata.httpStatusCode, 400, what);
      assert.match(e.message, message, what);
    }
    const unknown = await failure(c.send(new UpdateProfileCommand({ profileId: '0b9a9d1e-6a7b-4c2d-9e8f-0a1b2c3d4e5f', name: 'x' })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
  });

  it('pages, tags a profile, and a Deny on its aws:ResourceTag holds', async () => {
    const other = await startTestServer();
    try {
      const c = new RolesAnywhereClient({ endpoint: other.url, region: 'us-east-1', credentials: other.admin, maxAttempts: 1 });
      const otherRole = `arn:aws:iam::${other.account}:role/workload`;
      const ids = new Set<string>();
      for (let i = 0; i < 3; i++) ids.add((await c.send(new CreateProfileCommand({ name: `p${i}`, roleArns: [otherRole], tags: [{ key: 'tier', value: i === 0 ? 'gold' : 'iron' }] }))).profile!.profileId!);
      const first = await c.send(new ListProfilesCommand({ pageSize: 2 }));
      assert.equal(first.profiles?.length, 2);
      const second = await c.send(new ListProfilesCommand({ pageSize: 2, nextToken: first.nextToken! }));
      assert.equal(second.nextToken, undefined);
      assert.deepEqual(new Set([...first.profiles, ...second.profiles!].map((p) => p.profileId)), ids);

      const gold = [...first.profiles, ...second.profiles!].find((p) => p.name === 'p0')!;
      const iron = [...first.profiles, ...second.profiles!].find((p) => p.name === 'p1')!;
      await c.send(new TagResourceCommand({ resourceArn: gold.profileArn!, tags: [{ key: 'owner', value: 'ops' }] }));
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ resourceArn: gold.profileArn! }))).tags, [{ key: 'tier', value: 'gold' }, { key: 'owner', value: 'ops' }]);

      const user = await putUser(other, 'profile-editor', {
        inline: {
          all: allow('rolesanywhere:*', '*'),
          guard: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'rolesanywhere:DeleteProfile', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/tier': 'gold' } } }] },
        },
      });
      const u = new RolesAnywhereClient({ endpoint: other.url, region: 'us-east-1', credentials: user, maxAttempts: 1 });
      const denied = await failure(u.send(new DeleteProfileCommand({ profileId: gold.profileId! })));
      assert.equal(denied.name, 'AccessDeniedException');
      assert.equal(denied.$metadata.httpStatusCode, 403);
      assert.equal((await u.send(new DeleteProfileCommand({ profileId: iron.profileId! }))).profile?.name, 'p1');
    } finally {
      await other.close();
    }
  });
});
