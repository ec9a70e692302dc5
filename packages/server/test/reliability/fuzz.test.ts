/**
 * Fuzzing every route of the app through `app.inject` (fast): seeded fast-check requests — arbitrary
 * and schema-shaped JSON with wrong types, boundary numbers, huge strings and unknown fields; junk,
 * boundary and traversal path parameters; missing, forged and valid tokens of every role; valid,
 * invalid and replayed idempotency keys; wrong media types and methods. No answer is 5xx, every
 * refusal is a coded SRV_ERR_* answer and changes no stored or in-memory version, no read changes
 * one, and an exact replay of a remembered write gets its first answer and changes nothing.
 * The live stream route never ends under inject: it is fuzzed over a socket (fuzz-socket.redis.test.ts).
 * Full run (10,000 requests per route): scripts/reliability/fuzz.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz } from './support/fuzz-runner.ts';
import { injectSetup } from './support/fuzz-worlds.ts';

const PER_ROUTE = 200;
const SEED = 20_261_123;

let setup: Awaited<ReturnType<typeof injectSetup>>;
beforeAll(async () => {
  setup = await injectSetup();
});
afterAll(async () => {
  await setup.close();
});

describe('fuzzing every route through inject', () => {
  it(`${PER_ROUTE} hostile requests per route: no 5xx, refusals coded and without effect, replays answered as first`, async () => {
    expect(setup.routes.length).toBeGreaterThanOrEqual(44);
    const r = await fuzz(setup.routes, setup.world, setup.transport, { perRoute: PER_ROUTE, seed: SEED });
    expect(r.findings, `seed ${SEED}`).toEqual([]);
    expect(r.requests).toBeGreaterThan(PER_ROUTE * setup.routes.length * 0.9);
    // The fuzz reached the handlers, not only the validator: some writes succeeded and were replayed.
    const ok = Object.values(r.routes).reduce((n, c) => n + (c['200'] ?? 0) + (c['201'] ?? 0), 0);
    expect(ok).toBeGreaterThan(r.requests * 0.05);
    expect(r.replays).toBeGreaterThan(0);
  }, 240_000);
});
