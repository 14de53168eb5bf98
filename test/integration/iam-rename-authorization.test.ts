/**
 * UpdateUser and UpdateGroup renames are authorized against the source and the target. AWS: "the
 * user must have permission on both the source object and the target object"
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html, API_UpdateGroup.html;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_rename.html). The target is the new
 * name under the new path, each defaulting to the current one; it is decided before the new name
 * is looked up, so a denied rename does not tell whether that name is taken.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateGroupCommand, CreateUserCommand, GetGroupCommand, GetUserCommand, type IAMClient, UpdateGroupCommand, UpdateUserCommand } from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { putUser } from '../support/fixtures.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const ARN = `arn:aws:iam::${TEST_ACCOUNT}`;
const denied = (action: string, resource: string): string =>
  `User: ${ARN}:user/renamer is not authorized to perform: iam:${action} on resource: ${resource} because no identity-based policy allows the iam:${action} action`;

/** The answer a call gets, as comparable data (code, status, message), or 'ok'. */
async function answer(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
}

describe('renames need permission on the source and the target', () => {
  let t: TestServer;
  let iam: IAMClient;
  let renamer: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    for (const [name, path] of [['mover', '/team/'], ['stayer', '/team/'], ['boss', '/admins/'], ['taken', '/team/']] as const) {
      await iam.send(new CreateUserCommand({ UserName: name, Path: path }));
      await iam.send(new CreateGroupCommand({ GroupName: `g-${name}`, Path: path }));
    }
    const policy = {
      Version: '2012-10-17',
      Statement: [
        // Anything under /team/ may be renamed within /team/.
        { Effect: 'Allow', Action: ['iam:UpdateUser', 'iam:UpdateGroup'], Resource: [`${ARN}:user/team/*`, `${ARN}:group/team/*`] },
      ],
    };
    renamer = t.iam(await putUser(t, 'renamer', { inline: { p: policy } }));
  });
  after(async () => {
    await t.close();
  });

  it('UpdateUser: a new path the caller may not use is denied, the user stays', async () => {
    await rejectsWith(renamer.send(new UpdateUserCommand({ UserName: 'stayer', NewPath: '/admins/' })), 'AccessDenied', denied('UpdateUser', 'user stayer'), 403);
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'stayer' }))).User?.Arn, `${ARN}:user/team/stayer`);
  });

  it('UpdateUser: a new name is authorized under the current path (NewPath absent)', async () => {
    await renamer.send(new UpdateUserCommand({ UserName: 'mover', NewUserName: 'moved' }));
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'moved' }))).User?.Arn, `${ARN}:user/team/moved`);
  });

  it('UpdateUser: a denied target answers alike whether its name is taken or free', async () => {
    // The target /admins/boss exists, /admins/nobody does not: the answers are the same denial.
    const taken = await answer(renamer.send(new UpdateUserCommand({ UserName: 'stayer', NewUserName: 'boss', NewPath: '/admins/' })));
    const free = await answer(renamer.send(new UpdateUserCommand({ UserName: 'stayer', NewUserName: 'nobody', NewPath: '/admins/' })));
    assert.deepEqual(taken, { name: 'AccessDenied', status: 403, message: denied('UpdateUser', 'user boss') });
    assert.deepEqual(free, { name: 'AccessDenied', status: 403, message: denied('UpdateUser', 'user nobody') });
    await rejectsWith(iam.send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntity');
    // A target the caller may use and whose name is taken: EntityAlreadyExists, as before.
    await rejectsWith(renamer.send(new UpdateUserCommand({ UserName: 'stayer', NewUserName: 'taken' })), 'EntityAlreadyExists', 'User with name taken already exists.', 409);
  });

  it('UpdateGroup: the new path and the new name are authorized too', async () => {
    await rejectsWith(renamer.send(new UpdateGroupCommand({ GroupName: 'g-stayer', NewPath: '/admins/' })), 'AccessDenied', denied('UpdateGroup', 'group g-stayer'), 403);
    assert.equal((await iam.send(new GetGroupCommand({ GroupName: 'g-stayer' }))).Group?.Arn, `${ARN}:group/team/g-stayer`);
    const taken = await answer(renamer.send(new UpdateGroupCommand({ GroupName: 'g-stayer', NewGroupName: 'g-boss', NewPath: '/admins/' })));
    const free = await answer(renamer.send(new UpdateGroupCommand({ GroupName: 'g-stayer', NewGroupName: 'g-nobody', NewPath: '/admins/' })));
    assert.deepEqual(taken, { name: 'AccessDenied', status: 403, message: denied('UpdateGroup', 'group g-boss') });
    assert.deepEqual(free, { name: 'AccessDenied', status: 403, message: denied('UpdateGroup', 'group g-nobody') });
    await rejectsWith(iam.send(new GetGroupCommand({ GroupName: 'g-nobody' })), 'NoSuchEntity');
    await renamer.send(new UpdateGroupCommand({ GroupName: 'g-mover', NewGroupName: 'g-moved' }));
    assert.equal((await iam.send(new GetGroupCommand({ GroupName: 'g-moved' }))).Group?.Arn, `${ARN}:group/team/g-moved`);
  });
});
