/**
 * organizations:DescribeOrganizationalUnit, UpdateOrganizationalUnit (rename) and
 * DeleteOrganizationalUnit (only an empty OU: no accounts, no child OUs).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganizationalUnit.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdateOrganizationalUnit.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeleteOrganizationalUnit.html
 * Authorization: the ou resource type.
 */
import { action } from '../core/action.js';
import { detachAll } from './attachments.js';
import { nameTaken } from './create-organizational-unit.js';
import { DuplicateOu, OuNotEmpty, OuNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { ouOutput } from './present.js';
import { memberArn, orgResource } from './resource.js';
import { ouId, ouName } from './shapes.js';
import { childrenOf, parentOf, unplaceChild } from './tree.js';
import { type OuData, TREE_KIND } from './tree-model.js';

interface OuInput {
  readonly OrganizationalUnitId: string;
}

const ouResource = (input: OuInput, caller: Parameters<typeof orgResource>[0], ctx: Parameters<typeof orgResource>[1]): Promise<string> =>
  orgResource(caller, ctx, (org) => memberArn(org, input.OrganizationalUnitId));

export const describeOrganizationalUnit = action({
  service: 'organizations',
  name: 'DescribeOrganizationalUnit',
  params: { OrganizationalUnitId: { ...ouId, required: true } },
  resource: ouResource,
  handler: async (ctx, input) => {
    const out = await ctx.store.read(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const ou = await tx.get<OuData>(org.managementAccountId, TREE_KIND.ou, input.OrganizationalUnitId);
      if (ou === undefined) throw OuNotFound();
      return ouOutput(org, ou.data);
    });
    return { OrganizationalUnit: out };
  },
});

export const updateOrganizationalUnit = action({
  service: 'organizations',
  name: 'UpdateOrganizationalUnit',
  params: { OrganizationalUnitId: { ...ouId, required: true }, Name: ouName },
  resource: ouResource,
  handler: async (ctx, input) => {
    const out = await ctx.store.write(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const mgmt = org.managementAccountId;
      const ou = await tx.get<OuData>(mgmt, TREE_KIND.ou, input.OrganizationalUnitId);
      if (ou === undefined) throw OuNotFound();
      if (input.Name === undefined || input.Name === ou.data.name) return ouOutput(org, ou.data);
      const siblings = await childrenOf(tx, org, await parentOf(tx, org, ou.data.id), 'ORGANIZATIONAL_UNIT');
      if (await nameTaken(tx, mgmt, siblings, input.Name)) throw DuplicateOu();
      const data: OuData = { ...ou.data, name: input.Name };
      await tx.put<OuData>({ account: mgmt, kind: TREE_KIND.ou, key: data.id, data }, ou.version);
      return ouOutput(org, data);
    });
    return { OrganizationalUnit: out };
  },
});

export const deleteOrganizationalUnit = action({
  service: 'organizations',
  name: 'DeleteOrganizationalUnit',
  params: { OrganizationalUnitId: { ...ouId, required: true } },
  resource: ouResource,
  handler: async (ctx, input) => {
    await ctx.store.write(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const mgmt = org.managementAccountId;
      const id = input.OrganizationalUnitId;
      const ou = await tx.get<OuData>(mgmt, TREE_KIND.ou, id);
      if (ou === undefined) throw OuNotFound();
      if ((await tx.count(mgmt, TREE_KIND.child, `${id}/`)) > 0) throw OuNotEmpty();
      await unplaceChild(tx, org, await parentOf(tx, org, id), 'ORGANIZATIONAL_UNIT', id);
      await detachAll(tx, mgmt, id);
      await tx.delete(mgmt, TREE_KIND.ou, id, ou.version);
    });
    return {};
  },
});
