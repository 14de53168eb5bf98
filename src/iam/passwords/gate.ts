/**
 * The bound on password hashing of one server, shared fairly between callers.
 *
 * A console-password scrypt run costs ~100 ms of CPU and 32 MiB (hash.ts); at most HASHING run at
 * once. The requests waiting for a run are queued per caller — per account, and within an account
 * per principal — and served round-robin: accounts in turn, then the principals of the account in
 * turn. So one account's (or one principal's) flood of ChangePassword, CreateLoginProfile,
 * UpdateLoginProfile or sign-in attempts waits behind its own requests only: every other caller
 * still gets the next free slot in its turn.
 *
 * A caller beyond its own bound (PER_PRINCIPAL waiting for one principal, PER_ACCOUNT for one
 * account) is answered IAM's throttling error at once: `Throttling`, HTTP 400, "Rate exceeded"
 * (what IAM answers a caller over its request rate; the SDKs back off and retry it). All queues
 * together hold at most WAITING requests; when they are full a newcomer from a smaller account
 * takes the place of the newest waiter of the largest account (that one is throttled), so a
 * flood of many callers sheds its own requests first. Only when every waiting account is as
 * small as the newcomer's is the server truly saturated: 503 ServiceUnavailable.
 *
 * Memory is bounded: at most WAITING waiters (a closure each) and, per waiting caller, one map
 * entry; an entry is deleted as soon as its queue is empty, so no map keyed by callers grows
 * beyond the waiters it holds.
 */
import type { Caller } from '../../core/action.js';
import { ServiceUnavailable, Throttling } from '../../core/errors.js';
import { slot } from '../../core/services.js';

/**
 * Two runs at once: 2 × 32 MiB of scrypt memory, and two of libuv's four default threads stay free
 * for the file system (audit log, SQLite's WAL), which shares that pool.
 */
export const HASHING = 2;
/** All queues together. */
export const WAITING = 256;
/** One account's queues together. */
export const PER_ACCOUNT = 32;
/** One principal's queue (a user, a role — whatever its session names — or the account's root). */
export const PER_PRINCIPAL = 8;

/** Who asks for a hash: the gate's fairness key. Strings are short (ids, or a truncated name). */
export interface HashCaller {
  readonly account: string;
  readonly principal: string;
}

/**
 * An API caller's key: its account and its principal id without the session part (aws:userid is
 * `AROA…:<session name>` for a role session and `<account>:<name>` for a federated user), so a
 * caller cannot spread its flood over many queues by naming many sessions.
 */
export const apiCaller = (caller: Caller): HashCaller => ({ account: caller.account, principal: caller.userId.split(':')[0] ?? '' });

/**
 * A console sign-in's key: the account signed in to and the user name typed (lower-cased, as IAM
 * names compare; truncated: the key never holds more than a name's 64 characters). Known and
 * unknown names are keyed alike, so throttling tells nothing about which users exist.
 */
export const signInCaller = (account: string, userName: string): HashCaller => ({ account, principal: `sign-in/${userName.slice(0, 64).toLowerCase()}` });

const throttled = (): Error => Throttling('Rate exceeded');

interface Waiter {
  readonly go: () => void;
  readonly refuse: (e: Error) => void;
}

/** One account's waiting principals, in turn order (a Map's insertion order is the ring). */
interface AccountQueue {
  readonly principals: Map<string, Waiter[]>;
  size: number;
}

export class HashGate {
  #running = 0;
  #waiting = 0;
  /** Accounts with waiters, in turn order. */
  readonly #accounts = new Map<string, AccountQueue>();
  readonly #limit: number;
  readonly #bounds: { readonly total: number; readonly account: number; readonly principal: number };

  constructor(limit = HASHING, total = WAITING, account = PER_ACCOUNT, principal = PER_PRINCIPAL) {
    this.#limit = limit;
    this.#bounds = { total, account, principal };
  }

  /** Runs `fn` when a slot is free and it is `caller`'s turn; refuses at once beyond the bounds. */
  async run<T>(caller: HashCaller, fn: () => Promise<T>): Promise<T> {
    if (this.#running < this.#limit) this.#running++;
    else await this.#enqueue(caller);
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter in turn (the count stays), else it is freed.
      const next = this.#next();
      if (next !== undefined) next.go();
      else this.#running--;
    }
  }

  #enqueue(caller: HashCaller): Promise<void> {
    const acct = this.#accounts.get(caller.account);
    const mine = acct?.principals.get(caller.principal);
    if ((mine?.length ?? 0) >= this.#bounds.principal || (acct?.size ?? 0) >= this.#bounds.account) throw throttled();
    if (this.#waiting >= this.#bounds.total) this.#shed(acct?.size ?? 0);
    return new Promise<void>((go, refuse) => {
      const q = acct ?? { principals: new Map<string, Waiter[]>(), size: 0 };
      if (acct === undefined) this.#accounts.set(caller.account, q);
      const list = q.principals.get(caller.principal) ?? [];
      if (list.length === 0) q.principals.set(caller.principal, list);
      list.push({ go, refuse });
      q.size++;
      this.#waiting++;
    });
  }

  /**
   * Full: the largest account gives up its newest waiter (from its largest principal) when it
   * holds more than the newcomer's account will; else the server is saturated.
   */
  #shed(newcomerSize: number): void {
    let largest: [string, AccountQueue] | undefined;
    for (const e of this.#accounts) if (largest === undefined || e[1].size > largest[1].size) largest = e;
    if (largest === undefined || largest[1].size <= newcomerSize + 1) throw ServiceUnavailable('Too many password operations in progress; retry the request.');
    const [name, q] = largest;
    let victim: [string, Waiter[]] | undefined;
    for (const e of q.principals) if (victim === undefined || e[1].length > victim[1].length) victim = e;
    if (victim === undefined) return;
    const w = victim[1].pop();
    this.#removed(name, q, victim[0], victim[1]);
    w?.refuse(throttled());
  }

  /** The next waiter in turn: the first account's first principal; both then go to the back of their rings. */
  #next(): Waiter | undefined {
    const first = this.#accounts.entries().next();
    if (first.done === true) return undefined;
    const [name, q] = first.value;
    const p = q.principals.entries().next();
    if (p.done === true) return undefined; // never: an account without waiters is removed
    const [principal, list] = p.value;
    const w = list.shift();
    this.#removed(name, q, principal, list);
    // Round-robin: what remains of this principal and of this account waits behind the others.
    if (list.length > 0) {
      q.principals.delete(principal);
      q.principals.set(principal, list);
    }
    if (q.size > 0) {
      this.#accounts.delete(name);
      this.#accounts.set(name, q);
    }
    return w;
  }

  /** Bookkeeping after one waiter left `list`: empty queues leave their maps at once. */
  #removed(account: string, q: AccountQueue, principal: string, list: Waiter[]): void {
    q.size--;
    this.#waiting--;
    if (list.length === 0) q.principals.delete(principal);
    if (q.size === 0) this.#accounts.delete(account);
  }

  /** Running and waiting computations, and how many accounts wait (tests, metrics). */
  get load(): { readonly running: number; readonly waiting: number; readonly accounts: number } {
    return { running: this.#running, waiting: this.#waiting, accounts: this.#accounts.size };
  }
}

/** This server's gate (per server, not per process: two test servers must not share it). */
export const HASH_GATE = slot('iam/password-hash-gate', () => new HashGate());
