/**
 * `tick` reuses a window's roster segment while `now` stays inside it (tick.ts `segmentAt`). That is
 * only right if the segment's bounds are exact: every minute in [from, to) must give the same
 * status and phase as computing the roster afresh. Checked over random rosters (overlapping shifts,
 * breaks, weekday sets) and random minutes of random days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConfig } from '../src/config.ts';
import type { ShiftInput } from '../src/config-types.ts';
import { rosterSegment } from '../src/tick.ts';
import { WEEKDAYS } from '../src/time.ts';
import { smallCentre } from './fixtures.ts';

const SEED = Number(process.env.FC_SEED ?? 20261123);

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A shift on 5-minute marks between 08:00 and 22:00 with up to two breaks inside it. */
const shift = fc
  .tuple(fc.integer({ min: 96, max: 262 }), fc.integer({ min: 2, max: 60 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 6 })), { maxLength: 2 }), fc.subarray([...WEEKDAYS], { minLength: 1 }))
  .map(([s5, len5, brk, days]): ShiftInput => {
    const start = s5 * 5;
    const end = Math.min(start + len5 * 5, 24 * 60 - 5);
    const breaks: { start: string; end: string }[] = [];
    let from = start + 5;
    for (const [off, blen] of brk) {
      const bs = from + (off % 6) * 5;
      const be = bs + blen * 5;
      if (be >= end) break;
      breaks.push({ start: clock(bs), end: clock(be) });
      from = be + 5;
    }
    return { start: clock(start), end: clock(end), breaks, days };
  });

describe('roster segments', () => {
  it('give, at every minute inside [from, to), the status and phase computed afresh', () => {
    console.log(`[roster-segment] seed=${SEED} (replay: FC_SEED=${SEED})`);
    fc.assert(
      fc.property(fc.array(shift, { minLength: 1, maxLength: 4 }), fc.integer({ min: 20_000, max: 20_060 }), fc.integer({ min: 0, max: 24 * 60 - 1 }), (shifts, day, m) => {
        const input = smallCentre();
        const cfg = createConfig({ ...input, windows: input.windows.map((w, i) => (i === 0 ? { ...w, shifts } : w)) });
        const seg = rosterSegment(cfg, 0, day, m)!;
        expect(seg.from).toBeLessThanOrEqual(m);
        expect(seg.to).toBeGreaterThan(m);
        const differ: number[] = [];
        for (let x = seg.from; x < seg.to; x += 0.5) {
          const fresh = rosterSegment(cfg, 0, day, x)!;
          if (fresh.status !== seg.status || fresh.phase !== seg.phase) differ.push(x);
        }
        expect(differ, `minutes of [${seg.from}, ${seg.to}) whose roster differs from ${seg.phase}`).toEqual([]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
