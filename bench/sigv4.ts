/**
 * SigV4 verification throughput: parse + verify of a signed IAM form POST (the shape the SDKs
 * send), with the signing key cached (the steady state: one key per secret, day, region and
 * service), and for comparison with the cache cleared before each verification.
 * Prints verifications/s and µs per verification.
 */
import { performance } from 'node:perf_hooks';
import { clearSigningKeyCache, parseAuthorization, signRequest, verifySignature } from '../src/sigv4/index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const NOW = Date.UTC(2026, 0, 15, 9, 30, 0);
const body = 'Action=CreateRole&RoleName=app&Path=%2F&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D&Version=2010-05-08';
const req = signRequest(
  {
    method: 'POST',
    path: '/',
    query: '',
    headers: {
      host: 'iam.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'content-length': String(body.length),
      'x-amz-user-agent': 'aws-sdk-js/3.0.0',
    },
    body,
  },
  { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, sessionToken: 'FwoGZXIvYXdzEXAMPLE', region: 'us-east-1', service: 'iam', nowMs: NOW },
);

function run(label: string, n: number, cold: boolean): void {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    if (cold) clearSigningKeyCache();
    verifySignature(parseAuthorization(req, { nowMs: NOW, services: ['iam', 'sts'] }), req, SECRET, NOW);
  }
  const ms = performance.now() - start;
  console.log(`${label}: ${Math.round((n / ms) * 1000)} verifications/s (${((ms * 1000) / n).toFixed(1)} µs each, n=${n})`);
}

run('warm-up', 5_000, false);
run('signing key cached', 50_000, false);
run('signing key derived each time', 20_000, true);
