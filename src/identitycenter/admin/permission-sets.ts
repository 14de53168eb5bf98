/**
 * Permission sets: CreatePermissionSet, DescribePermissionSet, UpdatePermissionSet,
 * DeletePermissionSet, ListPermissionSets. Names are unique in an instance ("PermissionSet with
 * name NAME already exists.", ConflictException, as AWS answers); at most 2,000 sets per instance
 * (IAM Identity Center quotas); SessionDuration PT1H–PT12H, PT1H unless set.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html
 */
import { action } from '../../core/action.js';
import { EntityAlreadyExists, LimitExceeded, ValidationError } from '../../core/errors.js';
import { requestTagContext } from '../../iam/tags.js';
import { ConflictError } from '../../store/types.js';
import { authorizeAlso, requireInstance, requirePermissionSet } from './access.js';
import {
  PERMISSION_SET_KIND,
  PERMISSION_SET_NAME_KIND,
  type PermissionSetData,
  type PermissionSetNameData,
  permissionSetArnOf,
  permissionSetKey,
  permissionSetNameKey,
} from './model.js';
import { checkSessionDuration } from './session-duration.js';
import { duration, instanceArn, maxResults, nextToken, permissionSetDescription, permissionSetName, permissionSetParams, relayState, tagList } from './shapes.js';
import { checkNewTags } from './tags.js';

export const MAX_PERMISSION_SETS = 2000;
export const DEFAULT_SESSION_DURATION = 'PT1H';

/** The PermissionSet structure AWS answers. */
export const permissionSetView = (p: PermissionSetData) => ({
  Name: p.name,
  PermissionSetArn: p.permissionSetArn,
  Description: p.description,
  CreatedDate: new Date(p.createdDate),
  SessionDuration: p.sessionDuration,
  RelayState: p.relayState,
});

const nameTaken = (name: string) => EntityAlreadyExists(`PermissionSet with name ${name} already exists.`);

export const createPermissionSet = action({
  service: 'sso',
  name: 'CreatePermissionSet',
  params: {
    Name: { ...permissionSetName, required: true },
    Description: permissionSetDescription,
    InstanceArn: { ...instanceArn, required: true },
    SessionDuration: duration,
    RelayState: relayState,
    Tags: tagList,
  },
  resource: (input) => input.InstanceArn,
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    const tags = checkNewTags(input.Tags ?? []);
    if (input.SessionDuration !== undefined) checkSessionDuration(input.SessionDuration);
    // The new set's id is chosen before the write so that the set itself is authorized (the
    // reference lists PermissionSet as a required resource of CreatePermissionSet).
    const id = `ps-${Buffer.from(ctx.services.random(8)).toString('hex')}`;
    const instanceId = input.InstanceArn.slice(input.InstanceArn.lastIndexOf('/') + 1);
    const arn = permissionSetArnOf(instanceId, id);
    // The instance was authorized without its tags (the registry reads none for an action that
    // creates with aws:RequestTag/…): authorized again with them, then the new set.
    const requestTags = requestTagContext(input.Tags);
    await authorizeAlso(ctx, 'CreatePermissionSet', input.InstanceArn, requestTags);
    await authorizeAlso(ctx, 'CreatePermissionSet', arn, requestTags);
    return ctx.store.write(async (tx) => {
      const instance = await requireInstance(tx, ctx, input.InstanceArn);
      const account = ctx.caller.account;
      if ((await tx.count(account, PERMISSION_SET_KIND, `${instance.instanceId}/`)) >= MAX_PERMISSION_SETS) {
        throw LimitExceeded(`The number of permission sets in the instance cannot exceed ${MAX_PERMISSION_SETS}.`);
      }
      const data: PermissionSetData = {
        permissionSetId: id,
        permissionSetArn: arn,
        instanceId: instance.instanceId,
        name: input.Name,
        ...(input.Description === undefined ? {} : { description: input.Description }),
        createdDate: ctx.now.toISOString(),
        sessionDuration: input.SessionDuration ?? DEFAULT_SESSION_DURATION,
        ...(input.RelayState === undefined ? {} : { relayState: input.RelayState }),
        managedPolicies: [],
        customerManagedPolicies: [],
        tags,
      };
      try {
        await tx.put<PermissionSetNameData>({ account, kind: PERMISSION_SET_NAME_KIND, key: permissionSetNameKey(instance.instanceId, input.Name), data: { permissionSetId: id } }, 0);
        await tx.put({ account, kind: PERMISSION_SET_KIND, key: permissionSetKey(instance.instanceId, id), data }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw nameTaken(input.Name);
        throw e;
      }
      return { PermissionSet: permissionSetView(data) };
    });
  },
});

