/**
 * Tags on IAM resources (users, roles, policies, instance profiles, identity providers): keys
 * unique ignoring case, at most 50 per resource, and the request-context keys AWS sets for
 * tagging calls (aws:RequestTag/KEY, aws:TagKeys).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
 */
import { InvalidInput, LimitExceeded } from '../protocol/errors.js';
import type { Tag } from './shapes.js';

export const MAX_TAGS = 50;

/** AWS: "Tag keys are case insensitive" — two keys differing only in case are duplicates. */
export function checkDuplicateTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw InvalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
}

/**
 * Tag*: "If a tag with the same key name already exists, then that tag is overwritten with the
 * new value" (API_TagUser) — matched ignoring case; the request's spelling of the key wins.
 * `quotaName` names the quota in AWS's LimitExceeded message (TagsPerUser, TagsPerPolicy, …).
 */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[], quotaName: string): Tag[] {
  checkDuplicateTags(added);
  const out = existing.map((t) => ({ Key: t.Key, Value: t.Value }));
  for (const t of added) {
    const i = out.findIndex((o) => o.Key.toLowerCase() === t.Key.toLowerCase());
    if (i >= 0) out[i] = { Key: t.Key, Value: t.Value };
    else out.push({ Key: t.Key, Value: t.Value });
  }
  if (out.length > MAX_TAGS) throw LimitExceeded(`Cannot exceed quota for ${quotaName}: ${MAX_TAGS}`);
  return out;
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** aws:RequestTag/KEY for each tag and aws:TagKeys (reference_policies_condition-keys.html). */
export function requestTagContext(tags: readonly Tag[] | undefined): Record<string, string | readonly string[]> {
  if (tags === undefined || tags.length === 0) return {};
  const ctx: Record<string, string | readonly string[]> = {};
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  ctx['aws:TagKeys'] = tags.map((t) => t.Key);
  return ctx;
}
