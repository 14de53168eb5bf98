/**
 * The contract between the request pipeline and one action handler. Handlers never see form
 * encoding or XML: they get typed input and return a result object the protocol encodes.
 */
import type { Session } from '../credentials/session.js';
import type { Principal } from '../policy/index.js';
import type { Params } from '../protocol/params.js';
import type { XmlValue } from '../protocol/xml.js';
import type { Store } from '../store/types.js';
import type { CallerPolicies } from './identity.js';
import type { Services } from './services.js';

export type ServiceName = 'iam' | 'sts' | 'organizations';

/** The authenticated caller. */
export interface Caller {
  readonly account: string;
  /** The caller's ARN as AWS shows it (user ARN, assumed-role session ARN, federated-user ARN, root). */
  readonly arn: string;
  /** aws:userid: AIDA… for users, AROA…:session for role sessions, the account id for root. */
  readonly userId: string;
  readonly type: 'root' | 'user' | 'role-session' | 'federated-user' | 'anonymous';
  readonly accessKeyId: string;
  /** The principal as the policy engine sees it. */
  readonly principal: Principal;
  /** IAM users: the user name. */
  readonly userName?: string;
  /** Temporary credentials: when the session was issued (aws:TokenIssueTime), and more in the STS issue. */
  readonly tokenIssueTime?: Date;
  readonly mfaAuthenticated?: boolean;
  /** Temporary credentials: the whole session (role chaining, transitive tags, source identity). */
  readonly session?: Session;
}

export interface ActionContext {
  readonly requestId: string;
  readonly now: Date;
  readonly region: string;
  readonly caller: Caller;
  readonly store: Store;
  readonly services: Services;
  readonly sourceIp: string;
  /** The caller's policies (identity, boundary, session), for handlers that decide themselves (AssumeRole). */
  readonly callerPolicies: CallerPolicies;
}

export interface Action<I = never> {
  readonly service: ServiceName;
  readonly name: string;
  readonly params: Params;
  /**
   * The resource the call is authorized against (AWS Service Authorization Reference), or
   * undefined for calls AWS never denies (sts:GetCallerIdentity). It may read the store (through
   * `ctx`) when the ARN holds what only the store knows, e.g. a user's path
   * (`arn:aws:iam::ACCOUNT:user/PATH/NAME`) or the owner of an access key.
   */
  readonly resource: ((input: I, caller: Caller, ctx: ActionContext) => string | Promise<string>) | undefined;
  /**
   * aws:ResourceTag/… (and iam:ResourceTag/…) of the resource `resource` resolved to, or undefined
   * when it has none. Set by the registry from the Service Authorization Reference
   * (src/iam/resource-tags.ts), not by each action.
   */
  readonly resourceTags?: (resource: string, ctx: ActionContext) => ReadonlyMap<string, string> | undefined | Promise<ReadonlyMap<string, string> | undefined>;
  /** Extra request-context keys for authorization (aws:RequestTag/…, iam:PermissionsBoundary, …). */
  readonly context?: (input: I, caller: Caller) => Record<string, string | readonly string[]>;
  /** A plain value when nothing is awaited (spares the pipeline an await), else a promise. */
  readonly handler: (ctx: ActionContext, input: I) => XmlValue | Promise<XmlValue>;
  /** Taken unsigned (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): `ctx.caller` is anonymous. */
  readonly unsigned?: true;
}

/** Declares an action; `I` is the decoded input's type (its params spec describes it). */
export function action<I>(a: Action<I>): Action<I> {
  return a;
}
