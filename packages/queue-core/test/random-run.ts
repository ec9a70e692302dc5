/**
 * A seeded random run of commands against one centre — accepted and refused, bookings, check-ins,
 * park/resume, transfers, recalls, ticks, idempotency keys, `now` advancing (sometimes by 0,
 * sometimes slightly backwards) — over several days. Shared by the replay and snapshot tests.
 */
import { Centre } from '../src/index.ts';
import type { CentreInput, Command, CommandType, Outcome, QueueEvent } from '../src/index.ts';
import { SUN, at, min, smallCentre } from './fixtures.ts';

/** mulberry32: a small, fast, seeded PRNG (returns [0, 1)). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const INPUT: CentreInput = (() => {
  const base = smallCentre({
    classes: [
      { id: 'priority', rank: 0, targetMin: 10 },
      { id: 'elderly', rank: 0, targetMin: 15 },
      { id: 'general', rank: 1, targetMin: 30 },
    ],
    endOfDayGraceMin: 60,
    booking: { capacityPerSlot: 3 },
  });
  return {
    ...base,
    windows: [
      ...base.windows.map((w) =>
        w.number === 2 ? { ...w, shifts: [{ start: '10:00', end: '14:00', breaks: [{ start: '12:00', end: '12:20' }] }, { start: '15:00', end: '20:00' }] } : w,
      ),
      { number: 5, floor: 3, agency: 'bank', services: ['account'], shifts: [{ days: ['mon', 'tue', 'wed'], start: '11:00', end: '18:00' }] },
    ],
  };
})();

const SERVICES = ['id-card', 'passport', 'licence', 'account'];
const CLASSES = ['priority', 'elderly', 'general'];
const WINDOWS = [1, 2, 3, 4, 5];

export interface Run {
  events: QueueEvent[];
  outcomes: string[];
  live: Centre;
  accepted: Record<string, number>;
  refused: Record<string, number>;
  /** Dumps (JSON) after some commands, with the number of events then: replay of the prefix must match. */
  checkpoints: { events: number; dump: string }[];
  /** Every command given, in order (as given: key and `now` included). */
  commands: Command[];
}

