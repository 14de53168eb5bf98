/**
 * The seal of session tokens (AES-256-CTR keystream made ahead, then HMAC-SHA256-128). The
 * invariant that makes CTR safe here: no stretch of keystream — no counter block — is ever handed
 * to two tokens, and a used stretch does not stay in memory.
 */
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Keystream, type KeystreamSource, TokenSeal } from '../../src/credentials/token-seal.js';

const KEY = randomBytes(32);
const MASTER = Buffer.alloc(32, 3);
const ctr = (iv: Buffer, data: Buffer): Buffer => createCipheriv('aes-256-ctr', KEY, iv).update(data);

/** A keystream over small chunks whose buffers the test keeps, to see what is left in them. */
function recorded(chunk: number): { readonly keystream: Keystream; readonly chunks: { iv: Buffer; stream: Buffer }[] } {
  const chunks: { iv: Buffer; stream: Buffer }[] = [];
  const source: KeystreamSource = (iv, bytes) => {
    const stream = ctr(iv, Buffer.alloc(bytes));
    chunks.push({ iv: Buffer.from(iv), stream });
    return stream;
  };
  return { keystream: new Keystream(source, chunk), chunks };
}

const isZero = (b: Buffer): boolean => b.every((x) => x === 0);

describe('Keystream', () => {
  it('hands each counter block to one token only, across many refills, and wipes what it handed out', () => {
    const CHUNK = 1024;
    const { keystream, chunks } = recorded(CHUNK);
    const used = new Set<string>();
    let refills = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 1 + ((i * 37) % 300);
      // Aligned (with a word view) and unaligned starts: both XOR paths.
      const start = i % 2 === 0 ? 20 : 21;
      const buf = Buffer.alloc(start + n);
      const plain = randomBytes(n);
      plain.copy(buf, start);
      const words = i % 2 === 0 ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2) : undefined;
      const before = chunks.length;
      keystream.apply(buf, words, start, n, 1);
      if (chunks.length !== before) refills++;
      const counter = buf.subarray(1, 17);
      // The counter block carried is the one used: CTR from it decrypts the token.
      assert.deepEqual(ctr(counter, buf.subarray(start, start + n)), plain, `token ${i}`);
      // No block of it was handed out before.
      const prefix = counter.subarray(0, 12).toString('hex');
      const first = counter.readUInt32BE(12);
      for (let b = first; b < first + Math.ceil(n / 16); b++) {
        const id = `${prefix}/${b}`;
        assert.equal(used.has(id), false, `block ${id} handed out twice`);
        used.add(id);
      }
      // What it took is wiped from the chunk, up to its last whole block.
      const current = chunks.at(-1)!;
      assert.deepEqual(current.iv.subarray(0, 12), counter.subarray(0, 12));
      assert.ok(isZero(current.stream.subarray(first * 16, Math.min(CHUNK, (first + Math.ceil(n / 16)) * 16))), `token ${i} left keystream behind`);
    }
    assert.ok(refills > 100, `${refills} refills`);
    // Every chunk let go is wiped whole; every chunk had its own random prefix.
    for (const c of chunks.slice(0, -1)) assert.ok(isZero(c.stream));
    assert.equal(new Set(chunks.map((c) => c.iv.subarray(0, 12).toString('hex'))).size, chunks.length);
    for (const c of chunks) assert.equal(c.iv.readUInt32BE(12), 0);
  });

  it('refuses a token longer than a chunk without spending keystream, and chunks that are not whole blocks', () => {
    const { keystream, chunks } = recorded(64);
    const a = Buffer.alloc(1 + 16 + 10);
    keystream.apply(a, undefined, 17, 10, 1);
    assert.throws(() => keystream.apply(Buffer.alloc(200), undefined, 17, 100, 1), RangeError);
    const b = Buffer.alloc(1 + 16 + 10);
    keystream.apply(b, undefined, 17, 10, 1);
    assert.equal(chunks.length, 1);
    assert.equal(b.readUInt32BE(13), a.readUInt32BE(13) + 1, 'the next block after the first token');
    assert.throws(() => new Keystream(() => Buffer.alloc(0), 100), TypeError);
    assert.throws(() => new Keystream(() => Buffer.alloc(0), 0), TypeError);
  });
});

describe('TokenSeal', () => {
  it('opens what it sealed; no counter block is used by two seals, across keystream chunks', () => {
    const seal = new TokenSeal(MASTER);
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const plain = `${i}:${'é'.repeat(i % 9)}${'z'.repeat((i * 53) % 700)}`;
      const sealed = seal.seal(plain) as string;
      assert.equal(typeof sealed, 'string');
      assert.equal(seal.open(sealed), plain);
      const bytes = Buffer.from(sealed, 'base64url');
      const prefix = bytes.subarray(1, 13).toString('hex');
      prefixes.add(prefix);
      const first = bytes.readUInt32BE(13);
      for (let b = first; b < first + Math.ceil((bytes.length - 17 - 16) / 16); b++) {
        const id = `${prefix}/${b}`;
        assert.equal(used.has(id), false, `block ${id} sealed twice`);
        used.add(id);
      }
    }
    assert.ok(prefixes.size > 5, `${prefixes.size} chunks`);
  });

  it('fails to open when any byte is changed: version, counter block, ciphertext or tag', () => {
    const seal = new TokenSeal(MASTER, 3);
    const sealed = seal.seal('{"a":"the session"}') as string;
    const bytes = Buffer.from(sealed, 'base64url');
    const parts = { version: [0, 1], counter: [1, 17], ciphertext: [17, bytes.length - 16], tag: [bytes.length - 16, bytes.length] } as const;
    for (const [part, [from, to]] of Object.entries(parts)) {
      for (let i = from; i < to; i++) {
        for (const bit of [0x01, 0x02, 0x80]) {
          const t = Buffer.from(bytes);
          t[i]! ^= bit;
          assert.equal(seal.open(t.toString('base64url')), undefined, `${part} byte ${i} bit ${bit}`);
        }
      }
    }
    // Another version this node opens, another master key, and truncation: refused too.
    for (const v of [1, 2]) assert.equal(seal.open(Buffer.concat([Buffer.from([v]), bytes.subarray(1)]).toString('base64url')), undefined, `version ${v}`);
    assert.equal(new TokenSeal(Buffer.alloc(32, 4), 3).open(sealed), undefined);
    assert.equal(seal.open(bytes.subarray(0, bytes.length - 1).toString('base64url')), undefined);
    assert.equal(seal.open(sealed), '{"a":"the session"}');
  });

  it('returns the sealed length, sealing nothing, when the limit is passed', () => {
    const seal = new TokenSeal(MASTER);
    const long = seal.seal('x'.repeat(1000), 500);
    // version (1) ‖ counter block (16) ‖ ciphertext (1000) ‖ tag (16), in base64url.
    assert.equal(long, Math.ceil(((17 + 1000 + 16) * 4) / 3));
    const fits = seal.seal('x'.repeat(100), 500);
    assert.equal(typeof fits, 'string');
    assert.equal(Buffer.from(fits as string, 'base64url').readUInt32BE(13), 0, 'the refused seal took no keystream');
  });
});
