/**
 * organizations:ListOrganizationalUnitsForParent, ListChildren, ListParents.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListOrganizationalUnitsForParent.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListChildren.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListParents.html
 * Authorization: the parent (root, ou) or the child (account, ou) named.
 */
import { action } from '../core/action.js';
import { ChildNotFound, ParentNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { paginate } from './paginate.js';
import { ouOutput } from './present.js';
import { memberArn, orgResource } from './resource.js';
import { childId, childType, maxResults, nextToken, parentId } from './shapes.js';
import { childrenOf, isContainer, parentOf, targetTypeOf } from './tree.js';
import { type OuData, TREE_KIND } from './tree-model.js';

export const listOrganizationalUnitsForParent = action({
  service: 'organizations',
  name: 'ListOrganizationalUnitsForParent',
  params: { ParentId: { ...parentId, required: true }, NextToken: nextToken, MaxResults: maxResults },
  resource: (input, caller, ctx) => orgResource(caller, ctx, (org) => memberArn(org, input.ParentId)),
  handler: async (ctx, input) => {
    const out = await ctx.store.read(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      if (!(await isContainer(tx, org, input.ParentId))) throw ParentNotFound();
      const page = paginate(await childrenOf(tx, org, input.ParentId, 'ORGANIZATIONAL_UNIT'), (c) => c.id, input.NextToken, input.MaxResults);
      const ous = [];
      for (const c of page.items) {
        const ou = await tx.get<OuData>(org.managementAccountId, TREE_KIND.ou, c.id);
        if (ou !== undefined) ous.push(ouOutput(org, ou.data));
      }
      return { OrganizationalUnits: ous, NextToken: page.nextToken };
    });
    return out;
  },
});

export const listChildren = action({
  service: 'organizations',
  name: 'ListChildren',
  params: { ParentId: { ...parentId, required: true }, ChildType: { ...childType, required: true }, NextToken: nextToken, MaxResults: maxResults },
  resource: (input, caller, ctx) => orgResource(caller, ctx, (org) => memberArn(org, input.ParentId)),
  handler: async (ctx, input) => {
    const children = await ctx.store.read(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      if (!(await isContainer(tx, org, input.ParentId))) throw ParentNotFound();
      return childrenOf(tx, org, input.ParentId, input.ChildType);
    });
    const page = paginate(children, (c) => c.id, input.NextToken, input.MaxResults);
    return { Children: page.items.map((c) => ({ Id: c.id, Type: c.type })), NextToken: page.nextToken };
  },
});

export const listParents = action({
  service: 'organizations',
  name: 'ListParents',
  params: { ChildId: { ...childId, required: true }, NextToken: nextToken, MaxResults: maxResults },
  resource: (input, caller, ctx) => orgResource(caller, ctx, (org) => memberArn(org, input.ChildId)),
  handler: async (ctx, input) => {
    const parent = await ctx.store.read(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      if ((await targetTypeOf(tx, org, input.ChildId)) === undefined) throw ChildNotFound();
      const id = await parentOf(tx, org, input.ChildId);
      return { Id: id, Type: id === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
    });
    // AWS: "In the current release, a child can have only a single parent."
    const page = paginate([parent], (p) => p.Id, input.NextToken, input.MaxResults);
    return { Parents: [...page.items], NextToken: page.nextToken };
  },
});
