/**
 * iam:SimulateCustomPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
 * Policies given as strings (PolicyInputList, PermissionsBoundaryPolicyInputList, ResourcePolicy),
 * simulated for CallerArn or, without one, for the identity policies alone. The action takes no
 * resource in the Service Authorization Reference: only Resource "*" grants it. The caller's
 * account's SCPs apply (organizations.ts).
 */
import { action } from '../../core/action.js';
import { buildSimulation } from './caller.js';
import { inputPolicies } from './inputs.js';
import { withControlPolicies } from './organizations.js';
import { runSimulation } from './run.js';
import { policyList, simulateParams } from './shapes.js';

export const simulateCustomPolicy = action({
  service: 'iam',
  name: 'SimulateCustomPolicy',
  params: { PolicyInputList: { ...policyList, required: true }, ...simulateParams },
  resource: () => '*',
  handler: async (ctx, input) => {
    const identity = await inputPolicies(input.PolicyInputList, 'PolicyInputList', 'IAM Policy');
    const boundaryList = input.PermissionsBoundaryPolicyInputList;
    const boundary = boundaryList === undefined || boundaryList.length === 0
      ? undefined
      : await inputPolicies(boundaryList, 'PermissionsBoundaryPolicyInputList', 'PermissionsBoundaryPolicy');
    const sim = await ctx.store.read(async (tx) => {
      return buildSimulation(tx, ctx.caller.account, input, { identity, boundary, defaultCaller: undefined }, false);
    });
    return runSimulation(await withControlPolicies(ctx.services, ctx.caller.account, sim, false), input);
  },
});
