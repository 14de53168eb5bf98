/**
 * rolesanywhere Create/Get/Update/Delete/Enable/Disable/ListProfiles: the roles a session may
 * assume through a profile, the session policies (inline `sessionPolicy`, `managedPolicyArns`)
 * that bound it, its duration (900–43200 s, one hour by default), whether the session name may
 * be given (`acceptRoleSessionName`) and instance properties required. Authorized as
 * `rolesanywhere:<Action>` on `arn:aws:rolesanywhere:REGION:ACCOUNT:profile/ID` (Create and List
 * on `*`, Create with aws:RequestTag/… and aws:TagKeys).
 * https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateProfile.html
 */
import { type ActionContext, action } from '../core/action.js';
import { MalformedPolicyDocument } from '../core/errors.js';
import { MalformedPolicyDocumentError, validatePolicy } from '../policy/index.js';
import { DEFAULT_DURATION, PROFILE_KIND, type ProfileData, profileArn, profileKey, profileView } from './model.js';
import { durationSeconds, listParams, managedPolicyList, resourceName, roleArnList, sessionPolicy, tagList, uuid } from './shapes.js';
import { checkTags, requestTagContext } from './tags.js';
import { type ResourceType, deleteItem, getItem, listItems, newUuid, setEnabled, updateItem } from './resources.js';

/** The inline session policy: AWS's grammar for identity policies (as sts:AssumeRole's Policy). */
function checkedPolicy(policy: string | undefined): string | undefined {
  if (policy === undefined) return undefined;
  try {
    validatePolicy(policy, 'identity');
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) throw MalformedPolicyDocument(e.message);
    throw e;
  }
  return policy;
}

/** Profiles as resources.ts handles them. */
export const PROFILE: ResourceType<ProfileData> = { kind: PROFILE_KIND, member: 'profile', view: profileView };

const profileResource = (input: { readonly profileId: string }, caller: { readonly account: string }, ctx: ActionContext): string => profileArn(ctx.region, caller.account, input.profileId);

export const createProfile = action({
  service: 'rolesanywhere',
  name: 'CreateProfile',
  params: {
    name: { ...resourceName, required: true },
    requireInstanceProperties: { type: 'boolean' },
    sessionPolicy,
    roleArns: { ...roleArnList, required: true },
    managedPolicyArns: managedPolicyList,
    durationSeconds,
    enabled: { type: 'boolean' },
    tags: tagList,
    acceptRoleSessionName: { type: 'boolean' },
  },
  resource: () => '*',
  context: (input) => requestTagContext(input.tags),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const policy = checkedPolicy(input.sessionPolicy);
    const tags = checkTags(input.tags ?? [], []);
    const id = newUuid(ctx);
    const now = ctx.now.toISOString();
    const data: ProfileData = {
      profileId: id,
      profileArn: profileArn(ctx.region, account, id),
      name: input.name,
      requireInstanceProperties: input.requireInstanceProperties ?? false,
      enabled: input.enabled ?? false,
      createdBy: ctx.caller.arn,
      ...(policy === undefined ? {} : { sessionPolicy: policy }),
      roleArns: input.roleArns,
      managedPolicyArns: input.managedPolicyArns ?? [],
      createdAt: now,
      updatedAt: now,
      durationSeconds: input.durationSeconds ?? DEFAULT_DURATION,
      acceptRoleSessionName: input.acceptRoleSessionName ?? false,
      tags,
    };
    await ctx.store.write((tx) => tx.put({ account, kind: PROFILE_KIND, key: profileKey(ctx.region, id), data }, 0));
    return { profile: profileView(data) };
  },
});

export const getProfile = action({
  service: 'rolesanywhere',
  name: 'GetProfile',
  params: { profileId: { ...uuid, required: true } },
  resource: profileResource,
  handler: (ctx, input) => getItem(ctx, PROFILE, input.profileId),
});

export const updateProfile = action({
  service: 'rolesanywhere',
  name: 'UpdateProfile',
  params: { profileId: { ...uuid, required: true }, name: resourceName, sessionPolicy, roleArns: roleArnList, managedPolicyArns: managedPolicyList, durationSeconds, acceptRoleSessionName: { type: 'boolean' } },
  resource: profileResource,
  handler: (ctx, input) => {
    const policy = checkedPolicy(input.sessionPolicy);
    return updateItem(ctx, PROFILE, input.profileId, (p) => ({
      ...p,
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(policy === undefined ? {} : { sessionPolicy: policy }),
      ...(input.roleArns === undefined ? {} : { roleArns: input.roleArns }),
      ...(input.managedPolicyArns === undefined ? {} : { managedPolicyArns: input.managedPolicyArns }),
      ...(input.durationSeconds === undefined ? {} : { durationSeconds: input.durationSeconds }),
      ...(input.acceptRoleSessionName === undefined ? {} : { acceptRoleSessionName: input.acceptRoleSessionName }),
    }));
  },
});

export const enableProfile = action({
  service: 'rolesanywhere',
  name: 'EnableProfile',
  params: { profileId: { ...uuid, required: true } },
  resource: profileResource,
  handler: (ctx, input) => setEnabled(ctx, PROFILE, input.profileId, true),
});

export const disableProfile = action({
  service: 'rolesanywhere',
  name: 'DisableProfile',
  params: { profileId: { ...uuid, required: true } },
  resource: profileResource,
  handler: (ctx, input) => setEnabled(ctx, PROFILE, input.profileId, false),
});

export const deleteProfile = action({
  service: 'rolesanywhere',
  name: 'DeleteProfile',
  params: { profileId: { ...uuid, required: true } },
  resource: profileResource,
  handler: (ctx, input) => deleteItem(ctx, PROFILE, input.profileId),
});

export const listProfiles = action({
  service: 'rolesanywhere',
  name: 'ListProfiles',
  params: listParams,
  resource: () => '*',
  handler: (ctx, input) => listItems(ctx, PROFILE_KIND, input, 'profiles', profileView),
});

export const profileActions = [createProfile, getProfile, updateProfile, deleteProfile, enableProfile, disableProfile, listProfiles];
