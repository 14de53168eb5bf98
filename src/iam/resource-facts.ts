/**
 * What the engine's built-in rules need to know about a resource and an ARN cannot tell: whether
 * a role is service-linked. That is the role record's `serviceLinked` flag (set only by the
 * service-linked-role machinery), never the /aws-service-role/ path, which the flag's absence
 * leaves an ordinary role's (src/policy/built-in-rules.ts).
 */
import type { ActionContext, AnyAction } from '../core/action.js';
import { type Awaitable, then } from '../core/settle.js';
import { readsServiceLinkedRole } from '../policy/index.js';
import { KIND, type RoleData, nameKey } from './model.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\//;

/** Whether `arn` names, exactly as stored, a service-linked role of the caller's account. */
function isServiceLinked(arn: string, ctx: ActionContext): Awaitable<boolean> {
  const m = ROLE_ARN.exec(arn);
  if (m === null || m[1] !== ctx.caller.account) return false;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  return then(ctx.services.cache.now<RoleData>(m[1], KIND.role, nameKey(name)), (item) => item?.data.arn === arn && item.data.serviceLinked === true);
}

/** `a` with `resourceServiceLinked` when a built-in rule reads it for the action. */
export function withResourceFacts(a: AnyAction): AnyAction {
  if (a.resource === undefined || !readsServiceLinkedRole(`${a.service}:${a.name}`.toLowerCase())) return a;
  return { ...a, resourceServiceLinked: isServiceLinked };
}
