/**
 * Replay (INV-14) and determinism: thousands of seeded random commands — accepted and refused,
 * bookings, check-ins, park/resume, transfers, recalls, ticks, idempotency keys, `now` advancing
 * (sometimes by 0, sometimes slightly backwards) — over several days. Folding the log from empty
 * must give the live state, and the same seed must give byte-identical events.
 *
 * The seed is printed; set REPLAY_SEED to re-run one.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, Centre, InvariantError } from '../src/index.ts';
import type { QueueEvent } from '../src/index.ts';
import { MON, Recorded, at, ok, smallCentre } from './fixtures.ts';
import { INPUT, run } from './random-run.ts';

const ENV_SEED = process.env['REPLAY_SEED'];
const SEEDS = ENV_SEED !== undefined ? [Number(ENV_SEED)] : [20261123, 7, 424242];
const STEPS = 5000;

describe('replay', () => {
  for (const seed of SEEDS) {
    it(`rebuilds the live state from the log, and repeats itself byte for byte (seed ${seed})`, () => {
      console.log(`replay: seed ${seed}, ${STEPS} commands (set REPLAY_SEED=${seed} to re-run this one)`);
      const a = run(seed, STEPS);
      const replayed = Centre.replay(INPUT, a.events);
      expect(replayed.dump()).toEqual(a.live.dump());
      expect(JSON.stringify(replayed.dump())).toBe(JSON.stringify(a.live.dump()));
      expect(replayed.version).toBe(a.events.length);
      for (const cp of a.checkpoints) expect(JSON.stringify(Centre.replay(INPUT, a.events.slice(0, cp.events)).dump())).toBe(cp.dump);

      const b = run(seed, STEPS);
      expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
      expect(b.outcomes).toEqual(a.outcomes);

      // The run is a real one: most command types accepted, many refusals of many kinds, several days.
      const acceptedTypes = COMMAND_TYPES.filter((t) => (a.accepted[t] ?? 0) > 0);
      const nRefused = Object.values(a.refused).reduce((s, n) => s + n, 0);
      console.log(`replay: ${a.events.length} events; accepted ${JSON.stringify(a.accepted)}; refused ${JSON.stringify(a.refused)}`);
      expect(acceptedTypes.length).toBeGreaterThanOrEqual(18);
      expect(nRefused).toBeGreaterThan(STEPS / 10);
      expect(Object.keys(a.refused).length).toBeGreaterThanOrEqual(12);
      expect(a.events.filter((e) => e.type === 'day.ended').length).toBeGreaterThanOrEqual(2);
      expect(a.events.some((e) => e.type === 'booking.checkedIn')).toBe(true);
      expect(a.events.some((e) => e.type === 'ticket.transferred')).toBe(true);
      expect(a.events.some((e) => e.type === 'ticket.resumed')).toBe(true);
      expect(a.events.some((e) => e.type === 'ticket.recalled' && e.auto)).toBe(true);
    });
  }

  it('differs for another seed (the generator really is driven by the seed)', () => {
    expect(JSON.stringify(run(1, 300).events)).not.toBe(JSON.stringify(run(2, 300).events));
  });
});

describe('a broken log', () => {
  /** A short valid log: window 2 opened, ticket 1 issued and called. */
  function log(): QueueEvent[] {
    const r = new Recorded();
    ok(r, { type: 'openWindow', now: at(MON, '10:00'), window: 2 });
    ok(r, { type: 'issueWalkIn', now: at(MON, '10:01'), service: 'id-card', citizen: 'a' });
    ok(r, { type: 'callNext', now: at(MON, '10:02'), window: 2 });
    return r.events;
  }

  it('replays when intact', () => {
    expect(Centre.replay(smallCentre(), log()).ticket(1)!.state).toBe('called');
  });

  it('is refused loudly (InvariantError), never folded into a wrong state', () => {
    const [open, issued, called] = log() as [QueueEvent, QueueEvent, QueueEvent];
    const broken: QueueEvent[][] = [
      [open, issued, called, called], // called twice
      [open, called], // called before it exists
      [issued, { ...issued }], // the same id twice
      [open, { ...issued, id: 5 } as QueueEvent], // an id gap
      [issued, { ...open, at: issued.at - 1 }], // time going backwards
      [{ ...open, at: Number.NaN }], // no time
      [open, { ...issued, at: Number.NaN }],
      [open, { ...issued, at: undefined } as unknown as QueueEvent],
      [issued, { type: 'ticket.cancelled', at: issued.at, id: 5, reason: 'x' }], // a ticket that does not exist
      [open, issued, called, { type: 'ticket.parked', at: called.at, id: 1 + 1024, window: 2 }], // nor this one (its row holds ticket 1)
      [open, issued, called, { type: 'ticket.transferred', at: called.at, id: 1 + 1024, service: 'passport', due: called.at }],
      [open, issued, { type: 'ticket.cancelled', at: issued.at, id: 1 + 1024, reason: 'x' }],
      [{ ...issued, service: 'ghost' } as QueueEvent], // unknown service
      [{ ...open, window: 99 } as QueueEvent], // unknown window
      [{ type: 'hold.released', at: issued.at, hold: 1, reason: 'released' }], // unknown hold
      [{ type: 'mystery', at: issued.at } as unknown as QueueEvent],
    ];
    for (const events of broken) expect(() => Centre.replay(smallCentre(), events)).toThrow(InvariantError);
  });
});
