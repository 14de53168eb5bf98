/**
 * Tags on managed policies. IAM tag keys are unique ignoring case; a tag with an existing key
 * replaces it (API_TagPolicy.html: "If a tag with the same key name already exists, then that
 * tag is overwritten with the new value"). At most 50 tags per resource (reference_iam-quotas.html).
 */
import { InvalidInput, LimitExceeded } from '../../protocol/errors.js';
import type { Tag } from '../shapes.js';

const MAX_TAGS = 50;

export function checkNoDuplicateKeys(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw InvalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
}

export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkNoDuplicateKeys(added);
  const byKey = new Map<string, Tag>(existing.map((t) => [t.Key.toLowerCase(), t]));
  for (const t of added) byKey.set(t.Key.toLowerCase(), { Key: t.Key, Value: t.Value });
  const out = [...byKey.values()];
  if (out.length > MAX_TAGS) throw LimitExceeded(`Cannot exceed quota for TagsPerPolicy: ${MAX_TAGS}`);
  return out;
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** aws:RequestTag/<key> and aws:TagKeys for authorizing a call that sets tags. */
export function requestTagContext(tags: readonly Tag[] | undefined): Record<string, string | readonly string[]> {
  if (tags === undefined || tags.length === 0) return {};
  const ctx: Record<string, string | readonly string[]> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  return ctx;
}
