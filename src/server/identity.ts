/**
 * From an access key id to the caller and its policies. Resolved principals are cached per key
 * and dropped whenever the store reports a change (on PostgreSQL, other nodes' changes too), so a
 * detached policy or a deactivated key takes effect on the next request.
 */
import { awsManagedPolicy } from '../iam/aws-managed.js';
import { type AccessKeyData, type AttachmentData, type InlinePolicyData, KIND, type ManagedPolicyData, type UserData, nameKey } from '../iam/model.js';
import type { PolicyInput } from '../policy/index.js';
import { InvalidClientTokenId } from '../protocol/errors.js';
import type { ReadTx, Store } from '../store/types.js';
import type { Caller } from './action.js';
import { SEAL, type Services } from './services.js';

export interface CallerPolicies {
  readonly identity: readonly PolicyInput[];
  readonly boundary?: readonly PolicyInput[];
  readonly session?: readonly PolicyInput[];
}

export interface ResolvedKey {
  readonly caller: Caller;
  readonly secret: string;
  readonly policies: CallerPolicies;
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const CACHE_MAX = 10_000;

export class IdentityResolver {
  readonly #store: Store;
  readonly #services: Services;
  readonly #cache = new Map<string, Promise<ResolvedKey>>();

  constructor(store: Store, services: Services) {
    this.#store = store;
    this.#services = services;
    store.onChange(() => this.#cache.clear());
  }

  /** Throws InvalidClientTokenId for unknown and inactive keys (AWS answers both alike). */
  resolve(accessKeyId: string): Promise<ResolvedKey> {
    let hit = this.#cache.get(accessKeyId);
    if (hit === undefined) {
      if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
      hit = this.#store.read((tx) => this.#load(tx, accessKeyId));
      this.#cache.set(accessKeyId, hit);
      hit.catch(() => this.#cache.delete(accessKeyId));
    }
    return hit;
  }

  async #load(tx: ReadTx, accessKeyId: string): Promise<ResolvedKey> {
    const key = await tx.getById<AccessKeyData>(KIND.accessKey, accessKeyId);
    if (key === undefined || key.data.status !== 'Active') throw InvalidClientTokenId(INVALID_TOKEN);
    const user = await tx.get<UserData>(key.account, KIND.user, nameKey(key.data.userName));
    if (user === undefined) throw InvalidClientTokenId(INVALID_TOKEN);
    const secret = this.#services.sealer.open(key.data.sealedSecret, SEAL.secretAccessKey);
    const u = user.data;
    const caller: Caller = {
      account: key.account,
      arn: u.arn,
      userId: u.id,
      type: 'user',
      accessKeyId,
      userName: u.name,
      principal: { arn: u.arn, id: u.id, tags: Object.fromEntries(u.tags.map((t) => [t.Key, t.Value])) },
    };
    return { caller, secret, policies: await userPolicies(tx, key.account, u) };
  }
}

/** A user's identity policies: inline, attached, and those of its groups; and its boundary. */
export async function userPolicies(tx: ReadTx, account: string, user: UserData): Promise<CallerPolicies> {
  const identity: PolicyInput[] = [];
  const userKey = nameKey(user.name);
  await entityPolicies(tx, account, `user/${userKey}/`, identity);
  for (const g of await tx.list<{ groupName: string }>(account, KIND.userGroup, { prefix: `${userKey}/`, limit: 10_000 })) {
    await entityPolicies(tx, account, `group/${nameKey(g.data.groupName)}/`, identity);
  }
  if (user.permissionsBoundary === undefined) return { identity };
  const boundary = await managedDocument(tx, account, user.permissionsBoundary);
  return { identity, boundary: boundary === undefined ? [] : [boundary] };
}

async function entityPolicies(tx: ReadTx, account: string, prefix: string, out: PolicyInput[]): Promise<void> {
  for (const p of await tx.list<InlinePolicyData>(account, KIND.inlinePolicy, { prefix, limit: 10_000 })) {
    out.push({ id: p.data.name, document: p.data.document });
  }
  for (const a of await tx.list<AttachmentData>(account, KIND.attachment, { prefix, limit: 10_000 })) {
    const doc = await managedDocument(tx, account, a.data.policyArn);
    if (doc !== undefined) out.push(doc);
  }
}

/** The default version of a managed policy (AWS's or the account's), named by its ARN. */
export async function managedDocument(tx: ReadTx, account: string, arn: string): Promise<PolicyInput | undefined> {
  const aws = awsManagedPolicy(arn);
  if (aws !== undefined) return { id: arn, document: aws.document };
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const item = await tx.get<ManagedPolicyData>(account, KIND.policy, nameKey(name));
  if (item === undefined || item.data.arn !== arn) return undefined;
  const v = item.data.versions.find((x) => x.versionId === item.data.defaultVersionId);
  return v === undefined ? undefined : { id: arn, document: v.document };
}
