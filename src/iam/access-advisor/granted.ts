/**
 * The services a set of identity policies grants: access advisor lists "the services that the
 * policies allow", whether used or not
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed-view-data.html).
 * Read from each Allow statement's Action: the part before ":" names the service, wildcards
 * included (`*`, `s3*:Get*`); an Allow with NotAction grants every service it does not wholly name,
 * counted here as every service. Deny statements remove nothing: AWS lists what is allowed
 * somewhere, not what is finally allowed. The documents were validated when written.
 */
import { serviceNames } from '../../access/service-reference.js';
import { globFromText, matchGlob } from '../../policy/wildcard.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const list = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function statementsOf(document: string): { [k: string]: Json }[] {
  let doc: Json;
  try {
    doc = JSON.parse(document) as Json;
  } catch {
    return [];
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  return list(doc.Statement).filter((s): s is { [k: string]: Json } => s !== null && typeof s === 'object' && !Array.isArray(s));
}

/** The namespaces `documents` allow, in namespace order. */
export function grantedServices(documents: readonly string[]): string[] {
  const all = serviceNames();
  const out = new Set<string>();
  for (const document of documents) {
    for (const s of statementsOf(document)) {
      if (s.Effect !== 'Allow') continue;
      if (s.NotAction !== undefined) return [...all.keys()];
      for (const a of list(s.Action)) {
        if (typeof a !== 'string') continue;
        const colon = a.indexOf(':');
        const service = colon < 0 ? a : a.slice(0, colon);
        if (colon < 0 && a !== '*') continue;
        if (service === '*' || a === '*') return [...all.keys()];
        const glob = globFromText(service, true);
        for (const ns of all.keys()) if (matchGlob(glob, ns)) out.add(ns);
      }
    }
  }
  return [...out].sort();
}
