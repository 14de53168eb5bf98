/** Rolegate's public entry. The policy engine is also its own entry: `rolegate/policy`. */
export { evaluate, compilePolicy, CompiledPolicy, requestContext, MalformedPolicyDocumentError } from './policy/index.js';
