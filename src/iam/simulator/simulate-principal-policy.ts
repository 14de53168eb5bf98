/**
 * iam:SimulatePrincipalPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 * The policies of a user (with its groups'), group or role, plus PolicyInputList; the entity's
 * permissions boundary unless PermissionsBoundaryPolicyInputList replaces it ("the new
 * permissions boundary policy is used for the simulation"). Authorized against the
 * PolicySourceArn (Service Authorization Reference: resource types user, group, role). The
 * calling account's SCPs (the PolicySourceArn's account) apply as enforcement applies them (organizations.ts).
 */
import { action } from '../../core/action.js';
import { buildSimulation, userPrincipal } from './caller.js';
import { inputPolicies } from './inputs.js';
import { withControlPolicies } from './organizations.js';
import { runSimulation } from './run.js';
import { policyList, policySourceArn, simulateParams } from './shapes.js';
import { loadSource } from './sources.js';

export const simulatePrincipalPolicy = action({
  service: 'iam',
  name: 'SimulatePrincipalPolicy',
  params: { PolicySourceArn: policySourceArn, PolicyInputList: policyList, ...simulateParams },
  resource: (input) => input.PolicySourceArn,
  handler: async (ctx, input) => {
    let serviceLinked = false;
    const extra = await inputPolicies(input.PolicyInputList, 'PolicyInputList', 'IAM Policy');
    const boundaryList = input.PermissionsBoundaryPolicyInputList;
    const replaced = boundaryList !== undefined && boundaryList.length > 0
      ? await inputPolicies(boundaryList, 'PermissionsBoundaryPolicyInputList', 'PermissionsBoundaryPolicy')
      : undefined;
    const sim = await ctx.store.read(async (tx) => {
      const account = ctx.caller.account;
      const source = await loadSource(tx, account, input.PolicySourceArn);
      // The user (or the role, standing for a session of it) is the caller unless CallerArn says otherwise.
      const defaultCaller = source.user !== undefined ? userPrincipal(source.user) : source.role !== undefined ? { arn: source.role.arn, id: source.role.id } : undefined;
      // A service-linked role standing for its own sessions is exempt from SCPs; a CallerArn user is not.
      serviceLinked = source.role?.serviceLinked === true && input.CallerArn === undefined;
      return buildSimulation(
        tx,
        account,
        input,
        { identity: [...source.identity, ...extra], boundary: replaced ?? source.boundary, defaultCaller },
        source.type === 'user',
      );
    });
    return runSimulation(await withControlPolicies(ctx.services, ctx.caller.account, sim, serviceLinked), input);
  },
});
