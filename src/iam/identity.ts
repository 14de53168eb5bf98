/**
 * From an access key id (and, for temporary credentials, the session token) to the caller and its
 * policies. Long-term keys are looked up in the store; session tokens carry the session and are
 * opened without a store read (the role's own policies are then read, as AWS applies a role's
 * current permissions to its live sessions). Resolutions are cached and dropped whenever the store
 * reports a change (on PostgreSQL, other nodes' changes too), so a detached policy or a
 * deactivated key takes effect on the next request.
 */
import type { Session } from '../credentials/session.js';
import type { Principals, ResolvedKey } from '../access/principals.js';
import type { Caller, CallerPolicies, ControlLevels } from '../core/action.js';
import { ExpiredToken, InvalidClientTokenId } from '../core/errors.js';
import { SEAL, type Services } from '../core/services.js';
import type { Awaitable } from '../core/settle.js';
import { SettledCache } from '../core/settled-cache.js';
import type { PolicyInput } from '../policy/index.js';
import { type ReadTx, type Store, USAGE_KIND } from '../store/types.js';
import { managedDocument, rolePolicies, userPolicies } from './caller-policies.js';
import { type AccessKeyData, KIND, type RoleData, type UserData, nameKey } from './model.js';
import { passwordSelfService } from './passwords/implicit.js';

/** The SCP levels that govern an account's principals (Organizations plugs them in; undefined when none apply). */
export type ServiceControlPolicies = (account: string) => Awaitable<ControlLevels | undefined>;

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';
const CACHE_MAX = 10_000;
const MAX_KEY_ID = 128;

export class IdentityResolver implements Principals {
  readonly #store: Store;
  readonly #services: Services;
  readonly #scps: ServiceControlPolicies;
  readonly #keys = new SettledCache<ResolvedKey>(CACHE_MAX);
  readonly #principals = new SettledCache<EntityState | undefined>(CACHE_MAX);
  /** Managed session policies (PolicyArns) by account and ARN list. */
  readonly #sessionDocs = new SettledCache<PolicyInput[]>(CACHE_MAX);
  /**
   * Sessions resolved before, by their token: a role session's every call otherwise decrypts its
   * token and rebuilds its caller. Expiry and the key id are still checked on every request; the
   * entries go with any change, like the rest.
   */
  readonly #sessions = new Map<string, ResolvedKey>();
  /** Counts changes: a resolution that overlapped one is not kept (it may predate the change). */
  #generation = 0;

  constructor(store: Store, services: Services, scps: ServiceControlPolicies) {
    this.#store = store;
    this.#services = services;
    this.#scps = scps;
    store.onChange((change) => {
      if (change.kind === USAGE_KIND) return; // last-use records change no identity or policy
      this.#keys.clear();
      this.#principals.clear();
      this.#sessionDocs.clear();
      this.#sessions.clear();
      this.#generation++;
    });
  }

