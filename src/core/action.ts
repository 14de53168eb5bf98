/**
 * The contract between the request spine and one action handler. Handlers never see a wire
 * format: they get input typed by their own parameter spec (core/input.ts) and return a plain
 * result object that the request's protocol encodes.
 */
import type { X509Certificate } from 'node:crypto';
import type { Session } from '../credentials/session.js';
import type { PolicyInput, Principal } from '../policy/index.js';
import type { Store } from '../store/types.js';
import type { InputOf, Params } from './input.js';
import type { Awaitable } from './settle.js';
import type { Services } from './services.js';

/** AWS's services served here, and `rolegate`: Rolegate's own calls (src/rolegate/). `eks-auth`: EKS Pod Identity's AssumeRoleForPodIdentity (src/federation/pod-identity/). `sso`: IAM Identity Center's sso-admin (src/identitycenter/admin/). */
export type ServiceName = 'iam' | 'sts' | 'organizations' | 'rolegate' | 'eks-auth' | 'rolesanywhere' | 'identitystore' | 'sso';

/** A result the protocols encode: plain objects in member order, lists, maps, Dates as AWS timestamps. */
export type Output =
  | string
  | number
  | boolean
  | Date
  | undefined
  | null
  | readonly Output[]
  | ReadonlyMap<string, Output>
  | { readonly [k: string]: Output };

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
  /** Temporary credentials: when the session was issued (aws:TokenIssueTime). */
  readonly tokenIssueTime?: Date;
  readonly mfaAuthenticated?: boolean;
  /** Temporary credentials: the whole session (role chaining, transitive tags, source identity). */
  readonly session?: Session;
}

/** Service or resource control policies: one list per level of an account's path, root first. */
export type ControlLevels = readonly (readonly PolicyInput[])[];

/** The policies that govern a caller, as the principal resolver (access/principals.ts) found them. */
export interface CallerPolicies {
  readonly identity: readonly PolicyInput[];
  readonly boundary?: readonly PolicyInput[];
  readonly session?: readonly PolicyInput[];
  /** SCPs of the caller's account, one list per level, root first; absent when none apply. */
  readonly scp?: ControlLevels;
}

/**
 * The certificate that signed an X.509-signed request (IAM Roles Anywhere CreateSession,
 * sigv4/x509.ts): its signature verified, its path to a trust anchor not yet validated.
 */
export interface PresentedCertificate {
  readonly leaf: X509Certificate;
  /** As sent in X-Amz-X509-Chain, in order. */
  readonly intermediates: readonly X509Certificate[];
  /** The leaf serial in decimal (the request's credential). */
  readonly serial: string;
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
  /** Set for, and only for, actions declared `x509` (the request's signing certificate). */
  readonly certificate?: PresentedCertificate;
}

export type ResourceTags = ReadonlyMap<string, string> | undefined;

/** One action, its input typed by its spec `P`. */
export interface Action<P extends Params = Params> {
  readonly service: ServiceName;
  readonly name: string;
  readonly params: P;
  /**
   * The resource the call is authorized against (AWS Service Authorization Reference), or
   * undefined for calls AWS never denies (sts:GetCallerIdentity). It may read the store (through
   * `ctx`) when the ARN holds what only the store knows, e.g. a user's path
   * (`arn:aws:iam::ACCOUNT:user/PATH/NAME`) or the owner of an access key.
   */
  readonly resource: ((input: InputOf<P>, caller: Caller, ctx: ActionContext) => Awaitable<string>) | undefined;
  /**
   * The resource as a denial names it, when not `resource`: what the caller gave, so that the
   * answer does not show what only the store knows (a role's path) — the same whether or not the
   * resource exists. AWS names a role addressed by name "role NAME" (iam:GetRole's AccessDenied).
   * Undefined for an input whose resource the caller knows (its own user): `resource` is shown.
   */
  readonly deniedAs?: (input: InputOf<P>) => string | undefined;
  /**
   * aws:ResourceTag/… (and iam:ResourceTag/…) of the resource `resource` resolved to, or undefined
   * when it has none. Set when the registry is assembled, from the Service Authorization Reference
   * (src/iam/resource-tags.ts), not by each action.
   */
  readonly resourceTags?: (resource: string, ctx: ActionContext) => Awaitable<ResourceTags>;
  /**
   * Whether the resource is a service-linked role — its stored record's flag, which the engine's
   * built-in rules need and an ARN cannot tell. Set when the registry is assembled
   * (src/iam/resource-facts.ts), only for the actions those rules read it for.
   */
  readonly resourceServiceLinked?: (resource: string, ctx: ActionContext) => Awaitable<boolean>;
  /** Extra request-context keys for authorization (aws:RequestTag/…, iam:PermissionsBoundary, …). */
  readonly context?: (input: InputOf<P>, caller: Caller) => Record<string, string | readonly string[]>;
  /** A plain value when nothing is awaited (core/settle.ts writes such handlers once), else a promise. */
  readonly handler: (ctx: ActionContext, input: InputOf<P>) => Awaitable<Output>;
  /** Taken unsigned (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): `ctx.caller` is anonymous. */
  readonly unsigned?: true;
  /** Taken only signed with an X.509 certificate (rolesanywhere CreateSession): `ctx.certificate` is set, `ctx.caller` anonymous. */
  readonly x509?: true;
}

/** What the wire adapters hand an action: the members its spec decoded, nothing else. */
export type DecodedInput = Readonly<Record<string, unknown>>;

/** An action with its input type erased, as the registry and the spine hold it. */
export interface AnyAction extends Omit<Action, 'resource' | 'deniedAs' | 'context' | 'handler'> {
  readonly resource: ((input: DecodedInput, caller: Caller, ctx: ActionContext) => Awaitable<string>) | undefined;
  readonly context?: (input: DecodedInput, caller: Caller) => Record<string, string | readonly string[]>;
  readonly deniedAs?: (input: DecodedInput) => string | undefined;
  readonly handler: (ctx: ActionContext, input: DecodedInput) => Awaitable<Output>;
}

/**
 * Declares an action; its input type is inferred from `params`. The one place a typed action is
 * erased for the registry: the decoders build input from this very spec, so the handler gets the
 * shape its type promises.
 */
export function action<const P extends Params>(a: Action<P>): AnyAction {
  return a as unknown as AnyAction;
}

/** The input an action's handler takes, for helpers written beside it. */
export type { InputOf } from './input.js';
