/** AWS timestamps as the Query protocol and CloudTrail write them. */
/** AWS IAM/STS timestamp form: 2026-11-22T07:45:29Z. */
export function isoTime(d: Date): string {
  const iso = d.toISOString();
  // Years past 9999 (±YYYYYY-…) keep their form; the usual one drops ".sssZ".
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}

/**
 * isoTime remembering its last second: the text depends on the second alone, and a hot caller sees
 * the same second many times (a request's time, the expiry every session of that second shares).
 * Each caller keeps its own, so that two callers' seconds do not push each other out.
 */
export function isoTimeCache(): (d: Date) => string {
  let second = NaN;
  let text = '';
  return (d) => {
    const s = Math.floor(d.getTime() / 1000);
    if (s !== second) {
      text = isoTime(d);
      second = s;
    }
    return text;
  };
}
