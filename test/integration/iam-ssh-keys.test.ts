/**
 * SSH public keys over HTTP with the AWS SDK v3: UploadSSHPublicKey, GetSSHPublicKey (SSH and PEM
 * encodings), ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey — the key checked as AWS
 * documents (ssh-rsa or PEM, at least 2048 bits), the fingerprint as `ssh-keygen -l -E md5` prints
 * it, AWS's limit (5 per user) and errors. https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetSSHPublicKeyCommand,
  type IAMClient,
  ListSSHPublicKeysCommand,
  UpdateSSHPublicKeyCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { rsaKey, sshRsaLine } from '../support/certs.js';
import { type TestServer, startTestServer } from '../support/server.js';

/** What ssh-keygen says the key's MD5 fingerprint is ("2048 MD5:7a:1d:… comment (RSA)"). */
function sshKeygenMd5(line: string): string | undefined {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'rg-ssh-'));
    writeFileSync(join(dir, 'k.pub'), `${line}\n`);
    return /MD5:([0-9a-f:]{47})/.exec(execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', join(dir, 'k.pub')], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

describe('iam SSH public keys over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'sofia' }));
  });
  after(async () => {
    await t.close();
  });

  it('uploads an ssh-rsa key: APKA id, MD5 fingerprint, Active; Get renders it as SSH and as PEM', async () => {
    const k = rsaKey();
    const up = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyBody: k.ssh }))).SSHPublicKey!;
    assert.match(up.SSHPublicKeyId ?? '', /^APKA[A-Z2-7]{16}$/);
    assert.equal(up.UserName, 'sofia');
    assert.equal(up.Status, 'Active');
    assert.equal(up.SSHPublicKeyBody, k.ssh);
    assert.ok(up.UploadDate instanceof Date);
    assert.match(up.Fingerprint ?? '', /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const oracle = sshKeygenMd5(k.ssh);
    if (oracle !== undefined) assert.equal(up.Fingerprint, oracle);

    const ssh = (await iam.send(new GetSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'SSH' }))).SSHPublicKey!;
    assert.equal(ssh.SSHPublicKeyBody, k.ssh.split(' ').slice(0, 2).join(' '));
    assert.equal(ssh.Fingerprint, up.Fingerprint);
    const pem = (await iam.send(new GetSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'PEM' }))).SSHPublicKey!;
    assert.equal(pem.SSHPublicKeyBody, k.spki);
    assert.ok(createPublicKey(pem.SSHPublicKeyBody).equals(k.pub));
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: up.SSHPublicKeyId }));
  });

  it('accepts a PEM key, with the fingerprint of the same key in ssh-rsa form; the same key twice is DuplicateSSHPublicKey', async () => {
    const k = rsaKey();
    const up = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyBody: k.spki }))).SSHPublicKey!;
    const oracle = sshKeygenMd5(k.ssh);
    if (oracle !== undefined) assert.equal(up.Fingerprint, oracle);
    await rejectsWith(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyBody: k.ssh })), 'DuplicateSSHPublicKey', /already associated/, 400);
    const pkcs1 = createPublicKey(k.spki).export({ type: 'pkcs1', format: 'pem' }).toString();
    await rejectsWith(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyBody: pkcs1 })), 'DuplicateSSHPublicKey', undefined, 400);
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: up.SSHPublicKeyId }));
  });

  it('refuses short, malformed and non-RSA keys, and private keys', async () => {
    const up = (body: string): Promise<unknown> => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyBody: body }));
    await rejectsWith(up(rsaKey(1024).ssh), 'InvalidPublicKey', /1024 bits; at least 2048/, 400);
    await rejectsWith(up('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x'), 'InvalidPublicKey', undefined, 400);
    await rejectsWith(up('ssh-rsa not*base64'), 'InvalidPublicKey', undefined, 400);
    const ed = generateKeyPairSync('ed25519');
    const edBlob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), ed.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)]);
    await rejectsWith(up(`ssh-ed25519 ${edBlob.toString('base64')}`), 'UnrecognizedPublicKeyEncoding', undefined, 400);
    await rejectsWith(up(ed.publicKey.export({ format: 'pem', type: 'spki' }).toString()), 'UnrecognizedPublicKeyEncoding', undefined, 400);
    await rejectsWith(up('hello world'), 'UnrecognizedPublicKeyEncoding', undefined, 400);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await rejectsWith(up(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()), 'UnrecognizedPublicKeyEncoding', undefined, 400);
    // An ssh-rsa line whose inner type says something else.
    const inner = Buffer.from(rsaKey().ssh.split(' ')[1]!, 'base64');
    inner.write('ssh-dss', 4, 'latin1');
    await rejectsWith(up(`ssh-rsa ${inner.toString('base64')}`), 'InvalidPublicKey', undefined, 400);
  });

  it('allows five keys per user (LimitExceeded)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'many' }));
    for (let i = 0; i < 5; i++) await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'many', SSHPublicKeyBody: rsaKey().ssh }));
    await rejectsWith(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'many', SSHPublicKeyBody: rsaKey().ssh })), 'LimitExceeded', 'Cannot exceed quota for SSHPublicKeysPerUser: 5', 409);
    const page = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'many', MaxItems: 3 }));
    assert.equal(page.SSHPublicKeys?.length, 3);
    assert.equal(page.IsTruncated, true);
    const rest = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'many', Marker: page.Marker }));
    assert.equal(rest.SSHPublicKeys?.length, 2);
    assert.equal(rest.IsTruncated, false);
    for (const m of [...page.SSHPublicKeys, ...rest.SSHPublicKeys]) assert.deepEqual(Object.keys(m).sort(), ['SSHPublicKeyId', 'Status', 'UploadDate', 'UserName']);
  });

  it('UpdateSSHPublicKey sets Inactive and back; Delete removes; unknown user and key are NoSuchEntity', async () => {
    const id = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyBody: rsaKey().ssh }))).SSHPublicKey!.SSHPublicKeyId!;
    await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: id, Status: 'Inactive' }));
    const listed = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'sofia' }));
    assert.equal(listed.SSHPublicKeys?.find((k) => k.SSHPublicKeyId === id)?.Status, 'Inactive');
    await rejectsWith(iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: id, Status: 'Expired' })), 'ValidationError', /enum value set: \[Active, Inactive\]/, 400);
    await rejectsWith(iam.send(new GetSSHPublicKeyCommand({ UserName: 'nobody', SSHPublicKeyId: id, Encoding: 'SSH' })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
    await rejectsWith(iam.send(new GetSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAA', Encoding: 'SSH' })), 'NoSuchEntity', 'The Public Key with id APKAAAAAAAAAAAAAAAAA cannot be found.', 404);
    await rejectsWith(iam.send(new GetSSHPublicKeyCommand({ UserName: 'many', SSHPublicKeyId: id, Encoding: 'SSH' })), 'NoSuchEntity', undefined, 404);
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: id }));
    await rejectsWith(iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: id })), 'NoSuchEntity', undefined, 404);
    await rejectsWith(iam.send(new GetSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: 'short', Encoding: 'SSH' })), 'ValidationError', /sSHPublicKeyId|sshPublicKeyId/i, 400);
  });

  it('an ssh-rsa line with a comment and surrounding whitespace is accepted', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const line = `  ${sshRsaLine(publicKey, 'me@host with spaces')}\n`;
    const up = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyBody: line }))).SSHPublicKey!;
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'sofia', SSHPublicKeyId: up.SSHPublicKeyId }));
    await iam.send(new CreateUserCommand({ UserName: 'gone' }));
    await iam.send(new DeleteUserCommand({ UserName: 'gone' }));
  });
});
