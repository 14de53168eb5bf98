/**
 * The canonical URI. For every service but S3, AWS normalises the path (RFC 3986 dot segments,
 * empty segments dropped) and URI-encodes it once more: a path sent as /a%20b is canonical as
 * /a%2520b. That is what the SDKs compute (smithy's getCanonicalPath, botocore's
 * _normalize_url_path + quote) and what the AWS SigV4 test suite's normalize-path cases expect.
 * S3 (rawPath) uses the path as received.
 */
import { uriEncode } from './encode.js';

export function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `${lead}${segments.join('/')}${trail}`;
}

export function canonicalPath(path: string, rawPath = false): string {
  if (path === '' || path === '/') return '/';
  if (rawPath) return path;
  const normalized = normalizePath(path);
  return normalized === '' ? '/' : uriEncode(normalized, true);
}
