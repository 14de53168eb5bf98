/**
 * organizations:CreateOrganizationalUnit — under the root or another OU, at most five levels deep;
 * it gets the default policy of every enabled policy type (FullAWSAccess for SCPs).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html
 * Authorization: the parent (root or ou resource type).
 */
import { iso } from '../iam/model.js';
import { action } from '../core/action.js';
import type { ReadTx } from '../store/types.js';
import { attachDefaults } from './attachments.js';
import { ConstraintViolation, DuplicateOu, ParentNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { ouOutput } from './present.js';
import { memberArn, orgResource } from './resource.js';
import { ouName, parentId } from './shapes.js';
import { MAX_OU_DEPTH, ancestorsOf, childrenOf, isContainer, placeChild } from './tree.js';
import { type OuData, TREE_KIND, newOuId } from './tree-model.js';

/** The OUs directly under `parentId` carry distinct names (AWS: DuplicateOrganizationalUnitException). */
export async function nameTaken(tx: ReadTx, mgmt: string, siblings: readonly { id: string }[], name: string): Promise<boolean> {
  for (const s of siblings) {
    if ((await tx.get<OuData>(mgmt, TREE_KIND.ou, s.id))?.data.name === name) return true;
  }
  return false;
}

export const createOrganizationalUnit = action({
  service: 'organizations',
  name: 'CreateOrganizationalUnit',
  params: { ParentId: { ...parentId, required: true }, Name: { ...ouName, required: true } },
  resource: (input, caller, ctx) => orgResource(caller, ctx, (org) => memberArn(org, input.ParentId)),
  handler: async (ctx, input) => {
    const out = await ctx.store.write(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const mgmt = org.managementAccountId;
      if (!(await isContainer(tx, org, input.ParentId))) throw ParentNotFound();
      // The parent's own depth (its ancestors; the root has none) plus the new level.
      const depth = (await ancestorsOf(tx, org, input.ParentId)).length + 1;
      if (depth > MAX_OU_DEPTH) throw ConstraintViolation('OU_DEPTH_LIMIT_EXCEEDED', 'You attempted to create an OU tree that is too many levels deep.');
      if (await nameTaken(tx, mgmt, await childrenOf(tx, org, input.ParentId, 'ORGANIZATIONAL_UNIT'), input.Name)) throw DuplicateOu();
      const ou: OuData = { id: newOuId(org.rootId, ctx.services.random), name: input.Name, createdAt: iso(ctx.now) };
      await tx.put<OuData>({ account: mgmt, kind: TREE_KIND.ou, key: ou.id, data: ou }, 0);
      await placeChild(tx, org, input.ParentId, 'ORGANIZATIONAL_UNIT', ou.id);
      await attachDefaults(tx, org, ou.id, 'ORGANIZATIONAL_UNIT');
      return ouOutput(org, ou);
    });
    return { OrganizationalUnit: out };
  },
});
