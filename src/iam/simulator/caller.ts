/**
 * Who the simulated request comes from, and what both simulate actions check before running.
 * CallerArn: "The ARN of the IAM user that you want to use as the simulated caller … CallerArn is
 * required if you include a ResourcePolicy so that the policy's Principal element has a value to
 * use in evaluating the policy" (API_SimulateCustomPolicy.html); SimulatePrincipalPolicy defaults
 * it to the PolicySourceArn user (API_SimulatePrincipalPolicy.html).
 */
import { InvalidInput } from '../../core/errors.js';
import type { ReadTx } from '../../store/types.js';
import { KIND, type UserData, nameKey } from '../model.js';
import { checkCallerArn, checkResourceArns, checked, contextOf, resourceOwnerAccount } from './inputs.js';
import { inOrganization } from './run.js';
import type { SimulateInput, Simulation, SourcePolicy } from './types.js';

type Principal = Simulation['principal'];

/** The CallerArn user, with its unique id and tags when it exists (Principal elements may name either). */
export async function callerPrincipal(tx: ReadTx, arn: string): Promise<Principal> {
  const account = checkCallerArn(arn);
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const user = await tx.get<UserData>(account, KIND.user, nameKey(name));
  if (user === undefined || user.data.arn !== arn) return { arn };
  return userPrincipal(user.data);
}

export const userPrincipal = (u: UserData): Principal => ({ arn: u.arn, id: u.id, tags: Object.fromEntries(u.tags.map((t) => [t.Key, t.Value])) });

/**
 * Without a caller the identity policies are simulated on their own, for a caller of the account
 * that has no name: no Principal element can name it and no key is derived from it.
 */
export const anonymousCaller = (account: string): Principal => ({ arn: `arn:aws:iam::${account}:user/` });

export interface SimulationParts {
  readonly identity: readonly SourcePolicy[];
  readonly boundary: readonly SourcePolicy[] | undefined;
  /** The caller when the policy source itself is one (a user, or a role for its own policies). */
  readonly defaultCaller: Principal | undefined;
}

/** Assembles the simulation from the policies and the request's own parameters. */
export async function buildSimulation(tx: ReadTx, account: string, input: SimulateInput, parts: SimulationParts, sourceIsUser: boolean): Promise<Simulation> {
  checkResourceArns(input.ResourceArns);
  const resourcePolicy =
    input.ResourcePolicy === undefined ? undefined : checked({ id: 'ResourcePolicy', type: 'Resource Policy', text: input.ResourcePolicy }, 'resource');
  if (resourcePolicy !== undefined && input.CallerArn === undefined && !sourceIsUser) {
    throw InvalidInput('CallerArn must be specified when a ResourcePolicy is included and the policy source is not an IAM user.');
  }
  const owner = resourceOwnerAccount(input.ResourceOwner);
  const principal = input.CallerArn !== undefined ? await callerPrincipal(tx, input.CallerArn) : (parts.defaultCaller ?? anonymousCaller(account));
  const callerAccount = principal.arn.split(':')[4] ?? account;
  return {
    account: callerAccount,
    principal,
    identity: parts.identity,
    ...(parts.boundary === undefined ? {} : { boundary: parts.boundary }),
    ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
    // AWS: without ResourceOwner, "the owner of the resources and the resource policy defaults to
    // the account of the identity provided in CallerArn".
    resourceOwner: owner ?? callerAccount,
    // Frozen, the engine lower-cases its keys once for the whole simulation (evaluate.ts lowerContext).
    context: Object.freeze(contextOf(input.ContextEntries)),
    inOrganization: await inOrganization(tx, account),
  };
}
