/**
 * iam:CreateUser — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
 * Names are unique ignoring case; the response carries PermissionsBoundary and Tags only when set.
 */
import { newUniqueId } from '../../credentials/ids.js';
import { EntityAlreadyExists, LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { ConflictError } from '../../store/types.js';
import { KIND, type UserData, iso, nameKey, userArn } from '../model.js';
import { arn, path, tags, type Tag, userName } from '../shapes.js';
import { adjustBoundaryUsage, checkBoundary, createContext } from './boundary.js';
import { userFull } from './common.js';
import { checkDuplicateTags } from '../tags.js';

/** IAM quotas: "IAM users per AWS account: 5000" (reference_iam-quotas.html). */
export const USERS_PER_ACCOUNT = 5000;

export const createUser = action({
  service: 'iam',
  name: 'CreateUser',
  params: { Path: path, UserName: { ...userName, required: true }, PermissionsBoundary: arn, Tags: tags },
  resource: (input, caller) => userArn(caller.account, input.Path ?? '/', input.UserName),
  context: createContext,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const tagList: readonly Tag[] = input.Tags ?? [];
    checkDuplicateTags(tagList);
    const p = input.Path ?? '/';
    const user: UserData = {
      name: input.UserName,
      path: p,
      id: newUniqueId('AIDA', ctx.services.random),
      arn: userArn(account, p, input.UserName),
      createdAt: iso(ctx.now),
      ...(input.PermissionsBoundary === undefined ? {} : { permissionsBoundary: input.PermissionsBoundary }),
      tags: tagList.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    await ctx.store.write(async (tx) => {
      if (await tx.get(account, KIND.user, nameKey(user.name))) throw alreadyExists(user.name);
      if ((await tx.count(account, KIND.user)) >= USERS_PER_ACCOUNT) {
        throw LimitExceeded(`Cannot exceed quota for UsersPerAccount: ${USERS_PER_ACCOUNT}`);
      }
      if (user.permissionsBoundary !== undefined) {
        await checkBoundary(tx, account, user.permissionsBoundary);
        await adjustBoundaryUsage(tx, account, user.permissionsBoundary, 1);
      }
      try {
        await tx.put<UserData>({ account, kind: KIND.user, key: nameKey(user.name), id: user.id, data: user }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw alreadyExists(user.name);
        throw e;
      }
    });
    return { User: userFull(user) };
  },
});

export const alreadyExists = (name: string): Error => EntityAlreadyExists(`User with name ${name} already exists.`);
