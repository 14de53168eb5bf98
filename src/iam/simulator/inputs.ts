/**
 * Checks on simulator inputs beyond the service model: policy documents parse (AWS's grammar,
 * from the engine), resource names are ARNs, ResourceOwner names an account, CallerArn names an
 * IAM user, and ContextEntries become the request context.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html
 */
import { MalformedPolicyDocumentError, compilePolicy } from '../../policy/index.js';
import type { ContextValue, PolicyKind } from '../../policy/index.js';
import { InvalidInput } from '../../core/errors.js';
import type { ContextEntry, SourcePolicy, SourceType } from './types.js';

/**
 * Each document of a PolicyInputList-style parameter, named `<Parameter>.<n>` as AWS names them
 * in MatchedStatements ("PolicyInputList.1", aws-cli simulate-custom-policy example).
 * One document per event-loop turn: a list may carry ~1 MiB of policy text, and validating and
 * compiling all of it at once held the loop 250–490 ms (issue 11); one 131,072-character
 * document is a few tens of ms. Call it before opening a store transaction (no transaction is
 * held across the turns).
 */
export async function inputPolicies(list: readonly string[] | undefined, param: string, type: SourceType, kind: PolicyKind = 'identity'): Promise<SourcePolicy[]> {
  const out: SourcePolicy[] = [];
  for (const [i, text] of (list ?? []).entries()) {
    await new Promise(setImmediate);
    out.push(checked({ id: `${param}.${i + 1}`, type, text }, kind));
  }
  return out;
}

/**
 * A malformed document is refused with InvalidInput (the simulate actions declare InvalidInput,
 * not MalformedPolicyDocument) carrying the grammar's message. The document is validated and
 * compiled once, and the simulation runs that compiled policy (SourcePolicy.compiled).
 */
export function checked(p: SourcePolicy, kind: PolicyKind): SourcePolicy {
  try {
    return { ...p, compiled: compilePolicy(p.text, kind) };
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) throw InvalidInput(e.message);
    throw e;
  }
}

const ARN_SHAPE = /^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/;

/**
 * ResourceArns: "*" or ARNs. AWS: InvalidInput "ResourceNames are not in a valid ARN format: X."
 * (seen from SimulatePrincipalPolicy, aws-containers/amazon-ecs-exec-checker issue 35).
 */
export function checkResourceArns(arns: readonly string[] | undefined): void {
  const bad = (arns ?? []).filter((a) => a !== '*' && !ARN_SHAPE.test(a));
  if (bad.length > 0) throw InvalidInput(`ResourceNames are not in a valid ARN format: ${bad.join(', ')}.`);
}

/**
 * ResourceOwner: "An ARN representing the AWS account ID" (arn:aws:iam::123456789012:root); a
 * bare 12-digit id is taken too. AWS's refusal: "'X' is not a valid as a Resource Owner."
 * (boto/botocore issue 1346).
 */
export function resourceOwnerAccount(owner: string | undefined): string | undefined {
  if (owner === undefined) return undefined;
  if (/^\d{12}$/.test(owner)) return owner;
  const m = /^arn:aws:iam::(\d{12}):root$/.exec(owner);
  if (m === null) throw InvalidInput(`'${owner}' is not a valid as a Resource Owner.`);
  return m[1];
}

const USER_ARN = /^arn:aws:iam::(\d{12}):user\/(?:[^/]*\/)*[^/]+$/;

/** CallerArn: "You can specify only the ARN of an IAM user" (API_SimulateCustomPolicy.html). */
export function checkCallerArn(arn: string): string {
  const m = USER_ARN.exec(arn);
  if (m === null) throw InvalidInput(`Invalid CallerArn: ${arn}. The caller must be an IAM user.`);
  return m[1]!;
}

const LIST_TYPES: ReadonlySet<string> = new Set(['stringList', 'numericList', 'booleanList', 'ipList', 'binaryList', 'dateList']);

/**
 * The request context: exactly the supplied entries (the simulator derives no keys of its own —
 * "Whenever a context key is evaluated in one of the simulated IAM permissions policies, the
 * corresponding value is supplied", API_SimulatePrincipalPolicy.html). List types are
 * multivalued keys; a later entry for the same key replaces an earlier one.
 */
export function contextOf(entries: readonly ContextEntry[] | undefined): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>;
  for (const e of entries ?? []) {
    if (e.ContextKeyName === undefined || e.ContextKeyValues === undefined) continue;
    const values = e.ContextKeyValues;
    const list = LIST_TYPES.has(e.ContextKeyType ?? 'string');
    if (!list && values.length === 1) ctx[e.ContextKeyName] = values[0]!;
    else ctx[e.ContextKeyName] = [...values];
  }
  return ctx;
}
