/**
 * fast-check arbitraries for hostile requests to one route: path parameters valid or not (boundary
 * numbers, junk, huge, unicode, traversal), bodies shaped by the route's schema with fields of the
 * wrong type, boundary numbers, huge strings, unknown fields, missing ones — or arbitrary JSON,
 * broken JSON, prototype pollution, the wrong media type — and headers with no token, a forged one,
 * a valid one of any role, idempotency keys valid, invalid or replayed.
 */
import fc from 'fast-check';
import type { RouteSpec } from './route-list.ts';

/** What exists on the server, so that a share of the requests get past validation. */
export interface FuzzWorld {
  readonly centres: readonly string[];
  readonly windows: readonly number[];
  readonly services: readonly string[];
  /** Valid ticket ids. */
  readonly tickets: readonly number[];
  /** Valid bearer tokens of every role. */
  readonly bearers: readonly string[];
  /** Public tokens of tickets and holds. */
  readonly publicTokens: readonly string[];
  readonly slots: readonly string[];
}

export interface FuzzRequest {
  readonly method: string;
  /** Path and query, already encoded. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
}

const BIG = 20_000;
const junk = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '..', '../..', '%', '%00', '\u0000', 'null', 'undefined', '__proto__', 'constructor', 'NaN', 'Infinity', '1e9', '-1', '0x10', 'a'.repeat(BIG), '😀'.repeat(50), 'ß', 'İ'),
);
const boundaryNumber = fc.constantFrom(0, -0, -1, 1, 5, 6, 99_999, 100_000, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 1.5, 0.1);
const boundaryDigits = boundaryNumber.map((n) => String(n));
const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }), boundaryNumber);

/** `arb` with probability `p`, else null. */
function sometimes<T>(arb: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | null> {
  const w = Math.round(p * 100);
  return fc.oneof({ weight: 100 - w, arbitrary: fc.constant(null) }, { weight: w, arbitrary: arb });
}

function pick<T>(values: readonly T[], fallback: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return values.length > 0 ? fc.constantFrom(...values) : fallback;
}

/** A forged public token: a valid one with one character changed, or the right shape made up. */
function forgedToken(w: FuzzWorld): fc.Arbitrary<string> {
  const madeUp = fc.tuple(fc.stringMatching(/^[0-9a-z]{1,11}$/), fc.stringMatching(/^[A-Za-z0-9_-]{22}$/)).map(([a, b]) => `${a}.${b}`);
  if (w.publicTokens.length === 0) return madeUp;
  const mutated = fc.tuple(fc.constantFrom(...w.publicTokens), fc.nat(), fc.constantFrom('a', 'Z', '0', '_', '-')).map(([t, i, c]) => {
    const at = i % t.length;
    return t.slice(0, at) + (t[at] === c ? 'b' : c) + t.slice(at + 1);
  });
  return fc.oneof(madeUp, mutated);
}

function paramValue(name: string, w: FuzzWorld): fc.Arbitrary<string> {
  const valid: Record<string, fc.Arbitrary<string>> = {
    centre: pick(w.centres, fc.constant('x')),
    window: pick(w.windows.map(String), fc.constant('1')),
    ticket: pick(w.tickets.map(String), fc.constant('1')),
    token: fc.oneof(pick(w.publicTokens, fc.constant('x')), forgedToken(w)),
    service: pick(w.services, fc.constant('x')),
    file: fc.constantFrom('index.html', 'swagger-initializer.js', '..%2F..%2Fpackage.json', 'nope.js'),
  };
  return fc.oneof({ weight: 16, arbitrary: valid[name] ?? junk }, { weight: 2, arbitrary: boundaryDigits }, { weight: 2, arbitrary: junk });
}

function validField(name: string, w: FuzzWorld): fc.Arbitrary<unknown> {
  switch (name) {
    case 'service':
      return pick(w.services, fc.constant('id-card'));
    case 'class':
      return fc.constantFrom('general', 'priority', 'vip');
    case 'channel':
      return fc.constantFrom('desk', 'terminal', 'callCentre', 'desk', 'terminal', 'online');
    case 'citizenId':
      return fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Z]{3}[0-9]{7}$/) }, { weight: 1, arbitrary: fc.constantFrom('aze 123 4567', 'AB', 'Q'.repeat(32), 'Q'.repeat(33), 'ÄÖÜ1234') });
    case 'name':
      return fc.constantFrom('Aysel', 'x'.repeat(60), 'x'.repeat(61), '<script>alert(1)</script>');
    case 'slot':
      return fc.oneof(pick(w.slots, fc.constant('2030-01-01T11:00:00+04:00')), fc.constantFrom('2026-13-45T99:99:99+04:00', '2026-11-24', 'yesterday', '2026-11-24T11:00:00', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59+14:00'));
    case 'token':
    case 'holdToken':
      return fc.oneof(pick(w.publicTokens, fc.constant('x')), forgedToken(w));
    case 'rating':
      return fc.integer({ min: -2, max: 7 });
    case 'reason':
      return fc.constantFrom('abandoned', 'desk', 'duplicate', 'other', 'citizen');
    case 'stop':
      return fc.constantFrom('stop-1', 'nowhere');
    default:
      return junk;
  }
}

