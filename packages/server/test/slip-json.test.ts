/**
 * http/slip-json.ts writes a ticket slip's JSON itself: it must be byte for byte what Fastify's
 * serializer writes for the `ticketSlip` response schema, and give up (undefined) on anything of
 * another shape. Seeded random slips (fast-check prints its seed on failure; also logged here),
 * compared with the answer of a Fastify route that serializes the same object with the schema.
 */
import Fastify from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slipJson, type SlipBody } from '../src/http/slip-json.ts';
import { ticketSlip } from '../src/http/schemas.ts';

let slip: unknown;
const app = Fastify({ logger: false });
app.get('/slip', { schema: { response: { 200: ticketSlip } }, handler: async () => slip });

beforeAll(async () => {
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

async function fastify(body: unknown): Promise<string> {
  slip = body;
  const r = await app.inject({ method: 'GET', url: '/slip' });
  expect(r.statusCode).toBe(200);
  return r.body;
}

const text = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ maxLength: 50, unit: 'grapheme' }), fc.string({ maxLength: 50, unit: 'binary' }), fc.constantFrom('A001', 's3', 'ab"c\\d', '\u2028x', 'x'.repeat(60)));
const int = fc.integer({ min: -(2 ** 40), max: 2 ** 53 - 1 });
const num = fc.oneof(int, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0));
const windows = fc.array(fc.record({ number: fc.integer({ min: 0, max: 99_999 }), floor: fc.integer({ min: -5, max: 200 }) }), { maxLength: 30 }).map((ws) => Object.freeze(ws.map((w) => Object.freeze(w))));
const eta = fc.option(fc.record({ p50Ms: num, p90Ms: num, p50At: num, p90At: num }), { nil: null });
const slips = fc.record(
  { token: text, ticket: int, number: text, service: text, windows, peopleAhead: fc.integer({ min: 0, max: 1_000_000 }), eta, late: fc.boolean(), callableAt: num },
  { requiredKeys: ['token', 'ticket', 'number', 'service', 'windows', 'peopleAhead', 'eta'] },
);

describe('slipJson', () => {
  it('writes exactly what the ticketSlip schema serializer writes, for random slips', async () => {
    const seed = Date.now() % 1_000_000_007;
    console.log(`slip-json seed ${seed}`);
    await fc.assert(
      fc.asyncProperty(slips, async (body) => {
        const json = slipJson(body as SlipBody);
        expect(json).toBeDefined();
        expect(json).toBe(await fastify(body));
        // The window list's JSON is reused: the same list again gives the same bytes.
        expect(slipJson(body as SlipBody)).toBe(json);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('gives up on other shapes (the caller lets Fastify serialize them)', () => {
    const frozen = Object.freeze([Object.freeze({ number: 1, floor: 1 })]);
    const ok: SlipBody = { token: '1.abc', ticket: 1, number: 'A001', service: 's', windows: frozen, peopleAhead: 0, eta: null };
    expect(slipJson(ok)).toBe('{"token":"1.abc","ticket":1,"number":"A001","service":"s","windows":[{"number":1,"floor":1}],"peopleAhead":0,"eta":null}');
    const bad: unknown[] = [
      { ...ok, windows: [{ number: 1, floor: 1 }] }, // not frozen (e.g. replayed from the store)
      { ...ok, windows: Object.freeze([{ number: 1, floor: 1 }]) }, // entries not frozen
      { ...ok, windows: Object.freeze([Object.freeze({ number: 1.5, floor: 1 })]) },
      { ...ok, ticket: 1.5 },
      { ...ok, peopleAhead: Number.NaN },
      { ...ok, token: 5 },
      { ...ok, eta: { p50Ms: Infinity, p90Ms: 1, p50At: 1, p90At: 1 } },
      { ...ok, eta: { p50Ms: 1, p90Ms: 1, p50At: 1 } },
      { ...ok, late: 'yes' },
      { ...ok, callableAt: Number.NaN },
    ];
    for (const b of bad) expect(slipJson(b as SlipBody)).toBeUndefined();
  });
});
