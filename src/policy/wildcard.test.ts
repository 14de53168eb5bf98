import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileArnPattern, matchArn, splitArn } from './arn.js';
import { cidrContains, parseCidr, parseIp } from './ip.js';
import { parseTemplate, resolveTemplate } from './variables.js';
import { globFromText, matchGlob, tokenize } from './wildcard.js';

const glob = (p: string, s: string, lower = false): boolean => matchGlob(globFromText(p, lower), lower ? s.toLowerCase() : s);
const arn = (p: string, s: string): boolean => matchArn(compileArnPattern(tokenize(p)), s, splitArn(s));

describe('wildcard', () => {
  it('matches * and ? without regular expressions', () => {
    assert.ok(glob('*', ''));
    assert.ok(glob('iam:Get*', 'iam:GetRole'));
    assert.ok(!glob('iam:Get*', 'iam:ListRoles'));
    assert.ok(glob('*Report', 'iam:GenerateCredentialReport'));
    assert.ok(glob('a?c', 'abc'));
    assert.ok(!glob('a?c', 'ac'));
    assert.ok(glob('a*b*c', 'aXbYbZc'));
    assert.ok(!glob('a*b*c', 'aXbYbZ'));
    assert.ok(glob('IAM:get*', 'iam:GetRole', true));
    assert.ok(!glob('abc', 'ABC'));
  });
  it('stays linear on adversarial input', () => {
    const p = 'a*'.repeat(50) + 'b';
    const s = 'a'.repeat(5000);
    const t0 = process.hrtime.bigint();
    assert.ok(!glob(p, s));
    assert.ok(process.hrtime.bigint() - t0 < 5_000_000_000n);
  });
});

describe('ARN matching', () => {
  it('matches segment-wise, the resource segment keeping its colons', () => {
    assert.ok(arn('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b'));
    assert.ok(arn('arn:aws:iam::*:role/x', 'arn:aws:iam::123456789012:role/x'));
    assert.ok(!arn('arn:aws:iam::*:role/x', 'arn:aws:iam::123456789012:role/y'));
    assert.ok(arn('arn:aws:logs:*:*:log-group:g:*', 'arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s'));
    assert.ok(!arn('arn:aws:s3:::bucket', 'arn:aws:s3:::Bucket'));
  });
  it('lets a trailing * of a short pattern span the remaining segments', () => {
    assert.ok(arn('arn:aws:iam::*', 'arn:aws:iam::123456789012:user/bob'));
    assert.ok(!arn('arn:aws:iam::*', 'arn:aws:sts::123456789012:assumed-role/r/s'));
  });
  it('keeps * inside a segment from crossing a colon', () => {
    assert.ok(!arn('arn:aws:ec2:us-*:123456789012:instance/i-1', 'arn:aws:ec2:us-east-1:x:123456789012:instance/i-1'));
  });
});

describe('IP addresses', () => {
  const has = (c: string, ip: string): boolean => cidrContains(parseCidr(c)!, parseIp(ip)!);
  it('handles IPv4 and IPv6 CIDR blocks and bare addresses', () => {
    assert.ok(has('203.0.113.0/24', '203.0.113.200'));
    assert.ok(!has('203.0.113.0/24', '203.0.114.1'));
    assert.ok(has('0.0.0.0/0', '8.8.8.8'));
    assert.ok(has('10.1.2.3', '10.1.2.3'));
    assert.ok(has('2001:DB8:1234:5678::/64', '2001:db8:1234:5678:1::1'));
    assert.ok(!has('2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1'));
    assert.ok(has('::/0', '::1'));
    assert.ok(has('203.0.113.0/24', '::ffff:203.0.113.9'));
    assert.ok(!has('2001:db8::/32', '203.0.113.9'));
  });
  it('rejects malformed input', () => {
    for (const bad of ['1.2.3', '1.2.3.256', '1.2.3.4/33', '::1::2', 'x', '1:2:3:4:5:6:7:8:9', '10.0.0.0/-1']) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });
});

describe('policy variables', () => {
  const lookup = (k: string): unknown => ({ 'aws:username': 'bob', 'aws:principaltag/team': 'blue' })[k];
  const resolve = (t: string, v = true): string | undefined =>
    resolveTemplate(parseTemplate(t, v), lookup)?.map((x) => (typeof x === 'string' ? x : x.description)).join('');
  it('substitutes, defaults and escapes', () => {
    assert.equal(resolve('home/${aws:username}/*'), 'home/bob/*');
    assert.equal(resolve('${aws:PrincipalTag/Team}'), 'blue');
    assert.equal(resolve("${aws:PrincipalTag/cost, 'none'}"), 'none');
    assert.equal(resolve('${aws:PrincipalTag/cost}'), undefined);
    assert.equal(resolve('a${*}b${?}c${$}'), 'a*b?c$');
    assert.equal(resolve('${aws:username}', false), '${aws:username}');
  });
});

describe('condition operators', () => {
  it('fail closed on an unknown operator', async () => {
    const { compileCondition } = await import('./conditions.js');
    const fn = compileCondition('StringEqualz', 'aws:username', ['bob'], true);
    assert.equal(fn(() => 'bob'), false);
    assert.equal(compileCondition('ForAnyValue:Null', 'aws:username', ['true'], true)(() => undefined), false);
  });
});

describe('wildcard matching stays linear on long values (review)', () => {
  /** Reference semantics: a regular expression over a fixed test alphabet (test-only, never on policy text). */
  const reference = (p: string, s: string): boolean =>
    new RegExp(`^${[...p].map((c) => (c === '*' ? '[^]*' : c === '?' ? '[^]' : c)).join('')}$`).test(s);

  it('agrees with a reference matcher on random patterns, including `?` runs longer than 32', () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = (alphabet: string, len: number): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]!).join('');
    for (let i = 0; i < 5000; i++) {
      const p = pick('ab*?', 1 + rnd(i % 50 === 0 ? 80 : 10));
      const s = pick('ab', rnd(i % 50 === 0 ? 120 : 14));
      assert.equal(glob(p, s), reference(p, s), `${p} ~ ${s}`);
    }
    const long = '?'.repeat(40) + 'b';
    assert.ok(glob(`*${long}*`, 'a'.repeat(45) + 'b'));
    assert.ok(!glob(`*${long}*`, 'a'.repeat(35) + 'b'));
  });

  it('matches a long pattern against a 1 MB value in linear time (backtracking took ~10 s)', () => {
    const s = 'a'.repeat(1_000_000);
    for (const p of [`*${'a'.repeat(3000)}b*`, `*${'a?'.repeat(1500)}b*`, `${'a*'.repeat(1000)}b`, `*a*${'a'.repeat(2000)}*b`]) {
      const t0 = process.hrtime.bigint();
      assert.ok(!glob(p, s));
      assert.ok(glob(p, `${s}b`));
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(ms < 1500, `${p.slice(0, 20)}… took ${ms} ms`);
    }
  });
});
