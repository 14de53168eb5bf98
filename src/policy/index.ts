/**
 * `rolegate/policy`: AWS IAM policy validation, compilation and evaluation. Pure: no I/O, no clock.
 */
export { evaluate } from './evaluate.js';
export { readsServiceLinkedRole } from './built-in-rules.js';
export { CompiledPolicy, compilePolicy } from './compile.js';
export type { CompiledStatement } from './compile.js';
export { resolvePolicy } from './policy-input.js';
export { requestContext } from './context.js';
export { missingContextKeys, policyContextKeys } from './explain.js';
export { statementPositions } from './positions.js';
export type { StatementSpan, TextPosition } from './positions.js';
export type { RequestFacts } from './context.js';
export { MalformedPolicyDocumentError } from './errors.js';
export { validatePolicy } from './validate.js';
export type { ValidateOptions } from './validate.js';
export {
  IAM_POLICY_SIZE_LIMITS,
  ORGANIZATIONS_POLICY_SIZE_LIMITS,
  hasOnlyAllowedPolicyCharacters,
  inlinePolicySizeMessage,
  organizationsPolicySize,
  policySize,
  policySizeQuotaMessage,
  trustPolicySizeQuotaMessage,
} from './size.js';
export type {
  BuiltInRule,
  Decision,
  EvaluateInput,
  EvaluationResult,
  MatchedStatement,
  PolicyInput,
  PolicyType,
} from './evaluate-types.js';
export type { ContextValue, PolicyDocumentJson, PolicyKind, Principal, PrincipalJson, Request, StatementJson } from './types.js';
