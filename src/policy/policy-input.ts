/**
 * Turns what callers pass (JSON text, a parsed object, a CompiledPolicy, or any of those with an
 * id) into compiled policies, compiling each distinct document once.
 */
import { CompiledPolicy, compilePolicy } from './compile.js';
import type { PolicyInput } from './evaluate-types.js';
import type { PolicyKind } from './types.js';

export interface PolicyEntry {
  readonly policy: CompiledPolicy;
  readonly id: string | undefined;
}

const TEXT_CACHE_MAX = 2048;
/**
 * Keyed by the text itself, one map per kind: a key built by concatenation would be a new string
 * to flatten and hash, in full, on every evaluation; the stored texts (cached documents) keep
 * their hash.
 */
const textCache: Record<PolicyKind, Map<string, CompiledPolicy>> = {
  identity: new Map(),
  resource: new Map(),
  trust: new Map(),
  scp: new Map(),
  rcp: new Map(),
};
const objectCache: Record<PolicyKind, WeakMap<object, CompiledPolicy>> = {
  identity: new WeakMap(),
  resource: new WeakMap(),
  trust: new WeakMap(),
  scp: new WeakMap(),
  rcp: new WeakMap(),
};

function compiled(doc: unknown, kind: PolicyKind): CompiledPolicy {
  if (doc instanceof CompiledPolicy) return doc;
  if (typeof doc === 'string') {
    const cache = textCache[kind];
    let c = cache.get(doc);
    if (!c) {
      c = compilePolicy(doc, kind);
      if (cache.size >= TEXT_CACHE_MAX) cache.clear();
      cache.set(doc, c);
    }
    return c;
  }
  if (typeof doc === 'object' && doc !== null) {
    const cache = objectCache[kind];
    let c = cache.get(doc);
    if (!c) {
      c = compilePolicy(doc, kind);
      cache.set(doc, c);
    }
    return c;
  }
  throw new TypeError('a policy must be JSON text, an object or a CompiledPolicy');
}

function isNamed(p: unknown): p is { id: string; document: unknown } {
  return typeof p === 'object' && p !== null && !(p instanceof CompiledPolicy) &&
    typeof (p as { id?: unknown }).id === 'string' && 'document' in p && !('Statement' in p);
}

export function resolvePolicy(p: PolicyInput, kind: PolicyKind): PolicyEntry {
  if (isNamed(p)) return { policy: compiled(p.document, kind), id: p.id };
  return { policy: compiled(p, kind), id: undefined };
}
