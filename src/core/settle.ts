/**
 * The one place that handles "a value now, or a promise of it". Hot paths (a cached identity, a
 * cached role) answer without a promise, and a request that awaits nothing is spared the
 * microtasks an `async` function costs. Rather than every handler writing each step twice (once
 * for a settled value, once for a promise), a handler is written once as a generator that
 * `yield*`s `wait(x)` wherever `x` may be pending; `run` resumes it synchronously while values are
 * settled and switches to promises only at the first real wait (as hono's dispatcher does for
 * middleware that may or may not return a promise).
 */
export type Awaitable<T> = T | Promise<T>;

/** The settled value of `v` inside a `run` body: `const role = yield* wait(cache.now(…))`. */
export function* wait<T>(v: Awaitable<T>): Generator<Awaitable<T>, T, unknown> {
  // `run` sends back exactly the settled value of what was yielded: the one place it is typed so.
  return (yield v) as T;
}

/** Both values settled, awaited together when either is pending (a failed read is never left unobserved). */
export function* waitBoth<A, B>(a: Awaitable<A>, b: Awaitable<B>): Generator<Awaitable<[A, B]>, [A, B], unknown> {
  return (yield a instanceof Promise || b instanceof Promise ? Promise.all([a, b]) : [a, b]) as [A, B];
}

type Body<T> = Generator<unknown, Awaitable<T>, unknown>;

/** Runs a body written with `wait`: its result as a plain value when nothing was pending, else a promise. */
export function run<T>(body: Body<T>): Awaitable<T> {
  return step(body, body.next());
}

function step<T>(body: Body<T>, r: IteratorResult<unknown, Awaitable<T>>): Awaitable<T> {
  while (!r.done) {
    const v = r.value;
    if (v instanceof Promise) return resume(body, v);
    r = body.next(v);
  }
  return r.value;
}

async function resume<T>(body: Body<T>, pending: Promise<unknown>): Promise<T> {
  let settled: unknown;
  let failed = false;
  try {
    settled = await pending;
  } catch (e) {
    failed = true;
    settled = e;
  }
  // The body sees the failure where it waited (and may catch it), as an await would show it.
  return step(body, failed ? body.throw(settled) : body.next(settled));
}

/** `f` of `v` once `v` is settled: at once when it already is. */
export function then<T, U>(v: Awaitable<T>, f: (v: T) => Awaitable<U>): Awaitable<U> {
  return v instanceof Promise ? v.then(f) : f(v);
}

/** Hands a rejection of `v` to `onError` (a value, or a promise that fulfils, needs nothing). */
export function onRejected<T>(v: Awaitable<T>, onError: (e: unknown) => void): void {
  if (v instanceof Promise) v.catch(onError);
}
