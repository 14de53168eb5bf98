/**
 * The master key's check value, stored with the data: a known text sealed under the key (as
 * secrets at rest are). A server given another key — a lost key file replaced, a typo in
 * ROLEGATE_MASTER_KEY, a cluster node started with its own key — cannot open it and refuses to
 * start, instead of serving 500 to every call that touches a secret.
 *
 * Data from builds before the check has none. It is adopted (the check written) only when the key
 * opens a secret already sealed in that data: the admin's access key (else any access key of the
 * admin's account). Data with no sealed secret at all has nothing a wrong key could break, and is
 * adopted as it is.
 */
import { KIND, type AccessKeyData, type AccountData, nameKey } from '../iam/model.js';
import type { ReadTx } from '../store/types.js';
import type { Sealer } from '../credentials/sealing.js';
import type { MasterKey } from '../credentials/master-key.js';
import { GLOBAL } from '../core/accounts.js';
import { SEAL } from '../core/services.js';

export const META_KIND = 'meta';
export const META = { keyCheck: 'master-key-check', bootstrap: 'bootstrap' } as const;

const LABEL = 'rolegate/master-key-check/v1';
const TEXT = 'rolegate master key check';

export interface KeyCheckData {
  readonly sealed: string;
}

/** Which account bootstrap created and who its admin is: restart messages name it. */
export interface BootstrapMeta {
  readonly account: string;
  readonly userName: string;
}

export const sealKeyCheck = (sealer: Sealer): KeyCheckData => ({ sealed: sealer.seal(TEXT, LABEL) });

export function opensKeyCheck(sealer: Sealer, check: KeyCheckData): boolean {
  try {
    return sealer.open(check.sealed, LABEL) === TEXT;
  } catch {
    return false;
  }
}

/** The master key does not open the data: the server must not start. */
export class MasterKeyMismatch extends Error {
  constructor(key: MasterKey, where: string) {
    super(
      `the master key from ${key.from} does not open the existing data in ${where}: refusing to start. ` +
        'Start with the key this data was created with (every node of a cluster needs the same ROLEGATE_MASTER_KEY)',
    );
    this.name = 'MasterKeyMismatch';
  }
}

/** What a start needs to know of the data before it bootstraps, verifies or adopts. */
export interface DataState {
  readonly check: KeyCheckData | undefined;
  /** The bootstrap account: as recorded, else (data from earlier builds) the oldest account. */
  readonly account: string | undefined;
  readonly recorded: boolean;
}

export async function readDataState(tx: ReadTx): Promise<DataState> {
  const check = (await tx.get<KeyCheckData>(GLOBAL, META_KIND, META.keyCheck))?.data;
  const meta = (await tx.get<BootstrapMeta>(GLOBAL, META_KIND, META.bootstrap))?.data;
  if (meta !== undefined) return { check, account: meta.account, recorded: true };
  // Member accounts (Organizations) are created after the bootstrap one, never in its second.
  let oldest: AccountData | undefined;
  for (const a of await tx.list<AccountData>(GLOBAL, KIND.account, { limit: 10_000 })) {
    if (oldest === undefined || a.data.createdAt < oldest.createdAt) oldest = a.data;
  }
  return { check, account: oldest?.id, recorded: false };
}

/** For data without a check: whether the key opens a secret sealed in it (true when there is none). */
export async function keyOpensData(tx: ReadTx, sealer: Sealer, account: string): Promise<boolean> {
  const admin = await tx.list<AccessKeyData>(account, KIND.accessKey, { prefix: `${nameKey('admin')}/`, limit: 1 });
  const key = admin[0] ?? (await tx.list<AccessKeyData>(account, KIND.accessKey, { limit: 1 }))[0];
  if (key === undefined) return true;
  try {
    sealer.open(key.data.sealedSecret, SEAL.secretAccessKey);
    return true;
  } catch {
    return false;
  }
}
