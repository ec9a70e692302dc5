/**
 * Generators of command specs (fairness-research.md §3.4): times mix uniform steps with boundary
 * constants (σ − E, σ − E_call, σ, σ + L, expiry, opening, shift and break edges, each ± 1 ms,
 * and dt = 0 for simultaneous events). Bookings are generated as a prelude made the day before.
 */
import fc from 'fast-check';
import { MIN } from './model-config.ts';
import type { Advance, CmdSpec, TicketRef, WindowVerb } from './model-commands.ts';

const small = fc.nat({ max: 50 });
export const ticketRef: fc.Arbitrary<TicketRef> = fc.record({ pick: small, any: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }) });
const delta = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.constantFrom(-1, 1), weight: 2 });
const keyed = fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 });
/**
 * Window pick: below 64 the pick-th window the command makes sense for (model-commands.ts), 64…71
 * any window (so refusals are exercised too), now and then 99: a window that does not exist.
 */
const windowIx = fc.oneof({ arbitrary: fc.nat({ max: 7 }), weight: 24 }, { arbitrary: fc.integer({ min: 64, max: 71 }), weight: 6 }, { arbitrary: fc.constant(99), weight: 1 });

export const advance: fc.Arbitrary<Advance> = fc.oneof(
  { arbitrary: fc.constant({ k: 'dt' as const, ms: 0 }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 10 }).map((n) => ({ k: 'dt' as const, ms: n * MIN })), weight: 12 },
  { arbitrary: fc.integer({ min: 1, max: 90 }).map((n) => ({ k: 'dt' as const, ms: n * 1000 })), weight: 4 },
  { arbitrary: fc.constant({ k: 'dt' as const, ms: 1 }), weight: 2 },
  { arbitrary: fc.integer({ min: 15, max: 90 }).map((n) => ({ k: 'dt' as const, ms: n * MIN })), weight: 2 },
  {
    arbitrary: fc.record({ k: fc.constant('booking' as const), pick: small, edge: fc.constantFrom('checkInOpens', 'callable', 'slot', 'lateEnds', 'expires' as const), delta }),
    weight: 10,
  },
  { arbitrary: fc.record({ k: fc.constant('clock' as const), at: fc.constantFrom('open', 'shiftStart', 'breakStart', 'breakEnd', 'shiftEnd' as const), delta }), weight: 3 },
  // closing time and midnight end the working day: rarer, or most runs would end early
  { arbitrary: fc.record({ k: fc.constant('clock' as const), at: fc.constantFrom('close', 'midnight' as const), delta }), weight: 1 },
);

/** Slot minutes: the 15-minute grid from 10:00 to 17:45, and a few refusals (before opening, off the grid, past closing). */
const slotMinute = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 31 }).map((k) => 600 + 15 * k), weight: 12 },
  { arbitrary: fc.constantFrom(585, 607, 1185, 1190), weight: 1 },
);

export const book: fc.Arbitrary<CmdSpec> = fc.record({
  c: fc.constant('book' as const),
  service: fc.nat({ max: 2 }),
  dayAhead: fc.oneof({ arbitrary: fc.constant(1), weight: 10 }, { arbitrary: fc.constantFrom(0, 2, 8), weight: 1 }),
  minute: slotMinute,
  cls: fc.nat({ max: 2 }),
  citizen: fc.nat({ max: 4 }),
  keyed,
});

/** Bookings made the evening before the service day (the horizon starts tomorrow). */
export const prelude = fc.array(book, { maxLength: 12 });

const verb = (c: WindowVerb, weight: number) => ({ arbitrary: fc.record({ c: fc.constant(c), w: windowIx, keyed }), weight });

/** A booked citizen arrives between σ − E − 2 min and σ + L + 2 min, often on an edge, and checks in. */
export const arrive: fc.Arbitrary<CmdSpec> = fc.record({
  c: fc.constant('arrive' as const),
  pick: small,
  offsetMs: fc.oneof(
    { arbitrary: fc.integer({ min: -32, max: 12 }).map((n) => n * MIN), weight: 3 },
    { arbitrary: fc.constantFrom(-30 * MIN, -5 * MIN, 0, 10 * MIN).chain((x) => fc.constantFrom(x - 1, x, x + 1)), weight: 2 },
  ),
});

export const manualCommand: fc.Arbitrary<CmdSpec> = fc.oneof(
  { arbitrary: fc.record({ c: fc.constant('issue' as const), service: fc.nat({ max: 2 }), cls: fc.nat({ max: 2 }), keyed }), weight: 7 },
  { arbitrary: fc.record({ c: fc.constant('advance' as const), to: advance }), weight: 7 },
  verb('call', 7),
  verb('start', 3),
  verb('complete', 3),
  verb('open', 3),
  verb('close', 1),
  verb('breakStart', 1),
  verb('breakEnd', 1),
  verb('recall', 2),
  verb('noShow', 1),
  verb('requeue', 1),
  { arbitrary: fc.record({ c: fc.constant('checkIn' as const), t: ticketRef, keyed }), weight: 3 },
  { arbitrary: arrive, weight: 2 },
  { arbitrary: fc.record({ c: fc.constant('cancel' as const), t: ticketRef }), weight: 1 },
  { arbitrary: fc.record({ c: fc.constant('park' as const), byWindow: fc.boolean(), w: windowIx, t: ticketRef }), weight: 1 },
  { arbitrary: fc.record({ c: fc.constant('resume' as const), t: ticketRef }), weight: 1 },
  { arbitrary: fc.record({ c: fc.constant('transfer' as const), service: fc.nat({ max: 2 }), byWindow: fc.boolean(), w: windowIx, t: ticketRef, keyed }), weight: 1 },
  { arbitrary: fc.constant({ c: 'tick' as const }), weight: 2 },
  { arbitrary: book, weight: 1 },
  { arbitrary: fc.record({ c: fc.constant('repeat' as const), k: small, otherCommand: fc.boolean() }), weight: 1 },
);