/** `onStep(i, live, events)` is called before command i is drawn (it must not change `live`). */
export function run(seed: number, steps: number, onStep?: (i: number, live: Centre, events: number) => void, input: CentreInput = INPUT): Run {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => rnd() < p;

  const live = new Centre(input);
  const events: QueueEvent[] = [];
  const outcomes: string[] = [];
  const accepted: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const checkpoints: Run['checkpoints'] = [];
  const commands: Command[] = [];
  let now = at(SUN, '09:00');
  let holds = 0;
  let lastId = 0;
  const bookings: number[] = [];

  // Targets are mostly chosen among those that fit (so that many commands are accepted), else at random.
  const ticketId = () => 1 + int(lastId + 1);
  /** A recent ticket in one of `states` (the last 80 ids), or any id. */
  const ticketIn = (...states: string[]) => {
    const fit: number[] = [];
    for (let id = Math.max(1, lastId - 80); id <= lastId; id++) if (states.includes(live.ticket(id)?.state ?? 'archived')) fit.push(id);
    return fit.length > 0 && chance(0.85) ? pick(fit) : ticketId();
  };
  /** A booking whose check-in window is about now, if any. */
  const bookingNearNow = () => {
    const near = bookings.filter((id) => live.ticket(id)?.state === 'booked' && Math.abs(live.ticket(id)!.slot! - now) < min(75));
    return near.length > 0 && chance(0.9) ? pick(near) : ticketId();
  };
  const windowWhere = (fit: (w: ReturnType<Centre['windows']>[number]) => boolean) => {
    const ws = live.windows().filter(fit).map((w) => w.number);
    return ws.length > 0 && chance(0.85) ? pick(ws) : pick(WINDOWS);
  };
  const holding = () => windowWhere((w) => w.ticket !== null);
  const serving = () => windowWhere((w) => w.ticket !== null && live.ticket(w.ticket)!.state === 'serving');
  const calling = () => windowWhere((w) => w.ticket !== null && live.ticket(w.ticket)!.state === 'called');
  const slot = () => {
    const day = Math.floor((now + min(240)) / 86_400_000) + 1 + int(8); // today+1 … today+8 (the last one out of the horizon)
    const quarter = int(44); // 10:00 … 20:45, some past closing
    const t = day * 86_400_000 - min(240) + min(600 + 15 * quarter);
    return chance(0.05) ? t + min(5) : t;
  };
  const citizen = () => `c${int(40)}`;

  const generators: Record<CommandType, () => Record<string, unknown>> = {
    issueWalkIn: () => ({ service: chance(0.03) ? 'nope' : pick(SERVICES), citizen: citizen(), ...(chance(0.4) ? { class: chance(0.05) ? 'vip' : pick(CLASSES) } : {}), ...(chance(0.2) ? { channel: pick(['desk', 'terminal', 'callCentre', 'online']) } : {}) }),
    holdSlot: () => ({ service: pick(SERVICES), slot: slot(), citizen: citizen() }),
    releaseHold: () => ({ hold: 1 + int(holds + 1) }),
    book: () => (chance(0.5) && holds > 0 ? { hold: 1 + int(holds), citizen: citizen() } : { service: pick(SERVICES), slot: slot(), citizen: citizen(), ...(chance(0.3) ? { class: pick(CLASSES) } : {}) }),
    cancel: () => ({ ticket: ticketIn('waiting', 'booked', 'parked'), ...(chance(0.3) ? { reason: 'left' } : {}) }),
    checkIn: () => ({ ticket: bookingNearNow() }),
    openWindow: () => ({ window: pick(WINDOWS) }),
    closeWindow: () => ({ window: pick(WINDOWS) }),
    startBreak: () => ({ window: pick(WINDOWS) }),
    endBreak: () => ({ window: pick(WINDOWS) }),
    callNext: () => ({ window: chance(0.02) ? 9 : windowWhere((w) => w.status === 'open' && w.ticket === null) }),
    recall: () => ({ window: calling() }),
    start: () => ({ window: calling() }),
    complete: () => ({ window: serving(), ...(chance(0.5) ? { rating: chance(0.05) ? 6 : 1 + int(5) } : {}) }),
    noShow: () => ({ window: calling() }),
    requeue: () => ({ window: calling() }),
    park: () => (chance(0.6) ? { window: holding() } : { ticket: ticketIn('waiting') }),
    resume: () => ({ ticket: ticketIn('parked') }),
    transfer: () => ({ service: pick(SERVICES), ...(chance(0.6) ? { window: holding() } : { ticket: ticketIn('waiting') }) }),
    tick: () => ({}),
  };
  const weights: [CommandType, number][] = [
    ['issueWalkIn', 18], ['tick', 10], ['callNext', 14], ['start', 9], ['complete', 9], ['recall', 3], ['noShow', 2], ['requeue', 2],
    ['openWindow', 5], ['closeWindow', 2], ['startBreak', 2], ['endBreak', 2], ['holdSlot', 4], ['releaseHold', 1], ['book', 6],
    ['cancel', 2], ['checkIn', 6], ['park', 3], ['resume', 3], ['transfer', 3],
  ];
  const total = weights.reduce((s, [, w]) => s + w, 0);

  for (let i = 0; i < steps; i++) {
    onStep?.(i, live, events.length);
    // Time: often unchanged, usually up to 3 minutes on, now and then hours on; nights are mostly skipped.
    const local = (now + min(240)) % 86_400_000;
    if (local > min(21 * 60) && chance(0.05)) now += 86_400_000 - local + min(9 * 60 + 50);
    else if (chance(0.01)) now += min(60 * (1 + int(10)));
    else if (!chance(0.3)) now += int(180_000);
    let r = rnd() * total;
    let type: CommandType = 'tick';
    for (const [t, w] of weights) if ((r -= w) < 0) { type = t; break; }
    let cmd: Record<string, unknown> = { type, now: chance(0.02) ? now - int(60_000) : now, ...generators[type]() };
    if (chance(0.1)) cmd['key'] = `k${int(300)}`;
    if (chance(0.01)) cmd = pick([{ ...cmd, now: Number.NaN }, { ...cmd, type: 'frobnicate' }, { ...cmd, citizen: '' }, { ...cmd, key: '' }]);

    commands.push(cmd as Command);
    const version = live.version;
    const before = i % 20 === 0 ? JSON.stringify(live.dump()) : null;
    let out: Outcome;
    if (chance(0.2)) {
      // The server's way: decide, persist, apply, remember.
      out = live.decide(cmd as Command);
      if (out.ok && !out.duplicate) {
        live.apply(out.events);
        if (typeof cmd['key'] === 'string' && out.events.length > 0) live.remember(cmd['key'], cmd as Command, out);
      }
    } else out = live.execute(cmd as Command);

    const name = String(cmd['type']);
    if (out.ok) {
      accepted[name] = (accepted[name] ?? 0) + 1;
      if (!out.duplicate) events.push(...out.events);
      for (const e of out.events) {
        if (e.type === 'hold.placed') holds = Math.max(holds, e.hold);
        if (e.type === 'ticket.issued' || e.type === 'booking.made') lastId = e.id;
        if (e.type === 'booking.made') bookings.push(e.id);
      }
    } else {
      refused[out.error.code] = (refused[out.error.code] ?? 0) + 1;
      // A refusal changes nothing (checked in full on every 20th command).
      if (live.version !== version || (before !== null && JSON.stringify(live.dump()) !== before)) throw new Error(`refused ${name} changed the state (step ${i})`);
    }
    outcomes.push(JSON.stringify(out));
    if (i % 997 === 996) checkpoints.push({ events: events.length, dump: JSON.stringify(live.dump()) });
  }
  return { events, outcomes, live, accepted, refused, checkpoints, commands };
}
