/**
 * rolegate:GenerateUserOneTimePassword and `rolegate one-time-password`: a one-time password for an
 * identity-store user, shown once, stored as a scrypt hash that verifies it, marked to be changed;
 * replaced by a second call, deleted with the user; authorized on the user's ARN; never audited.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateUserCommand, DeleteUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import type { InstanceData } from '../../src/identitycenter/model.js';
import { PASSWORD_KIND, type UserPasswordData } from '../../src/identitycenter/passwords.js';
import { passwordMatches } from '../../src/iam/passwords/hash.js';
import { allow, putUser } from '../support/fixtures.js';
import { putInstance } from '../support/identity-center.js';
import { RolegateClient } from '../support/rolegate-client.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { bareEnv, keysEnv, runCli } from '../support/workload-cli.js';

const REQUIREMENTS = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

describe('Identity Center one-time passwords', () => {
  let t: TestServer;
  let instance: InstanceData;
  let ids: IdentitystoreClient;
  let userId: string;
  let closed = false;
  const issued: string[] = [];

  before(async () => {
    t = await startTestServer();
    instance = await putInstance(t);
    ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: t.admin, maxAttempts: 1 });
    userId = (await ids.send(new CreateUserCommand({ IdentityStoreId: instance.identityStoreId, UserName: 'jdoe', DisplayName: 'Jane Doe', Name: { GivenName: 'Jane', FamilyName: 'Doe' } }))).UserId!;
  });
  after(() => (closed ? undefined : t.close()));

  const stored = () => t.server.store.read((tx) => tx.get<UserPasswordData>(t.account, PASSWORD_KIND, `${instance.identityStoreId}/${userId}`));

  it('answers a 20-character password meeting the requirements once, and stores only its hash, to be changed', async () => {
    const r = await new RolegateClient(t.url, t.admin).send('GenerateUserOneTimePassword', { IdentityStoreId: instance.identityStoreId, UserId: userId });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const pw = r.json.OneTimePassword as string;
    issued.push(pw);
    assert.equal(r.json.UserId, userId);
    assert.equal(pw.length, 20);
    for (const re of REQUIREMENTS) assert.match(pw, re);
    const item = await stored();
    assert.ok(item !== undefined);
    assert.equal(item.data.mustChange, true);
    assert.ok(!JSON.stringify(item.data).includes(pw));
    assert.match(item.data.hash, /^scrypt\$/);
    assert.equal(await passwordMatches(t.server.services, { account: t.account, principal: 'test' }, pw, item.data.hash), true);
    // A second call replaces it.
    const again = await new RolegateClient(t.url, t.admin).send('GenerateUserOneTimePassword', { IdentityStoreId: instance.identityStoreId, UserId: userId });
    const pw2 = again.json.OneTimePassword as string;
    issued.push(pw2);
    assert.notEqual(pw2, pw);
    const replaced = (await stored())!;
    assert.equal(await passwordMatches(t.server.services, { account: t.account, principal: 'test' }, pw, replaced.data.hash), false);
    assert.equal(await passwordMatches(t.server.services, { account: t.account, principal: 'test' }, pw2, replaced.data.hash), true);
  });

  it('refuses an unknown user or identity store, bad ids, and a caller without rolegate:GenerateUserOneTimePassword on the user', async () => {
    const c = new RolegateClient(t.url, t.admin);
    const unknownUser = await c.send('GenerateUserOneTimePassword', { IdentityStoreId: instance.identityStoreId, UserId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknownUser.status, 404);
    const unknownStore = await c.send('GenerateUserOneTimePassword', { IdentityStoreId: 'd-0000000000', UserId: userId });
    assert.equal(unknownStore.status, 404);
    const bad = await c.send('GenerateUserOneTimePassword', { IdentityStoreId: 'nope', UserId: userId });
    assert.equal(bad.status, 400);
    const nobody = await putUser(t, 'nobody');
    const denied = await new RolegateClient(t.url, nobody).send('GenerateUserOneTimePassword', { IdentityStoreId: instance.identityStoreId, UserId: userId });
    assert.equal(denied.json.__type, 'AccessDeniedException');
    const helpdesk = await putUser(t, 'helpdesk', { inline: { p: allow('rolegate:GenerateUserOneTimePassword', `arn:aws:identitystore:::user/${userId}`) } });
    const allowed = await new RolegateClient(t.url, helpdesk).send('GenerateUserOneTimePassword', { IdentityStoreId: instance.identityStoreId, UserId: userId });
    assert.equal(allowed.status, 200);
    issued.push(allowed.json.OneTimePassword as string);
    // Allowed on one user is not allowed on another.
    const other = (await ids.send(new CreateUserCommand({ IdentityStoreId: instance.identityStoreId, UserName: 'other', DisplayName: 'Other' }))).UserId!;
    const elsewhere = await new RolegateClient(t.url, helpdesk).send('GenerateUserOneTimePassword', { IdentityStoreId: instance.identityStoreId, UserId: other });
    assert.equal(elsewhere.json.__type, 'AccessDeniedException');
    assert.equal(await t.server.store.read((tx) => tx.get(t.account, PASSWORD_KIND, `${instance.identityStoreId}/${other}`)), undefined);
  });

  it('`rolegate one-time-password` prints it; exit 2 without the ids, 1 when refused', async () => {
    const env = { ...bareEnv(), ...keysEnv(t.admin), AWS_REGION: 'us-east-1' };
    const ok = await runCli(['one-time-password', '--endpoint', t.url, '--identity-store-id', instance.identityStoreId, '--user-id', userId], env);
    assert.equal(ok.code, 0, ok.stderr);
    const pw = ok.stdout.trim();
    issued.push(pw);
    assert.equal(pw.length, 20);
    assert.equal(await passwordMatches(t.server.services, { account: t.account, principal: 'test' }, pw, (await stored())!.data.hash), true);
    const usage = await runCli(['one-time-password', '--endpoint', t.url, '--user-id', userId], env);
    assert.equal(usage.code, 2);
    const refused = await runCli(['one-time-password', '--endpoint', t.url, '--identity-store-id', instance.identityStoreId, '--user-id', '00000000-0000-4000-8000-000000000000'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /NoSuchEntity/);
  });

  it('is deleted with the user, and no password reached the audit log', async () => {
    await ids.send(new DeleteUserCommand({ IdentityStoreId: instance.identityStoreId, UserId: userId }));
    assert.equal(await stored(), undefined);
    await t.server.close();
    closed = true;
    const dir = join(t.dataDir, 'audit');
    const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'));
    assert.ok(lines.some((l) => l.includes('"eventName":"GenerateUserOneTimePassword"')));
    assert.equal(issued.length, 4);
    for (const pw of issued) assert.ok(!lines.some((l) => l.includes(pw)), 'a password reached the audit log');
  });
});