export const describePermissionSet = action({
  service: 'sso',
  name: 'DescribePermissionSet',
  params: permissionSetParams,
  resource: (input) => input.PermissionSetArn,
  handler: async (ctx, input) => {
    await authorizeAlso(ctx, 'DescribePermissionSet', input.InstanceArn);
    return ctx.store.read(async (tx) => {
      const { set } = await requirePermissionSet(tx, ctx, input.InstanceArn, input.PermissionSetArn);
      return { PermissionSet: permissionSetView(set.data) };
    });
  },
});

/** Description, SessionDuration and RelayState; a member left out keeps its value. */
export const updatePermissionSet = action({
  service: 'sso',
  name: 'UpdatePermissionSet',
  params: { ...permissionSetParams, Description: permissionSetDescription, SessionDuration: duration, RelayState: relayState },
  resource: (input) => input.PermissionSetArn,
  handler: async (ctx, input) => {
    await authorizeAlso(ctx, 'UpdatePermissionSet', input.InstanceArn);
    if (input.SessionDuration !== undefined) checkSessionDuration(input.SessionDuration);
    return ctx.store.write(async (tx) => {
      const { set } = await requirePermissionSet(tx, ctx, input.InstanceArn, input.PermissionSetArn);
      const data: PermissionSetData = {
        ...set.data,
        ...(input.Description === undefined ? {} : { description: input.Description }),
        ...(input.SessionDuration === undefined ? {} : { sessionDuration: input.SessionDuration }),
        ...(input.RelayState === undefined ? {} : { relayState: input.RelayState }),
      };
      await tx.put({ account: ctx.caller.account, kind: PERMISSION_SET_KIND, key: set.key, data }, set.version);
      return {};
    });
  },
});

export const deletePermissionSet = action({
  service: 'sso',
  name: 'DeletePermissionSet',
  params: permissionSetParams,
  resource: (input) => input.PermissionSetArn,
  handler: async (ctx, input) => {
    await authorizeAlso(ctx, 'DeletePermissionSet', input.InstanceArn);
    return ctx.store.write(async (tx) => {
      const { instance, set } = await requirePermissionSet(tx, ctx, input.InstanceArn, input.PermissionSetArn);
      const account = ctx.caller.account;
      await tx.delete(account, PERMISSION_SET_NAME_KIND, permissionSetNameKey(instance.instanceId, set.data.name));
      await tx.delete(account, PERMISSION_SET_KIND, set.key, set.version);
      return {};
    });
  },
});

const DEFAULT_PAGE = 100;

/**
 * The sets of an instance in key order; NextToken is the last key returned, base64url-encoded
 * (a token naming no key of this instance is refused).
 */
export const listPermissionSets = action({
  service: 'sso',
  name: 'ListPermissionSets',
  params: { InstanceArn: { ...instanceArn, required: true }, NextToken: nextToken, MaxResults: maxResults },
  resource: (input) => input.InstanceArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const instance = await requireInstance(tx, ctx, input.InstanceArn);
      const prefix = `${instance.instanceId}/`;
      let after: string | undefined;
      if (input.NextToken !== undefined && input.NextToken !== '') {
        after = Buffer.from(input.NextToken, 'base64url').toString('utf8');
        if (!after.startsWith(prefix) || !/^[\w./-]{1,64}$/.test(after)) throw ValidationError('The NextToken is not valid.');
      }
      const limit = input.MaxResults ?? DEFAULT_PAGE;
      const items = await tx.list<PermissionSetData>(ctx.caller.account, PERMISSION_SET_KIND, { prefix, ...(after === undefined ? {} : { after }), limit: limit + 1 });
      const page = items.slice(0, limit);
      const more = items.length > limit;
      return { PermissionSets: page.map((i) => i.data.permissionSetArn), NextToken: more ? Buffer.from(page[page.length - 1]!.key, 'utf8').toString('base64url') : undefined };
    }),
});

export const permissionSetActions = [createPermissionSet, describePermissionSet, updatePermissionSet, deletePermissionSet, listPermissionSets];
