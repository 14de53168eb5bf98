/** `--name value` options of a command: only those named, each at most once, none left over. */
export class UsageError extends Error {}

/**
 * The values of a `repeatable` option are kept joined by NUL, which no argument can hold (argv
 * strings are C strings): `list` splits them again.
 */
export function parseOptions(args: readonly string[], names: readonly string[], flags: readonly string[] = [], repeatable: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? (eq > 0 ? a.slice(2, eq) : a.slice(2)) : undefined;
    if (name === undefined || (!names.includes(name) && !flags.includes(name))) throw new UsageError(`unknown option '${a}'`);
    if (out.has(name) && !repeatable.includes(name)) throw new UsageError(`--${name} given twice`);
    if (flags.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      out.set(name, 'true');
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    const before = out.get(name);
    out.set(name, before === undefined ? value : `${before}\0${value}`);
  }
  return out;
}

export function required(o: Map<string, string>, name: string): string {
  const v = o.get(name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** Every value of a repeatable option, in order (none: empty). */
export const list = (o: Map<string, string>, name: string): string[] => o.get(name)?.split('\0') ?? [];

/** An integer option within [min, max]. */
export function integer(o: Map<string, string>, name: string, min: number, max: number): number | undefined {
  const v = o.get(name);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return Number(v);
}

/** The Rolegate endpoint: an http(s) URL without credentials, query or fragment. */
export const endpoint = (o: Map<string, string>): URL => endpointUrl(required(o, 'endpoint'));

export function endpointUrl(v: string): URL {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new UsageError(`the endpoint ${JSON.stringify(v)} is not a URL`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '') {
    throw new UsageError(`--endpoint must be an http:// or https:// URL without credentials, query or fragment`);
  }
  return u;
}
