/**
 * iam:CreateInstanceProfile — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
 * iam:DeleteInstanceProfile — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteInstanceProfile.html
 * Names unique ignoring case ("Instance Profile X already exists."); a profile still holding a
 * role cannot be deleted ("Cannot delete entity, must remove roles from instance profile first.").
 */
import { newUniqueId } from '../../credentials/ids.js';
import { DeleteConflict, EntityAlreadyExists, LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { ConflictError } from '../../store/types.js';
import { type InstanceProfileData, KIND, instanceProfileArn, iso, nameKey } from '../model.js';
import { instanceProfileName } from '../roles/shapes.js';
import { path, type Tag, tags } from '../shapes.js';
import { checkDuplicateTags, requestTagContext } from '../tags.js';
import { getProfile, profileResource, profileView } from './common.js';
import { deniedInstanceProfile } from '../denied-as.js';

const alreadyExists = (name: string): Error => EntityAlreadyExists(`Instance Profile ${name} already exists.`);

export const createInstanceProfile = action({
  service: 'iam',
  name: 'CreateInstanceProfile',
  params: { InstanceProfileName: { ...instanceProfileName, required: true }, Path: path, Tags: tags },
  resource: (input, caller) => instanceProfileArn(caller.account, input.Path ?? '/', input.InstanceProfileName),
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const tagList: readonly Tag[] = input.Tags ?? [];
    checkDuplicateTags(tagList);
    const p = input.Path ?? '/';
    const profile: InstanceProfileData = {
      name: input.InstanceProfileName,
      path: p,
      id: newUniqueId('AIPA', ctx.services.random),
      arn: instanceProfileArn(account, p, input.InstanceProfileName),
      createdAt: iso(ctx.now),
      roles: [],
      tags: tagList.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    return ctx.store.write(async (tx) => {
      if ((await tx.get(account, KIND.instanceProfile, nameKey(profile.name))) !== undefined) throw alreadyExists(profile.name);
      const quota = ctx.services.config.quotas.instanceProfilesPerAccount;
      if ((await tx.count(account, KIND.instanceProfile)) >= quota) throw LimitExceeded(`Cannot exceed quota for InstanceProfilesPerAccount: ${quota}`);
      try {
        await tx.put<InstanceProfileData>({ account, kind: KIND.instanceProfile, key: nameKey(profile.name), id: profile.id, data: profile }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw alreadyExists(profile.name);
        throw e;
      }
      return { InstanceProfile: await profileView(tx, profile, 'present') };
    });
  },
});

export const deleteInstanceProfile = action({
  service: 'iam',
  name: 'DeleteInstanceProfile',
  params: { InstanceProfileName: { ...instanceProfileName, required: true } },
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  deniedAs: deniedInstanceProfile,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const profile = await getProfile(tx, account, input.InstanceProfileName);
      if (profile.data.roles.length > 0) throw DeleteConflict('Cannot delete entity, must remove roles from instance profile first.');
      await tx.delete(account, KIND.instanceProfile, profile.key, profile.version);
    });
    return undefined;
  },
});

export const getInstanceProfile = action({
  service: 'iam',
  name: 'GetInstanceProfile',
  params: { InstanceProfileName: { ...instanceProfileName, required: true } },
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  deniedAs: deniedInstanceProfile,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const profile = await getProfile(tx, ctx.caller.account, input.InstanceProfileName);
      return { InstanceProfile: await profileView(tx, profile.data, 'always') };
    }),
});
