/**
 * The user credentials beyond access keys and MFA — SSH public keys, signing certificates,
 * service-specific credentials — follow UpdateUser's rename (re-keyed in the rename's one
 * transaction, naming the new user) and block DeleteUser until removed, as access keys do; and
 * the AWS CLI drives upload-ssh-public-key / get-ssh-public-key / upload-server-certificate.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteSSHPublicKeyCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteUserCommand,
  GetSSHPublicKeyCommand,
  type IAMClient,
  ListSSHPublicKeysCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  UpdateUserCommand,
  UploadSSHPublicKeyCommand,
  UploadSigningCertificateCommand,
} from '@aws-sdk/client-iam';
import { awsCli } from '../support/aws-cli.js';
import { rejectsWith } from '../support/iam-identity.js';
import { rsaKey, selfSigned } from '../support/certs.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const run = promisify(execFile);

describe('user credentials follow UpdateUser and block DeleteUser', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  it('a renamed user keeps its SSH keys, signing certificates and service-specific credentials', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'old' }));
    const ssh = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'old', SSHPublicKeyBody: rsaKey().ssh }))).SSHPublicKey!.SSHPublicKeyId!;
    const cert = (await iam.send(new UploadSigningCertificateCommand({ UserName: 'old', CertificateBody: (await selfSigned()).certPem }))).Certificate!.CertificateId!;
    const cred = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'old', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential!;

    await iam.send(new UpdateUserCommand({ UserName: 'old', NewUserName: 'New' }));

    const keys = (await iam.send(new ListSSHPublicKeysCommand({ UserName: 'New' }))).SSHPublicKeys!;
    assert.deepEqual(keys.map((k) => [k.SSHPublicKeyId, k.UserName]), [[ssh, 'New']]);
    assert.equal((await iam.send(new GetSSHPublicKeyCommand({ UserName: 'new', SSHPublicKeyId: ssh, Encoding: 'SSH' }))).SSHPublicKey!.UserName, 'New');
    const certs = (await iam.send(new ListSigningCertificatesCommand({ UserName: 'New' }))).Certificates!;
    assert.deepEqual(certs.map((c) => [c.CertificateId, c.UserName]), [[cert, 'New']]);
    const creds = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'New' }))).ServiceSpecificCredentials!;
    assert.deepEqual(creds.map((c) => [c.ServiceSpecificCredentialId, c.UserName]), [[cred.ServiceSpecificCredentialId, 'New']]);
    await rejectsWith(iam.send(new ListSSHPublicKeysCommand({ UserName: 'old' })), 'NoSuchEntity', 'The user with name old cannot be found.', 404);

    // Each kind alone blocks DeleteUser.
    const conflict = (): Promise<void> => rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'New' })), 'DeleteConflict', 'Cannot delete entity, must remove referenced objects first.', 409);
    await conflict();
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'New', ServiceSpecificCredentialId: cred.ServiceSpecificCredentialId }));
    await conflict();
    await iam.send(new DeleteSigningCertificateCommand({ UserName: 'New', CertificateId: cert }));
    await conflict();
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'New', SSHPublicKeyId: ssh }));
    await iam.send(new DeleteUserCommand({ UserName: 'New' }));
  });

  it('a rename that only changes case keeps them too', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'casey' }));
    const ssh = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'casey', SSHPublicKeyBody: rsaKey().ssh }))).SSHPublicKey!.SSHPublicKeyId!;
    await iam.send(new UpdateUserCommand({ UserName: 'casey', NewUserName: 'Casey' }));
    const keys = (await iam.send(new ListSSHPublicKeysCommand({ UserName: 'Casey' }))).SSHPublicKeys!;
    assert.deepEqual(keys.map((k) => [k.SSHPublicKeyId, k.UserName]), [[ssh, 'Casey']]);
  });
});

describe('AWS CLI: SSH public keys and server certificates', () => {
  const version = awsCli();
  const skip = version === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed (apt-get install -y awscli)' : false;
  let t: TestServer;
  before(async () => {
    if (!skip) t = await startTestServer();
  });
  after(async () => {
    if (!skip) await t.close();
  });

  it('upload-ssh-public-key, get-ssh-public-key --encoding SSH/PEM, upload-server-certificate file://', { skip, timeout: 120_000 }, async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const aws = async (...args: string[]): Promise<Record<string, Record<string, unknown>>> => {
      const { stdout } = await run('aws', ['--endpoint-url', t.url, '--output', 'json', ...args], { env });
      return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, Record<string, unknown>>);
    };
    const dir = mkdtempSync(join(tmpdir(), 'rg-cli-'));
    const k = rsaKey();
    writeFileSync(join(dir, 'id_rsa.pub'), `${k.ssh}\n`);
    await aws('iam', 'create-user', '--user-name', 'cli-ssh');
    const up = (await aws('iam', 'upload-ssh-public-key', '--user-name', 'cli-ssh', '--ssh-public-key-body', `file://${join(dir, 'id_rsa.pub')}`))['SSHPublicKey']!;
    assert.match(String(up['SSHPublicKeyId']), /^APKA/);
    const id = String(up['SSHPublicKeyId']);
    const ssh = (await aws('iam', 'get-ssh-public-key', '--user-name', 'cli-ssh', '--ssh-public-key-id', id, '--encoding', 'SSH'))['SSHPublicKey']!;
    assert.equal(ssh['SSHPublicKeyBody'], k.ssh.split(' ').slice(0, 2).join(' '));
    assert.equal(ssh['Fingerprint'], up['Fingerprint']);
    const pem = (await aws('iam', 'get-ssh-public-key', '--user-name', 'cli-ssh', '--ssh-public-key-id', id, '--encoding', 'PEM'))['SSHPublicKey']!;
    assert.equal(pem['SSHPublicKeyBody'], k.spki);

    const c = await selfSigned({ cn: 'cli.example.com' });
    writeFileSync(join(dir, 'cert.pem'), c.certPem);
    writeFileSync(join(dir, 'key.pem'), c.keyPem);
    const sc = (await aws('iam', 'upload-server-certificate', '--server-certificate-name', 'cli-web', '--certificate-body', `file://${join(dir, 'cert.pem')}`, '--private-key', `file://${join(dir, 'key.pem')}`))['ServerCertificateMetadata']!;
    assert.equal(sc['Arn'], `arn:aws:iam::${TEST_ACCOUNT}:server-certificate/cli-web`);
    const listed = await aws('iam', 'list-server-certificates');
    assert.equal((listed['ServerCertificateMetadataList'] as unknown as unknown[]).length, 1);
  });
});
