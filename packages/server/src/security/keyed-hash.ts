/**
 * Keyed hashes with the server secret (HMAC-SHA256):
 * - citizen keys: a personal ID is turned into an opaque key before it reaches the engine, so it is
 *   never stored or logged in clear (the same ID always gives the same key, for per-person limits);
 * - request fingerprints for idempotency keys;
 * - public tokens: an unguessable handle on a ticket or a hold for the citizen's own status page,
 *   `<id in base 36>.<MAC>`, verified without any lookup table.
 */
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'ticket' | 'hold';

/** Verified public tokens remembered (see `verifyToken`): ~1 MB at most. */
const VERIFIED_KEPT = 10_000;

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Uint8Array(128);
for (let i = 0; i < 64; i++) B64URL_INDEX[B64URL.charCodeAt(i)] = i;

export class KeyedHash {
  /** The secret as a key object, made once: createHmac with a string prepares the key on every call. */
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** The engine's citizen key of a personal ID (case and spaces do not matter). */
  citizenKey(citizenId: string): string {
    const normal = citizenId.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    return `h1:${this.mac(`citizen\n${normal}`, 24)}`;
  }

  publicToken(kind: TokenKind, centre: string, id: number): string {
    return `${id.toString(36)}.${this.mac(`${kind}\n${centre}\n${id}`, 16)}`;
  }

  /**
   * Tokens already verified, with their ids (kind, centre and token as the key; oldest dropped
   * beyond VERIFIED_KEPT): a citizen's page polls its status with the same token, and the HMAC costs
   * ~2 µs. Only tokens that passed go in, so a guessed token always takes the HMAC path.
   */
  private readonly verified = new Map<string, number>();

  /** The id behind a public token, or null when the token is not one of ours. */
  verifyToken(kind: TokenKind, centre: string, token: string): number | null {
    const key = `${kind}\n${centre}\n${token}`;
    const known = this.verified.get(key);
    if (known !== undefined) return known;
    const m = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!m) return null;
    const id = parseInt(m[1]!, 36);
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const expected = Buffer.from(this.publicToken(kind, centre, id));
    const given = Buffer.from(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    this.verified.set(key, id);
    if (this.verified.size > VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value!);
    return id;
  }

  /** Fingerprint of an idempotent request (keyed, because a body may hold a personal ID). */
  fingerprint(text: string): string {
    return this.mac(`request\n${text}`, 18);
  }

  /**
   * The first `bytes` bytes of HMAC-SHA256(secret, text) in base64url (no padding). Encoded by the
   * digest itself (no Buffer for the MAC, no slice of it: ~30 % of the call here): the base64url of
   * a prefix is the prefix of the whole digest's base64url, except that its last character keeps
   * only the bits of the prefix's last byte (the rest are zero).
   */
  private mac(text: string, bytes: number): string {
    const full = createHmac('sha256', this.key).update(text).digest('base64url');
    const whole = Math.floor(bytes / 3) * 4;
    const rest = bytes % 3;
    if (rest === 0) return full.slice(0, whole);
    // 1 byte left: 2 characters, the second with its 4 low bits cleared; 2 bytes left: 3, the third with its 2 low bits cleared.
    const last = whole + rest;
    return full.slice(0, last) + B64URL[B64URL_INDEX[full.charCodeAt(last)]! & (rest === 1 ? 0x30 : 0x3c)];
  }
}
