/**
 * Archived tickets (config `keepFinishedTickets`, tickets.ts TicketTable): a finished ticket is
 * forgotten once that many newer tickets exist, and its row is reused. Archiving must never change a
 * decision: the same seeded random run with a tiny retention (100) and with the default (20,000)
 * decides byte-identical events; every ticket the small centre still knows looks exactly as in the
 * large one; the ones it forgot are finished and old enough; live tickets are never forgotten;
 * replay, snapshots and the board agree; and the table stays small while ids keep growing.
 *
 * The seed is printed; set ARCHIVE_SEED to re-run one.
 */
import { describe, expect, it } from 'vitest';
import { Centre } from '../src/index.ts';
import type { CentreInput, QueueEvent } from '../src/index.ts';
import { MON, at, expectRefused, ok, smallCentre } from './fixtures.ts';
import { INPUT, run } from './random-run.ts';

const ENV_SEED = process.env['ARCHIVE_SEED'];
const SEEDS = ENV_SEED !== undefined ? [Number(ENV_SEED)] : [20261124, 31337];
const STEPS = 14000;
const KEEP = 100;
const SMALL: CentreInput = { ...INPUT, keepFinishedTickets: KEEP };
const FINISHED = new Set(['done', 'noShow', 'cancelled', 'expired']);

/** The table behind a centre (capacity and rows), for the memory assertions. */
function table(c: Centre): { capacity: number; maxId: number } {
  return (c as unknown as { st: { t: { capacity: number; maxId: number } } }).st.t;
}

describe('archived tickets', () => {
  for (const seed of SEEDS) {
    it(`forget only old finished tickets and never change a decision (seed ${seed})`, () => {
      console.log(`archive: seed ${seed}, ${STEPS} commands, keepFinishedTickets ${KEEP} (set ARCHIVE_SEED=${seed} to re-run this one)`);
      const cut = 4321;
      let snapshot: ReturnType<Centre['snapshot']> | undefined;
      let cutEvents = 0;
      const small = run(seed, STEPS, (i, live, events) => {
        if (i === cut) {
          snapshot = structuredClone(live.snapshot());
          cutEvents = events;
        }
      }, SMALL);
      const large = run(seed, STEPS);
      expect(JSON.stringify(small.events)).toBe(JSON.stringify(large.events));

      const s = small.live;
      const l = large.live;
      const maxId = table(s).maxId;
      // Ids went well past the table's size: rows were reused, and the table did not grow with history.
      expect(maxId).toBeGreaterThan(table(s).capacity);
      expect(table(s).capacity).toBeLessThan(table(l).capacity);
      let forgotten = 0;
      for (let id = 1; id <= maxId; id++) {
        const mine = s.ticket(id);
        const full = l.ticket(id)!;
        if (mine === undefined) {
          forgotten++;
          expect(FINISHED.has(full.state), `ticket ${id} (${full.state}) was archived`).toBe(true);
          expect(id).toBeLessThanOrEqual(maxId - KEEP);
          expectRefused(s, { type: 'cancel', now: s.clock, ticket: id }, 'QC_ERR_UNKNOWN_TICKET');
          expect(s.archived(id)).toBe(true);
        } else {
          expect(mine).toEqual(full);
          expect(s.archived(id)).toBe(false);
          expect(l.archived(id)).toBe(false);
          if (id <= maxId - KEEP) expect(FINISHED.has(full.state)).toBe(false);
        }
      }
      expect(forgotten).toBeGreaterThan(maxId / 2);
      // Ids never issued are not archived: they are unknown.
      for (const id of [0, -1, maxId + 1, maxId + 1000, 1.5, NaN]) expect(s.archived(id), `id ${id}`).toBe(false);
      expect(s.tickets().length).toBe(maxId - forgotten);
      expect(s.board()).toEqual(l.board());
      expect(s.load()).toEqual(l.load());
      expect(s.dayStats()).toEqual(l.dayStats());

      // Replay of the whole log, and a snapshot restored and followed by the rest of the log, give the live state.
      const liveDump = JSON.stringify(s.dump());
      expect(JSON.stringify(Centre.replay(SMALL, small.events).dump())).toBe(liveDump);
      const restored = Centre.restore(SMALL, snapshot!);
      restored.apply(small.events.slice(cutEvents));
      expect(JSON.stringify(restored.dump())).toBe(liveDump);
      expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(s.snapshot()));
      // …and the restored centre decides the rest of the commands exactly as the live one did.
      const again = Centre.restore(SMALL, snapshot!);
      const decided: QueueEvent[] = [];
      for (const cmd of small.commands.slice(cut)) {
        const out = again.execute(cmd);
        if (out.ok && !out.duplicate) decided.push(...out.events);
      }
      expect(JSON.stringify(decided)).toBe(JSON.stringify(small.events.slice(cutEvents)));
    });
  }

  it('keeps a waiting ticket however many tickets come after it, and the board shows archived calls', () => {
    const c = new Centre(smallCentre({ keepFinishedTickets: KEEP, boardSize: 1000 }));
    let now = at(MON, '10:00');
    ok(c, { type: 'openWindow', now, window: 1 });
    // Ticket 1 waits for a service window 1 does not serve; window 1 serves and finishes 3,000 others.
    const first = ok(c, { type: 'issueWalkIn', now, service: 'account', citizen: 'patient', name: 'Aysel' });
    const calls: { number: string; ticket: number }[] = [];
    for (let i = 0; i < 3000; i++) {
      now += 1000;
      const slip = ok(c, { type: 'issueWalkIn', now, service: 'id-card', citizen: `c${i}`, ...(i === 2500 ? { name: 'Rashad' } : {}) });
      const call = ok(c, { type: 'callNext', now, window: 1 });
      expect(call.ticket).toBe(slip.ticket);
      calls.push({ number: call.number!, ticket: call.ticket! });
      ok(c, { type: 'start', now, window: 1 });
      ok(c, { type: 'complete', now, window: 1 });
    }
    expect(c.ticket(first.ticket)!.state).toBe('waiting');
    expect(c.ticket(first.ticket)!.name).toBe('Aysel');
    expect(c.ticket(2)).toBeUndefined(); // the first id-card ticket: done, 3,000 tickets ago
    expect(c.ticket(3001)!.state).toBe('done');
    // The table spans the oldest live ticket (1) to the newest (3001), no more.
    expect(table(c).capacity).toBe(4096);
    // The board keeps what it showed (numbers, names), though most of its tickets are archived.
    const board = c.board();
    expect(board.length).toBe(1000);
    expect(board.map((e) => e.number)).toEqual(calls.slice(-1000).reverse().map((x) => x.number)); // newest first
    expect(board.map((e) => e.ticket)).toEqual(calls.slice(-1000).reverse().map((x) => x.ticket));
    const named = board.find((e) => e.ticket === calls[2500]!.ticket)!;
    expect(c.ticket(named.ticket)).toBeUndefined();
    expect(named.name).toBe('Rashad');
    expect(named.number).toBe('A2501');
    // …and so does a centre restored from a snapshot.
    expect(Centre.restore(smallCentre({ keepFinishedTickets: KEEP, boardSize: 1000 }), structuredClone(c.snapshot())).board()).toEqual(board);
  });

  it('refuses a retention out of range', () => {
    expect(() => new Centre(smallCentre({ keepFinishedTickets: 10 }))).toThrow(/keepFinishedTickets/);
  });
});
