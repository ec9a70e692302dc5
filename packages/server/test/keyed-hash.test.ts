/**
 * KeyedHash keeps computing exactly what is documented: citizen keys and fingerprints are
 * HMAC-SHA256(secret, text) (stored in logs: they must never change); public tokens are AES-128 of
 * one block (the id as 8 bytes big-endian + 'asan.tk2') under the first 16 bytes of
 * HMAC-SHA256(secret, 'token\n<kind>\n<centre>'), and tokens of the HMAC format before it (printed
 * on slips, held by bookings) still verify. A known vector, then seeded random secrets and inputs
 * (fast-check prints its seed on failure; the seed is also logged here), compared with references
 * computed independently (secret as a string, a fresh cipher per token).
 */
import { createCipheriv, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedHash } from '../src/security/keyed-hash.ts';

const reference = (secret: string, text: string, bytes: number) => createHmac('sha256', secret).update(text).digest().subarray(0, bytes).toString('base64url');

/** The public token's MAC computed from its definition: a fresh key and cipher, one block encrypted. */
function tokenReference(secret: string, kind: string, centre: string, id: number): string {
  const key = createHmac('sha256', secret).update(`token\n${kind}\n${centre}`).digest().subarray(0, 16);
  const block = Buffer.alloc(16);
  block.writeBigUInt64BE(BigInt(id), 0);
  block.write('asan.tk2', 8, 'latin1');
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  const out = Buffer.concat([cipher.update(block), cipher.final()]);
  expect(out.length).toBe(16);
  return `${id.toString(36)}.${out.toString('base64url')}`;
}

describe('KeyedHash', () => {
  it('public tokens are <id base 36>.<AES-128 of the id under a key of kind and centre> — a fixed vector', () => {
    const h = new KeyedHash('a-secret-of-at-least-thirty-two-characters');
    expect(h.publicToken('ticket', 'baku-1', 1234)).toBe(tokenReference('a-secret-of-at-least-thirty-two-characters', 'ticket', 'baku-1', 1234));
    expect(h.publicToken('ticket', 'baku-1', 1234)).toMatch(/^ya\.[A-Za-z0-9_-]{22}$/);
    // Made again (the cipher is reused) and for other ids, kinds and centres: each its own.
    expect(h.publicToken('ticket', 'baku-1', 1234)).toBe(tokenReference('a-secret-of-at-least-thirty-two-characters', 'ticket', 'baku-1', 1234));
    expect(new Set([h.publicToken('ticket', 'baku-1', 1234), h.publicToken('hold', 'baku-1', 1234), h.publicToken('ticket', 'baku-2', 1234), h.publicToken('ticket', 'baku-1', 1235)]).size).toBe(4);
    expect(h.verifyToken('ticket', 'baku-1', h.publicToken('ticket', 'baku-1', 1234))).toBe(1234);
    expect(h.verifyToken('hold', 'baku-1', h.publicToken('ticket', 'baku-1', 1234))).toBeNull();
    // Verified tokens are remembered: the same answers again, and a tampered token is still refused.
    const token = h.publicToken('ticket', 'baku-1', 1234);
    expect(h.verifyToken('ticket', 'baku-1', token)).toBe(1234);
    expect(h.verifyToken('ticket', 'baku-2', token)).toBeNull();
    expect(h.verifyToken('ticket', 'baku-1', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    // Another id with this token's MAC, or this token under another secret: refused.
    expect(h.verifyToken('ticket', 'baku-1', `yb.${token.slice(3)}`)).toBeNull();
    expect(new KeyedHash('another-secret-of-at-least-thirty-two-chars').verifyToken('ticket', 'baku-1', token)).toBeNull();
  });

  it('tokens of the HMAC format before (older servers) still verify, for their own kind, centre and id only', () => {
    const secret = 'a-secret-of-at-least-thirty-two-characters';
    const h = new KeyedHash(secret);
    const legacy = `ya.${reference(secret, 'ticket\nbaku-1\n1234', 16)}`;
    expect(h.legacyToken('ticket', 'baku-1', 1234)).toBe(legacy);
    expect(legacy).not.toBe(h.publicToken('ticket', 'baku-1', 1234));
    expect(h.verifyToken('ticket', 'baku-1', legacy)).toBe(1234);
    expect(h.verifyToken('ticket', 'baku-1', legacy)).toBe(1234); // remembered
    expect(h.verifyToken('hold', 'baku-1', legacy)).toBeNull();
    expect(h.verifyToken('ticket', 'baku-2', legacy)).toBeNull();
    expect(h.verifyToken('ticket', 'baku-1', `yb.${legacy.slice(3)}`)).toBeNull();
    expect(h.verifyToken('ticket', 'baku-1', `${legacy.slice(0, -1)}${legacy.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
  });

  it('tokens made ahead (ids in order) equal tokens made one at a time, whatever order the ids come in', () => {
    const seed = Date.now() % 1_000_000_007;
    console.log(`keyed-hash order seed ${seed}`);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.array(fc.integer({ min: -80, max: 200 }), { minLength: 1, maxLength: 60 }), (start, steps) => {
        const secret = 'a-secret-of-at-least-thirty-two-characters';
        const h = new KeyedHash(secret);
        let id = start;
        for (const step of steps) {
          // Mostly the next id, sometimes a jump ahead or back (a booking checked in, ids taken by other kinds).
          id = Math.max(1, step > 150 ? id + step : step < 0 ? id + step : id + 1);
          expect(h.publicToken('ticket', 'baku-1', id)).toBe(tokenReference(secret, 'ticket', 'baku-1', id));
          expect(h.verifyToken('ticket', 'baku-1', tokenReference(secret, 'ticket', 'baku-1', id))).toBe(id);
          expect(h.publicToken('hold', 'baku-1', id)).toBe(tokenReference(secret, 'hold', 'baku-1', id));
        }
        // Ids at the end of the safe range: no token for ids beyond it.
        expect(h.publicToken('ticket', 'baku-2', Number.MAX_SAFE_INTEGER)).toBe(tokenReference(secret, 'ticket', 'baku-2', Number.MAX_SAFE_INTEGER));
      }),
      { seed, numRuns: 200 },
    );
  });

  it('tokens, citizen keys and fingerprints equal the HMAC reference for random secrets and inputs', () => {
    const seed = Date.now() % 1_000_000_007;
    console.log(`keyed-hash property seed ${seed}`);
    fc.assert(
      fc.property(fc.string({ minLength: 32, maxLength: 100, unit: 'grapheme' }), fc.string({ maxLength: 40, unit: 'grapheme' }), fc.integer({ min: 1, max: 2 ** 40 }), fc.string({ maxLength: 200 }), (secret, centre, id, text) => {
        const h = new KeyedHash(secret);
        expect(h.publicToken('hold', centre, id)).toBe(tokenReference(secret, 'hold', centre, id));
        expect(h.verifyToken('hold', centre, h.publicToken('hold', centre, id))).toBe(id);
        expect(h.verifyToken('hold', centre, `${id.toString(36)}.${reference(secret, `hold\n${centre}\n${id}`, 16)}`)).toBe(id);
        expect(h.verifyToken('ticket', centre, h.publicToken('hold', centre, id))).toBeNull();
        expect(h.fingerprint(text)).toBe(reference(secret, `request\n${text}`, 18));
        const normal = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
        expect(h.citizenKey(text)).toBe(`h1:${reference(secret, `citizen\n${normal}`, 24)}`);
      }),
      { seed, numRuns: 300 },
    );
  });
});