  /**
   * Throws InvalidClientTokenId for unknown, inactive or forged credentials, ExpiredToken for
   * expired sessions. A long-term key resolved before comes back synchronously (no await on the
   * hot path).
   */
  resolve(accessKeyId: string, sessionToken: string | undefined, nowMs: number): Awaitable<ResolvedKey> {
    // AWS's AccessKeyId is at most 128 characters; a longer one (found by the fuzz run) reached
    // the store, which refuses ids over 256 bytes with a TypeError: a 500.
    if (accessKeyId.length > MAX_KEY_ID) throw InvalidClientTokenId(INVALID_TOKEN);
    if (accessKeyId.startsWith('ASIA') || sessionToken !== undefined) {
      const hit = sessionToken === undefined ? undefined : this.#sessions.get(sessionToken);
      if (hit !== undefined) {
        if (hit.caller.accessKeyId !== accessKeyId) throw InvalidClientTokenId(INVALID_TOKEN);
        if (nowMs >= hit.session!.expiresAt * 1000) throw ExpiredToken(EXPIRED_TOKEN);
        return hit;
      }
      const generation = this.#generation;
      return this.#resolveSession(accessKeyId, sessionToken, nowMs).then((r) => {
        if (sessionToken !== undefined && generation === this.#generation) {
          if (this.#sessions.size >= CACHE_MAX) this.#sessions.clear();
          this.#sessions.set(sessionToken, r);
        }
        return r;
      });
    }
    return this.#keys.now(accessKeyId, async () => {
      const r = await this.#store.read((tx) => this.#loadKey(tx, accessKeyId));
      const scp = await this.#scps(r.caller.account);
      return scp === undefined ? r : { ...r, policies: { ...r.policies, scp } };
    });
  }

  async #loadKey(tx: ReadTx, accessKeyId: string): Promise<ResolvedKey> {
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
      principal: { arn: u.arn, id: u.id, tags: tagsOf(u.tags) },
    };
    return { caller, secret, policies: await governingUser(tx, key.account, u) };
  }

  async #resolveSession(accessKeyId: string, token: string | undefined, nowMs: number): Promise<ResolvedKey> {
    const claims = token === undefined ? undefined : this.#services.tokens.open(token);
    if (claims === undefined || claims.accessKeyId !== accessKeyId) throw InvalidClientTokenId(INVALID_TOKEN);
    if (nowMs >= claims.expiresAt * 1000) throw ExpiredToken(EXPIRED_TOKEN);
    const state = await this.#principals.get(`${claims.account}/${claims.kind}/${claims.roleId ?? claims.userId ?? ''}`, async () => {
      const s = await this.#store.read((tx) => loadEntity(tx, claims));
      // AWS: SCPs don't restrict service-linked roles (orgs_manage_policies_scps.html). The stored
      // flag decides, never the ARN: any role name or path is the caller's choice.
      if (s === undefined || s.serviceLinked === true) return s;
      const scp = await this.#scps(claims.account);
      return scp === undefined ? s : { ...s, scp };
    });
    if (state === undefined) throw InvalidClientTokenId(INVALID_TOKEN);
    const session = await this.#sessionPolicies(claims);
    const tags = { ...state.tags, ...Object.fromEntries(claims.tags ?? []) };
    const base = { account: claims.account, accessKeyId, session: claims, tokenIssueTime: new Date(claims.issuedAt * 1000), ...(claims.mfa === undefined ? {} : { mfaAuthenticated: claims.mfa }) };
    let caller: Caller;
    if (claims.kind === 'role') {
      const arn = `arn:aws:sts::${claims.account}:assumed-role/${claims.roleName ?? ''}/${claims.sessionName ?? ''}`;
      caller = { ...base, arn, userId: `${claims.roleId ?? ''}:${claims.sessionName ?? ''}`, type: 'role-session', principal: { arn, roleArn: claims.roleArn ?? '', id: claims.roleId ?? '', tags } };
    } else if (claims.kind === 'federated') {
      const arn = `arn:aws:sts::${claims.account}:federated-user/${claims.sessionName ?? ''}`;
      caller = { ...base, arn, userId: `${claims.account}:${claims.sessionName ?? ''}`, type: 'federated-user', principal: { arn, userArn: claims.userArn ?? '', tags } };
    } else {
      caller = { ...base, arn: claims.userArn ?? '', userId: claims.userId ?? '', type: 'user', ...(claims.userName === undefined ? {} : { userName: claims.userName }), principal: { arn: claims.userArn ?? '', id: claims.userId ?? '', tags } };
    }
    const policies: CallerPolicies = {
      identity: state.policies.identity,
      ...(state.policies.boundary === undefined ? {} : { boundary: state.policies.boundary }),
      ...(session === undefined ? {} : { session }),
      ...(state.scp === undefined ? {} : { scp: state.scp }),
    };
    return { caller, secret: claims.secretAccessKey, policies, session: claims };
  }

  /** AWS: federated-user sessions without a session policy have no permissions; role sessions have their role's. */
  async #sessionPolicies(claims: Session): Promise<PolicyInput[] | undefined> {
    if (claims.policy === undefined && (claims.policyArns === undefined || claims.policyArns.length === 0)) return claims.kind === 'federated' ? [] : undefined;
    const out: PolicyInput[] = [];
    if (claims.policy !== undefined) out.push({ id: 'session-policy', document: claims.policy });
    if (claims.policyArns !== undefined && claims.policyArns.length > 0) {
      const arns = claims.policyArns;
      const docs = await this.#sessionDocs.get(`${claims.account}\u0000${arns.join('\u0000')}`, () =>
        this.#store.read(async (tx) => {
          const found: PolicyInput[] = [];
          for (const arn of arns) {
            const doc = await managedDocument(tx, claims.account, arn);
            if (doc !== undefined) found.push(doc);
          }
          return found;
        }),
      );
      out.push(...docs);
    }
    return out;
  }
}

interface EntityState {
  readonly policies: CallerPolicies;
  readonly tags: Readonly<Record<string, string>>;
  readonly scp?: ControlLevels;
  /** A service-linked role (RoleData.serviceLinked): no SCP applies. */
  readonly serviceLinked?: true;
}

/** The role (or user) behind a session, as it is now; undefined when it is gone or was re-created. */
async function loadEntity(tx: ReadTx, c: Session): Promise<EntityState | undefined> {
  if (c.kind === 'role') {
    const role = await tx.get<RoleData>(c.account, KIND.role, nameKey(c.roleName ?? ''));
    if (role === undefined || role.data.id !== c.roleId) return undefined;
    return { policies: await rolePolicies(tx, c.account, role.data), tags: tagsOf(role.data.tags), ...(role.data.serviceLinked === true ? { serviceLinked: true } : {}) };
  }
  const user = await tx.get<UserData>(c.account, KIND.user, nameKey(c.userName ?? ''));
  if (user === undefined || user.data.id !== c.userId) return undefined;
  return { policies: await governingUser(tx, c.account, user.data), tags: tagsOf(user.data.tags) };
}

/** A user's policies as enforced: its own, and the account-level grant of AllowUsersToChangePassword (passwords/implicit.ts). */
async function governingUser(tx: ReadTx, account: string, user: UserData): Promise<CallerPolicies> {
  const policies = await userPolicies(tx, account, user);
  const grant = await passwordSelfService(tx, account);
  return grant === undefined ? policies : { ...policies, identity: [...policies.identity, grant] };
}

function tagsOf(tags: readonly { readonly Key: string; readonly Value: string }[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

