/**
 * KeyedHash keeps computing exactly HMAC-SHA256(secret, text) as documented: tokens, citizen keys
 * and fingerprints made before (stored in logs, printed on slips) must stay valid. A known vector,
 * then seeded random secrets and inputs (fast-check prints its seed on failure; the seed is also
 * logged here), compared with a reference computed with the secret as a string.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedHash } from '../src/security/keyed-hash.ts';

const reference = (secret: string, text: string, bytes: number) => createHmac('sha256', secret).update(text).digest().subarray(0, bytes).toString('base64url');

describe('KeyedHash', () => {
  it('public tokens are <id base 36>.<HMAC-SHA256(secret, kind, centre, id)> — a fixed vector', () => {
    const h = new KeyedHash('a-secret-of-at-least-thirty-two-characters');
    expect(h.publicToken('ticket', 'baku-1', 1234)).toBe(`ya.${reference('a-secret-of-at-least-thirty-two-characters', 'ticket\nbaku-1\n1234', 16)}`);
    expect(h.verifyToken('ticket', 'baku-1', h.publicToken('ticket', 'baku-1', 1234))).toBe(1234);
    expect(h.verifyToken('hold', 'baku-1', h.publicToken('ticket', 'baku-1', 1234))).toBeNull();
    // Verified tokens are remembered: the same answers again, and a tampered token is still refused.
    const token = h.publicToken('ticket', 'baku-1', 1234);
    expect(h.verifyToken('ticket', 'baku-1', token)).toBe(1234);
    expect(h.verifyToken('ticket', 'baku-2', token)).toBeNull();
    expect(h.verifyToken('ticket', 'baku-1', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
  });

  it('tokens, citizen keys and fingerprints equal the HMAC reference for random secrets and inputs', () => {
    const seed = Date.now() % 1_000_000_007;
    console.log(`keyed-hash property seed ${seed}`);
    fc.assert(
      fc.property(fc.string({ minLength: 32, maxLength: 100, unit: 'grapheme' }), fc.string({ maxLength: 40, unit: 'grapheme' }), fc.integer({ min: 1, max: 2 ** 40 }), fc.string({ maxLength: 200 }), (secret, centre, id, text) => {
        const h = new KeyedHash(secret);
        expect(h.publicToken('hold', centre, id)).toBe(`${id.toString(36)}.${reference(secret, `hold\n${centre}\n${id}`, 16)}`);
        expect(h.fingerprint(text)).toBe(reference(secret, `request\n${text}`, 18));
        const normal = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
        expect(h.citizenKey(text)).toBe(`h1:${reference(secret, `citizen\n${normal}`, 24)}`);
      }),
      { seed, numRuns: 300 },
    );
  });
});
