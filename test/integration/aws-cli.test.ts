/** The AWS CLI (where installed; CI installs it) runs the server-core flows against a real server. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../support/repo.js';
import { awsCli } from '../support/aws-cli.js';
import { type TestServer, startTestServer } from '../support/server.js';

const run = promisify(execFile);


describe('AWS CLI flows', () => {
  const version = awsCli();
  // Locally without the CLI the test says so; under CI it must run (.ci/run installs awscli).
  const skip = version === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed (apt-get install -y awscli)' : false;
  let t: TestServer;
  before(async () => {
    if (!skip) t = await startTestServer();
  });
  after(async () => {
    if (!skip) await t.close();
  });
  it('users, keys, groups, policies, enforcement, Organizations and AssumeRole', { skip, timeout: 180_000 }, async () => {
    assert.ok(version, 'the AWS CLI is required under CI');
    const { stdout } = await run('bash', [`${repoRoot()}/test/cli/aws-cli-flows.sh`], {
      env: { ...process.env, ROLEGATE_URL: t.url, AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
      timeout: 170_000,
    });
    assert.match(stdout, /aws-cli flows: ok/);
  });
});