function shapedBody(r: RouteSpec, w: FuzzWorld): fc.Arbitrary<unknown> {
  const field = (name: string) =>
    sometimes(
      fc.oneof(
        { weight: 16, arbitrary: validField(name, w) },
        { weight: 2, arbitrary: wrongType },
        { weight: 1, arbitrary: junk },
        { weight: 1, arbitrary: fc.constant('Z'.repeat(BIG)) },
      ),
      r.bodyRequired.includes(name) ? 0.95 : 0.5,
    );
  const known = fc.record(Object.fromEntries(r.bodyProps.map((p) => [p, field(p)])) as Record<string, fc.Arbitrary<unknown>>);
  const unknown = sometimes(fc.dictionary(fc.constantFrom('extra', 'admin', 'role', 'citizen', 'now', 'window', 'id', 'version'), wrongType, { minKeys: 1, maxKeys: 2 }), 0.1);
  return fc.tuple(known, unknown).map(([k, u]) => {
    const body: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(k)) if (v !== null) body[key] = v;
    return u ? { ...body, ...u } : body;
  });
}

/** The body as sent: JSON of a (mostly schema-shaped) value, or text that is not JSON at all. */
function payload(r: RouteSpec, w: FuzzWorld): fc.Arbitrary<string | undefined> {
  const json = (a: fc.Arbitrary<unknown>) => a.map((v) => JSON.stringify(v));
  return fc.oneof(
    { weight: 20, arbitrary: json(shapedBody(r, w)) },
    { weight: 3, arbitrary: json(fc.jsonValue({ maxDepth: 3 })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'nul', '[1,2', '\u0000', '{"service":"id-card",}', '{"__proto__":{"role":"admin"},"service":"id-card"}', '{"constructor":{"prototype":{"admin":true}}}', `{"service":"${'A'.repeat(200_000)}"}`) },
  );
}

function headers(r: RouteSpec, w: FuzzWorld, keys: readonly string[]): fc.Arbitrary<Record<string, string>> {
  const bearer = fc.oneof(
    { weight: 12, arbitrary: pick(w.bearers, fc.constant('x')).map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: pick(w.bearers, fc.constant('x')).map((t) => `Bearer ${t}x`) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: fc.constantFrom('Basic ZGVtbzpkZW1v', 'Bearer', 'Bearer ', 'bearer demo-admin', `Bearer ${'x'.repeat(300)}`, 'Bearer demo-admin demo-admin') },
  );
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...keys) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'has space', 'k'.repeat(129), 'ключ', 'a/b', '"quoted"') },
    { weight: 1, arbitrary: fc.uuid() },
  );
  const type = fc.oneof({ weight: 20, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml', '') });
  return fc
    .record({
      authorization: sometimes(bearer, r.secured ? 0.9 : 0.3),
      'idempotency-key': sometimes(key, 0.5),
      'content-type': type,
      'x-asan-now': sometimes(fc.constantFrom('0', '99999999999999', 'now'), 0.05),
      'x-forwarded-for': sometimes(fc.constantFrom('10.0.0.1', '::1, 1.2.3.4', 'junk'), 0.05),
    })
    .map((h) => Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => e[1] !== null)));
}

function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return 'x%ZZ'; // a lone surrogate cannot be encoded: send a broken escape instead
  }
}

/** One hostile request to `r` (sometimes with another method, or a junk query string). */
export function requestTo(r: RouteSpec, w: FuzzWorld, keys: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const params = fc.record(Object.fromEntries(r.params.map((p) => [p, paramValue(p, w)])) as Record<string, fc.Arbitrary<string>>);
  const method = fc.oneof({ weight: 40, arbitrary: fc.constant(r.method) }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', r.method === 'GET' ? 'POST' : 'GET') });
  const query = sometimes(fc.constantFrom('?a=1', '?__proto__[x]=1', '?window=2&centre=x', `?q=${'x'.repeat(3000)}`, '?&&&=', '?%ZZ'), 0.05);
  return fc.record({ params, method, query, headers: headers(r, w, keys), payload: payload(r, w) }).map(({ params: p, method: m, query: q, headers: h, payload: body }) => {
    const url = r.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(p[name] ?? '')) + (q ?? '');
    const sendsBody = m !== 'GET' && m !== 'OPTIONS' && body !== undefined;
    const hs = { ...h };
    if (!sendsBody) delete hs['content-type'];
    return { method: m, url, headers: hs, ...(sendsBody ? { payload: body } : {}) };
  });
}
