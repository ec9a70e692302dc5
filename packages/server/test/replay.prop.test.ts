/**
 * Property: whatever mix of commands, refusals and idempotent retries the HTTP API receives, the
 * stored log replays to exactly the live state, a retry returns its first answer byte for byte,
 * and no ticket is called twice without a recall or a requeue between. Seeded; a failure prints
 * its seed and path.
 */
import { Centre } from '@asan/queue-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { C, DESK, op, post, testApp } from './helpers.ts';

type Step =
  | { kind: 'issue'; service: 'id-card' | 'passport' | 'driving-licence' }
  | { kind: 'window'; window: 1 | 2 | 3; action: 'open' | 'call-next' | 'start' | 'complete' | 'no-show' | 'recall' | 'requeue' | 'park' | 'break-start' | 'break-end' | 'close' }
  | { kind: 'desk'; ticket: number; action: 'resume' | 'cancel' }
  | { kind: 'time'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('issue' as const), service: fc.constantFrom('id-card' as const, 'passport' as const, 'driving-licence' as const) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('window' as const),
      window: fc.constantFrom(1 as const, 2 as const, 3 as const),
      action: fc.constantFrom('open' as const, 'call-next' as const, 'call-next' as const, 'start' as const, 'complete' as const, 'no-show' as const, 'recall' as const, 'requeue' as const, 'park' as const, 'break-start' as const, 'break-end' as const, 'close' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('desk' as const), ticket: fc.integer({ min: 1, max: 12 }), action: fc.constantFrom('resume' as const, 'cancel' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 1_000, max: 600_000 }) }) },
);
/** Each step may be sent with a key and repeated (a retry after a lost answer). */
const plan = fc.array(fc.record({ step, keyed: fc.boolean(), repeat: fc.boolean() }), { minLength: 5, maxLength: 40 });

describe('the HTTP API over the engine', () => {
  it('keeps the log equal to the live state; retries get their first answer; calls are never doubled', async () => {
    let calls = 0;
    let retries = 0;
    await fc.assert(
      fc.asyncProperty(plan, async (steps) => {
        const t = await testApp();
        try {
          // Prologue: three open windows and a few waiting citizens; the plan goes on from there.
          for (const w of [1, 2, 3]) await post(t.app, `${C}/windows/${w}/open`, op(w));
          for (const service of ['id-card', 'passport', 'id-card', 'driving-licence']) await post(t.app, `${C}/tickets`, DESK, { service });
          let n = 0;
          for (const { step: s, keyed, repeat } of steps) {
            if (s.kind === 'time') {
              t.clock.advance(s.ms);
              continue;
            }
            const headers = { ...(s.kind === 'window' ? op(s.window) : DESK), ...(keyed ? { 'idempotency-key': `k${++n}` } : {}) };
            const url = s.kind === 'issue' ? `${C}/tickets` : s.kind === 'window' ? `${C}/windows/${s.window}/${s.action}` : `${C}/tickets/${s.ticket}/${s.action}`;
            const body = s.kind === 'issue' ? { service: s.service } : undefined;
            const first = await post(t.app, url, headers, body);
            expect(first.statusCode).toBeLessThan(500);
            if (repeat && keyed && first.statusCode < 300) {
              const version = t.app.ctx.network.get('baku-1').centre.version;
              t.clock.advance(1_000);
              const again = await post(t.app, url, headers, body);
              retries++;
              expect(again.statusCode).toBe(first.statusCode);
              expect(again.body).toBe(first.body);
              expect(t.app.ctx.network.get('baku-1').centre.version).toBe(version);
            }
          }
          const live = t.app.ctx.network.get('baku-1').centre;
          const log = await t.app.ctx.store.load('baku-1', 0);
          expect(JSON.stringify(Centre.replay(live.config, log).dump())).toBe(JSON.stringify(live.dump()));
          // A ticket is called again only after it went back (recall keeps it at the window; requeue, park, resume put it back).
          const atWindow = new Set<number>();
          for (const e of log) {
            if (e.type === 'ticket.called') {
              calls++;
              expect(atWindow.has(e.id), `ticket ${e.id} called twice`).toBe(false);
              atWindow.add(e.id);
            } else if (e.type === 'ticket.requeued' || e.type === 'ticket.parked' || e.type === 'ticket.completed' || e.type === 'ticket.noShow' || e.type === 'ticket.transferred' || e.type === 'ticket.cancelled') {
              atWindow.delete(e.id);
            }
          }
        } finally {
          await t.close();
        }
      }),
      { numRuns: 25, seed: 20_261_123, endOnFailure: true },
    );
    // The generated plans do reach the interesting paths.
    expect(calls).toBeGreaterThan(10);
    expect(retries).toBeGreaterThan(10);
  });
});
