/**
 * `createScenario(spec)`: checks a spec (spec-types.ts), lists every problem with its path and what
 * to fix (SIM_ERR_SPEC_INVALID), and builds the frozen Scenario the simulator runs: the engine
 * configuration (validated by the engine itself; its problems are reported under `engine:`), one
 * walk-in source and one booking source per service, the roster tick times.
 *
 * Demand of a service per day: `demand.perDay` × weight / Σ weights, or its own `perDay`, spread
 * over the day by `demand.hourlyShape`; or its own `ratesPerHour`. A shape or rate key 'HH:MM'
 * holds until the next key; the last one for 60 minutes. Of a bookable service's demand,
 * `bookingShare` books a slot the day before (slots weighted by `bookingShape`), the rest walks in.
 */
import {
  ConfigError,
  createConfig,
  time,
  type AgencyInput,
  type BookingRulesInput,
  type BreakInput,
  type CentreInput,
  type HoursInput,
  type ShiftInput,
  type StopInput,
} from '@asan/queue-core';
import { expectedArrivals } from './arrivals.ts';
import { durationProblems, meanOf, validateDist, type DistSpec } from './distributions.ts';
import { SimError, type Problem } from './errors.ts';
import { MIN } from './records.ts';
import type { ArrivalProcess, BookingSource, ClassDraw, HoldBehaviour, RatingDraw, Scenario, WalkInSource } from './scenario.ts';
import type { ClockWeights, Spec, SpecCentre } from './spec-types.ts';

const DEFAULT_DATE = '2025-03-03';
const DEFAULT_LATENESS: DistSpec = { dist: 'normal', mean: -10, sd: 6 };
/** How many days a run of a fixed centre may have; a mobile centre: its timetable is laid out for this many. */
const MAX_DAYS = 366;
const MOBILE_DAYS = 56;
/** Bookings are made at this clock minute of the day before, unless demand.bookingHours says otherwise. */
const BOOKING_CLOCK_MIN = 720;

/** The fields of an engine input type, checked against the type by the compiler (a new field must be added here). */
const fieldsOf = <T>(o: Record<keyof Required<T>, true>): readonly string[] => Object.keys(o);
const BOOKING_FIELDS = fieldsOf<BookingRulesInput>({
  minDaysAhead: true,
  horizonDays: true,
  checkInEarlyMin: true,
  checkInLateMin: true,
  callableBeforeMin: true,
  expireAfterMin: true,
  capacityPerSlot: true,
  maxActivePerCitizen: true,
  maxPerServicePerDay: true,
  holdTtlMin: true,
});
const SHIFT_FIELDS = fieldsOf<ShiftInput>({ start: true, end: true, breaks: true, days: true });
const BREAK_FIELDS = fieldsOf<BreakInput>({ start: true, end: true });
const AGENCY_FIELDS = fieldsOf<AgencyInput>({ id: true, name: true, kind: true });
const HOURS_FIELDS = fieldsOf<HoursInput>({ open: true, close: true });
/** A spec's mobile stop: the engine's StopInput without the date (one stop per simulated day, cycled). */
const STOP_FIELDS = fieldsOf<Omit<StopInput, 'date'>>({ id: true, place: true, open: true, close: true });

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** [clock minute, weight] pairs of a ClockWeights, sorted; problems reported under `path`. */
function clockWeights(path: string, v: unknown, bad: (p: string, m: string) => void): [number, number][] {
  if (!isObj(v) || Object.keys(v).length === 0) {
    bad(path, `must be an object like { "10:00": 8, "11:00": 12 } (clock → weight)`);
    return [];
  }
  const out: [number, number][] = [];
  for (const [k, w] of Object.entries(v)) {
    const m = time.parseClock(k);
    if (Number.isNaN(m) || m >= 1440) bad(`${path}.${k}`, `key must be a clock 'HH:MM' before 24:00`);
    else if (!isNum(w) || w < 0) bad(`${path}.${k}`, `must be a number ≥ 0, got ${JSON.stringify(w)}`);
    else out.push([m, w]);
  }
  if (out.length > 0 && !out.some(([, w]) => w > 0)) bad(path, 'needs at least one weight > 0');
  return out.sort((a, b) => a[0] - b[0]);
}

/** A piecewise process with `volume` arrivals spread by the weights (volume null: the weights are rates per hour). */
function processOf(weights: readonly [number, number][], volume: number | null): ArrivalProcess {
  const total = weights.reduce((a, [, w]) => a + w, 0);
  const start = weights[0]![0] * MIN;
  const ends: number[] = [];
  const rates: number[] = [];
  weights.forEach(([m, w], k) => {
    const end = k + 1 < weights.length ? weights[k + 1]![0] : m + 60;
    const dur = (end - m) * MIN;
    ends.push(end * MIN);
    rates.push(volume === null ? w / (60 * MIN) : (volume * w) / total / dur);
  });
  return { start, ends, rates, stop: ends[ends.length - 1]! };
}

function scale(p: ArrivalProcess, f: number): ArrivalProcess {
  return { ...p, rates: p.rates.map((r) => r * f) };
}

export function createScenario(input: unknown): Scenario {
  const problems: Problem[] = [];
  const bad = (path: string, message: string) => void problems.push({ path, message });
  if (!isObj(input)) throw new SimError('SIM_ERR_SPEC_INVALID', {}, [{ path: '', message: 'a spec is a JSON object; see packages/sim/README.md' }]);
  const spec = input as unknown as Spec;
  const dist = (path: string, d: unknown, duration = true): void => {
    const problems = validateDist(d);
    for (const m of problems) bad(path, m);
    if (duration && problems.length === 0) for (const m of durationProblems(d as DistSpec)) bad(path, m);
  };
  const share = (path: string, v: unknown): number => {
    if (v === undefined) return 0;
    if (!isNum(v) || v < 0 || v > 1) {
      bad(path, `must be a number from 0 to 1, got ${JSON.stringify(v)}`);
      return 0;
    }
    return v;
  };

  /** Flags fields a part of the spec does not have (a typo would otherwise be ignored). */
  const known = (path: string, v: unknown, keys: readonly string[]): void => {
    if (!isObj(v)) return;
    for (const k of Object.keys(v)) {
      if (!keys.includes(k)) bad(path ? `${path}.${k}` : k, `is not a field here; known: ${keys.join(', ')}`);
    }
  };
  known('', spec, ['id', 'name', 'description', 'date', 'centre', 'classes', 'agencies', 'services', 'windows', 'demand', 'citizens']);
  known('centre', spec.centre, ['kind', 'utcOffsetMin', 'openingHours', 'stops', 'policy', 'booking', 'returnTargetMin', 'callCountMax', 'recallTimeoutMin', 'endOfDayGraceMin']);
  known('demand', spec.demand, ['perDay', 'hourlyShape', 'channels', 'bookingShare', 'bookingShape', 'bookingHours']);
  known('citizens', spec.citizens, ['lateness', 'noShowRate', 'absentWhenCalledRate', 'rating', 'holds']);
  known('citizens.rating', spec.citizens?.rating, ['share', 'weights']);
  known('citizens.holds', spec.citizens?.holds, ['share', 'confirmAfter', 'abandonShare']);
  known('demand.bookingHours', spec.demand?.bookingHours, ['from', 'to']);
  if (Array.isArray(spec.classes)) spec.classes.forEach((c, i) => known(`classes[${i}]`, c, ['id', 'label', 'rank', 'targetMin', 'share', 'patience']));
  if (Array.isArray(spec.services)) {
    spec.services.forEach((v, i) => {
      known(`services[${i}]`, v, ['id', 'name', 'agency', 'prefix', 'handle', 'bookable', 'slotMin', 'payment', 'transfers', 'rating', 'demand']);
      known(`services[${i}].rating`, v?.rating, ['share', 'weights']);
      if (Array.isArray(v?.transfers)) (v.transfers as unknown[]).forEach((t: unknown, k: number) => known(`services[${i}].transfers[${k}]`, t, ['to', 'share']));
      known(`services[${i}].payment`, v?.payment, ['share', 'bankTime', 'beforeShare']);
      known(`services[${i}].demand`, v?.demand, ['weight', 'perDay', 'ratesPerHour']);
    });
  }
  if (Array.isArray(spec.windows)) {
    spec.windows.forEach((w, i) => {
      known(`windows[${i}]`, w, ['number', 'count', 'floor', 'agency', 'services', 'shifts']);
      if (!Array.isArray(w?.shifts)) return;
      (w.shifts as unknown[]).forEach((sh, k) => {
        known(`windows[${i}].shifts[${k}]`, sh, SHIFT_FIELDS);
        const br = isObj(sh) ? sh.breaks : undefined;
        if (Array.isArray(br)) br.forEach((b: unknown, j: number) => known(`windows[${i}].shifts[${k}].breaks[${j}]`, b, BREAK_FIELDS));
      });
    });
  }
  // (the parts the engine reads: it ignores fields it does not know)
  known('centre.booking', spec.centre?.booking, BOOKING_FIELDS);
  if (Array.isArray(spec.centre?.stops)) spec.centre.stops.forEach((st: unknown, i: number) => known(`centre.stops[${i}]`, st, STOP_FIELDS));
  if (isObj(spec.centre?.openingHours)) for (const [d, h] of Object.entries(spec.centre.openingHours)) known(`centre.openingHours.${d}`, h, HOURS_FIELDS);
  if (Array.isArray(spec.agencies)) spec.agencies.forEach((a: unknown, i: number) => known(`agencies[${i}]`, a, AGENCY_FIELDS));

  if (typeof spec.id !== 'string' || spec.id === '') bad('id', 'must be a non-empty string');
  for (const k of ['name', 'description'] as const) if (spec[k] !== undefined && typeof spec[k] !== 'string') bad(k, `must be a string, got ${JSON.stringify(spec[k])}`);
  const date = spec.date ?? DEFAULT_DATE;
  const day0 = time.parseDate(date);
  if (Number.isNaN(day0)) bad('date', `must be a date 'YYYY-MM-DD', got ${JSON.stringify(spec.date)}`);
  const centre: SpecCentre = spec.centre ?? {};
  if (!isObj(spec.centre ?? {})) bad('centre', 'must be an object');
  const mobile = centre.kind === 'mobile';
  if (centre.kind !== undefined && centre.kind !== 'fixed' && !mobile) bad('centre.kind', `must be 'fixed' or 'mobile', got ${JSON.stringify(centre.kind)}`);

  // classes
  const classes = Array.isArray(spec.classes) ? spec.classes : [];
  if (!Array.isArray(spec.classes) || classes.length === 0) bad('classes', 'needs at least one class, e.g. { "id": "general", "rank": 1, "targetMin": 30, "share": 1 }');
  classes.forEach((c, i) => {
    if (!isNum(c?.share) || c.share < 0) bad(`classes[${i}].share`, 'must be a number ≥ 0 (relative share of citizens)');
    if (c?.patience !== undefined && c.patience !== null) dist(`classes[${i}].patience`, c.patience);
  });
  if (classes.length > 0 && !classes.some((c) => isNum(c?.share) && c.share > 0)) bad('classes', 'at least one class needs a share > 0');

  // demand
  const demand = spec.demand;
  let shape: [number, number][] = [];
  let bookingShape: [number, number][] = [];
  if (!isObj(demand)) bad('demand', 'must be an object with hourlyShape (and perDay, channels, bookingShare)');
  else {
    shape = clockWeights('demand.hourlyShape', demand.hourlyShape, bad);
    bookingShape = demand.bookingShape === undefined ? shape : clockWeights('demand.bookingShape', demand.bookingShape, bad);
    if (demand.perDay !== undefined && (!isNum(demand.perDay) || demand.perDay < 0)) bad('demand.perDay', 'must be a number ≥ 0 (applicants per day)');
    share('demand.bookingShare', demand.bookingShare);
    if (demand.channels !== undefined) {
      if (!isObj(demand.channels)) bad('demand.channels', 'must be an object like { "desk": 0.6, "terminal": 0.4 }');
      else {
        for (const [k, v] of Object.entries(demand.channels)) {
          if (!['desk', 'terminal', 'callCentre'].includes(k)) bad(`demand.channels.${k}`, "is not a walk-in channel; use desk, terminal or callCentre (online bookings: bookingShare)");
          else if (!isNum(v) || v < 0) bad(`demand.channels.${k}`, 'must be a number ≥ 0');
        }
        const ch = demand.channels as Record<string, unknown>;
        if (!['desk', 'terminal', 'callCentre'].some((k) => isNum(ch[k]) && ch[k] > 0)) bad('demand.channels', 'needs at least one channel with a weight > 0, e.g. { "desk": 0.6, "terminal": 0.4 } (leave it out: everyone at the desk)');
      }
    }
  }
  if (spec.citizens !== undefined && !isObj(spec.citizens)) bad('citizens', 'must be an object like { "noShowRate": 0.08, "lateness": {...} }');
  const citizens = isObj(spec.citizens) ? spec.citizens : {};
  if (citizens.lateness !== undefined) dist('citizens.lateness', citizens.lateness, false); // an offset: may be negative
  const noShowRate = share('citizens.noShowRate', citizens.noShowRate);
  const absentRate = share('citizens.absentWhenCalledRate', citizens.absentWhenCalledRate);
  const rating = (path: string, v: unknown): RatingDraw | null => {
    if (v === undefined || v === null) return null;
    if (!isObj(v)) {
      bad(path, 'must be { "share": 0.4, "weights": [w1, w2, w3, w4, w5] } (share who rate, relative weights of ratings 1–5)');
      return null;
    }
    const sh = share(`${path}.share`, v.share);
    if (v.share === undefined) bad(`${path}.share`, 'is required: the share of served citizens who give a rating (0 to 1)');
    const w = v.weights;
    if (!Array.isArray(w) || w.length !== 5 || !w.every((x) => isNum(x) && x >= 0) || !w.some((x) => (x as number) > 0)) {
      bad(`${path}.weights`, `must be 5 numbers ≥ 0 (relative weights of ratings 1, 2, 3, 4, 5), at least one > 0, got ${JSON.stringify(w)}`);
      return null;
    }
    return { share: sh, weights: w as number[] };
  };
  const defaultRating = rating('citizens.rating', citizens.rating);
  let holds: HoldBehaviour | null = null;
  if (citizens.holds !== undefined) {
    const h = citizens.holds;
    if (!isObj(h)) bad('citizens.holds', 'must be { "share": 0.5, "confirmAfter": { "dist": ... }, "abandonShare": 0.1 }');
    else {
      const sh = share('citizens.holds.share', h.share);
      if (h.share === undefined) bad('citizens.holds.share', 'is required: the share of online bookers who hold a slot first (0 to 1)');
      if (h.confirmAfter === undefined) bad('citizens.holds.confirmAfter', 'is required: minutes from the hold to the confirmation, a distribution like { "dist": "lognormal", "mean": 4, "cv": 0.8 }');
      else dist('citizens.holds.confirmAfter', h.confirmAfter);
      const ab = share('citizens.holds.abandonShare', h.abandonShare);
      if (isObj(demand) && !((demand.bookingShare ?? 0) > 0)) bad('citizens.holds', 'holds are part of online booking: set demand.bookingShare > 0');
      holds = { share: sh, confirmAfter: h.confirmAfter, abandonShare: ab };
    }
  }
  let bookingRequests: { from: number; to: number } | null = null;
  if (isObj(demand) && demand.bookingHours !== undefined) {
    const bh = demand.bookingHours;
    const from = isObj(bh) && typeof bh.from === 'string' ? time.parseClock(bh.from) : NaN;
    const to = isObj(bh) && typeof bh.to === 'string' ? time.parseClock(bh.to) : NaN;
    if (Number.isNaN(from) || Number.isNaN(to) || from > to || to > 1440) {
      bad('demand.bookingHours', `must be { "from": "HH:MM", "to": "HH:MM" } with from ≤ to (when bookings are made the day before), got ${JSON.stringify(bh)}`);
    } else bookingRequests = { from: from * MIN, to: to * MIN };
  }
  if (holds !== null && bookingRequests === null) bookingRequests = { from: BOOKING_CLOCK_MIN * MIN, to: BOOKING_CLOCK_MIN * MIN };

  // services
  const services = Array.isArray(spec.services) ? spec.services : [];
  if (!Array.isArray(spec.services) || services.length === 0) bad('services', 'needs at least one service');
  const weightTotal = services.reduce((a, s) => a + (isObj(s?.demand) && isNum(s.demand.weight) ? s.demand.weight : 0), 0);
  services.forEach((s, i) => {
    const p = `services[${i}]`;
    dist(`${p}.handle`, s?.handle);
    if (s?.bookable !== undefined && typeof s.bookable !== 'boolean') bad(`${p}.bookable`, `must be true or false, got ${JSON.stringify(s.bookable)}`);
    if (s?.payment !== undefined) {
      if (!isObj(s.payment)) bad(`${p}.payment`, 'must be { "share": 0.5, "bankTime": {...}, "beforeShare": 0.5 }');
      else {
        share(`${p}.payment.share`, s.payment.share);
        if (s.payment.share === undefined) bad(`${p}.payment.share`, 'is required: the share of this service’s citizens who pay at the bank desk (0 to 1)');
        dist(`${p}.payment.bankTime`, s.payment.bankTime);
        share(`${p}.payment.beforeShare`, s.payment.beforeShare);
      }
    }
    if (s?.transfers !== undefined) {
      if (!Array.isArray(s.transfers)) bad(`${p}.transfers`, 'must be a list like [{ "to": "bank-account", "share": 0.1 }]');
      else {
        let sum = 0;
        (s.transfers as readonly { to: unknown; share: unknown }[]).forEach((t, k) => {
          const tp = `${p}.transfers[${k}]`;
          if (!isObj(t)) return bad(tp, 'must be { "to": "<service id>", "share": 0.1 }');
          sum += share(`${tp}.share`, t.share);
          if (t.share === undefined) bad(`${tp}.share`, 'is required: the share of this service’s citizens transferred (0 to 1)');
          if (t.to === s.id) bad(`${tp}.to`, 'a ticket cannot be transferred to its own service');
          else if (!services.some((x) => x?.id === t.to)) bad(`${tp}.to`, `must be the id of another service of this spec, got ${JSON.stringify(t.to)}`);
        });
        if (sum > 1 + 1e-9) bad(`${p}.transfers`, `the shares add up to ${Number(sum.toFixed(6))}; at most 1`);
      }
    }
    if (s?.rating !== undefined) rating(`${p}.rating`, s.rating);
    const d = s?.demand;
    if (!isObj(d)) return bad(`${p}.demand`, 'must be { "weight": w } (share of demand.perDay), { "perDay": n } or { "ratesPerHour": {...} }');
    const kinds = ['weight', 'perDay', 'ratesPerHour'].filter((k) => d[k] !== undefined);
    if (kinds.length !== 1) bad(`${p}.demand`, `give exactly one of weight, perDay, ratesPerHour (got ${kinds.join(', ') || 'none'})`);
    if (d.weight !== undefined && (!isNum(d.weight) || d.weight < 0)) bad(`${p}.demand.weight`, 'must be a number ≥ 0');
    if (d.weight !== undefined && isObj(demand) && !isNum(demand.perDay)) bad(`${p}.demand.weight`, 'a weight needs demand.perDay');
    if (d.perDay !== undefined && (!isNum(d.perDay) || d.perDay < 0)) bad(`${p}.demand.perDay`, 'must be a number ≥ 0');
    if (d.ratesPerHour !== undefined) clockWeights(`${p}.demand.ratesPerHour`, d.ratesPerHour, bad);
  });

  // windows: expand counts
  const windows: CentreInput['windows'] = [];
  /** The spec's windows entry of each engine window (an entry with a count is several windows). */
  const windowEntry: number[] = [];
  (Array.isArray(spec.windows) ? spec.windows : []).forEach((w, i) => {
    const count = w?.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 1000) bad(`windows[${i}].count`, 'must be an integer from 1 to 1000');
    if (!isNum(w?.number)) bad(`windows[${i}].number`, 'must be a window number ≥ 1');
    for (let k = 0; k < (Number.isInteger(count) ? count : 1); k++) {
      windowEntry.push(i);
      windows.push({
        number: (w?.number ?? 0) + k,
        floor: w?.floor ?? 0,
        agency: w?.agency,
        services: w?.services as string[],
        ...(w?.shifts !== undefined ? { shifts: w.shifts as CentreInput['windows'][number]['shifts'] } : {}),
      });
    }
  });
  if (!Array.isArray(spec.windows) || windows.length === 0) bad('windows', 'needs at least one window');

  // mobile stops → the engine's timetable, one stop per simulated day
  const stops = mobile ? (Array.isArray(centre.stops) ? centre.stops : []) : [];
  if (mobile && stops.length === 0) bad('centre.stops', 'a mobile centre needs at least one stop { "id", "place", "open", "close" }');
  stops.forEach((s, i) => {
    if (isObj(s) && (typeof s.id !== 'string' || s.id === '')) bad(`centre.stops[${i}].id`, `must be a non-empty string (names the stop in bookings), got ${JSON.stringify(s.id)}`);
  });
  if ((centre.kind === undefined || centre.kind === 'fixed') && centre.stops !== undefined) bad('centre.stops', "only a mobile centre has stops; set centre.kind: 'mobile'");
  const timetable: StopInput[] = [];
  if (mobile && stops.length > 0 && !Number.isNaN(day0)) {
    for (let d = 0; d < MOBILE_DAYS; d++) {
      const s = stops[d % stops.length]!;
      timetable.push({ id: `${s.id}-${d + 1}`, date: time.formatDay(day0 + d), place: s.place, open: s.open, close: s.close });
    }
  }

  if (problems.length > 0) throw new SimError('SIM_ERR_SPEC_INVALID', { spec: spec.id }, problems);

  const centreInput: CentreInput = {
    id: spec.id,
    ...(spec.name !== undefined ? { name: spec.name } : {}),
    kind: mobile ? 'mobile' : 'fixed',
    ...(centre.utcOffsetMin !== undefined ? { utcOffsetMin: centre.utcOffsetMin } : {}),
    ...(centre.openingHours !== undefined ? { openingHours: centre.openingHours } : {}),
    ...(mobile ? { timetable } : {}),
    agencies: spec.agencies as CentreInput['agencies'],
    services: services.map((s) => ({
      id: s.id,
      ...(s.name !== undefined ? { name: s.name } : {}),
      agency: s.agency,
      prefix: s.prefix,
      meanHandleMin: Math.max(0.1, meanOf(s.handle)),
      needsPayment: (s.payment?.share ?? 0) > 0,
      bookable: s.bookable ?? true,
      ...(s.slotMin !== undefined ? { slotMin: s.slotMin } : {}),
    })),
    windows,
    classes: classes.map((c) => ({ id: c.id, ...(c.label !== undefined ? { label: c.label } : {}), rank: c.rank, targetMin: c.targetMin })),
    defaultClass: [...classes].sort((a, b) => b.share - a.share)[0]!.id,
    ...(centre.policy !== undefined ? { policy: centre.policy } : {}),
    ...(centre.booking !== undefined ? { booking: centre.booking } : {}),
    ...(centre.returnTargetMin !== undefined ? { returnTargetMin: centre.returnTargetMin } : {}),
    ...(centre.callCountMax !== undefined ? { callCountMax: centre.callCountMax } : {}),
    ...(centre.recallTimeoutMin !== undefined ? { recallTimeoutMin: centre.recallTimeoutMin } : {}),
    ...(centre.endOfDayGraceMin !== undefined ? { endOfDayGraceMin: centre.endOfDayGraceMin } : {}),
  };
  let config;
  try {
    config = createConfig(centreInput);
  } catch (e) {
    if (e instanceof ConfigError) {
      const seen = new Set<string>();
      const mapped: Problem[] = [];
      for (const p of e.problems) {
        const q = { path: `engine: ${specPath(p.path, windowEntry, stops.length)}`, message: p.message };
        const key = `${q.path}\n${q.message}`;
        if (!seen.has(key)) mapped.push(q);
        seen.add(key);
      }
      throw new SimError('SIM_ERR_SPEC_INVALID', { spec: spec.id }, mapped);
    }
    throw e;
  }
  const noWindow: Problem[] = [];
  // a service citizens apply for needs a window (the engine refuses its walk-ins and bookings)
  services.forEach((s, i) => {
    if (config.services[config.serviceIndex.get(s.id)!]!.windows.length > 0) return;
    const d = s.demand;
    const applied = d.ratesPerHour !== undefined ? Object.values(d.ratesPerHour).some((r) => (r as number) > 0) : (d.perDay ?? (demand.perDay ?? 0) * (d.weight ?? 0)) > 0;
    if (applied) noWindow.push({ path: `services[${i}]`, message: `no window serves ${s.id}, but citizens apply for it: add it to a window’s services, or give it no demand` });
  });
  services.forEach((s, i) =>
    (s.transfers ?? []).forEach((t: { to: string }, k: number) => {
      const idx = config.serviceIndex.get(t.to);
      if (idx !== undefined && config.services[idx]!.windows.length === 0) noWindow.push({ path: `services[${i}].transfers[${k}].to`, message: `no window serves ${t.to}: add it to a window’s services` });
    }),
  );
  // demand entirely outside the hours the centre is open (any weekday, any stop) would give no arrivals at all
  const hours = config.kind === 'mobile' ? [...config.stops.values()].map((st) => [st.open, st.close] as const) : config.hours.filter((h) => h !== null);
  const hoursText = [...new Set(hours.map(([a, b]) => `${time.formatClock(a)}–${time.formatClock(b)}`))].join(', ');
  const closedOnly = (w: readonly [number, number][]): boolean =>
    hours.length > 0 &&
    w.some(([, x]) => x > 0) &&
    !w.some(([m, x], k) => x > 0 && hours.some(([a, b]) => m < b && (k + 1 < w.length ? w[k + 1]![0] : m + 60) > a));
  const outside = (path: string, what = 'no arrivals') => noWindow.push({ path, message: `${what} while the centre is open (${hoursText}): every weight > 0 is outside those hours` });
  let shapeUsed = false;
  let booked = false;
  services.forEach((s, i) => {
    const d = s.demand;
    let some: boolean;
    if (d.ratesPerHour !== undefined) {
      const rates = clockWeights('', d.ratesPerHour, () => {});
      some = rates.some(([, r]) => r > 0);
      if (closedOnly(rates)) outside(`services[${i}].demand.ratesPerHour`);
    } else {
      some = (d.perDay ?? (demand.perDay ?? 0) * (d.weight ?? 0)) > 0;
      if (some) shapeUsed = true;
    }
    if (some && (s.bookable ?? true) && (demand.bookingShare ?? 0) > 0) booked = true;
  });
  if (shapeUsed && closedOnly(shape)) outside('demand.hourlyShape');
  if (booked && demand.bookingShape !== undefined && closedOnly(bookingShape)) outside('demand.bookingShape', 'no booking slots');
  if (!booked && (demand.bookingShare ?? 0) > 0) {
    noWindow.push({ path: 'demand.bookingShare', message: `is ${demand.bookingShare}, but no service with demand is bookable: make a service bookable (services[].bookable), or set bookingShare to 0` });
  }
  if (noWindow.length > 0) throw new SimError('SIM_ERR_SPEC_INVALID', { spec: spec.id }, noWindow);
  if (absentRate > 0 && config.recallTimeoutMs === null) {
    throw new SimError('SIM_ERR_SPEC_INVALID', { spec: spec.id }, [
      { path: 'citizens.absentWhenCalledRate', message: 'absent citizens are recalled by the engine’s tick: set centre.recallTimeoutMin (not null)' },
    ]);
  }

  const classDraws: ClassDraw[] = classes.map((c) => ({ id: c.id, weight: c.share, patience: c.patience ?? null }));
  const channelsIn = demand.channels ?? { desk: 1 };
  const channels = (['desk', 'terminal', 'callCentre'] as const)
    .filter((k) => (channelsIn[k] ?? 0) > 0)
    .map((k) => ({ id: k, weight: channelsIn[k]! }));
  const bookingShare = demand.bookingShare ?? 0;
  const lateness = citizens.lateness ?? DEFAULT_LATENESS;
  const walkIns: WalkInSource[] = [];
  const bookings: BookingSource[] = [];
  for (const s of services) {
    const d = s.demand;
    const total =
      d.ratesPerHour !== undefined
        ? processOf(clockWeights('', d.ratesPerHour, () => {}), null)
        : processOf(shape, d.perDay ?? ((demand.perDay ?? 0) * (d.weight ?? 0)) / (weightTotal || 1));
    const bookable = (s.bookable ?? true) && bookingShare > 0;
    const profile = {
      service: s.id,
      classes: classDraws,
      handle: s.handle,
      payment: s.payment && s.payment.share > 0 ? { share: s.payment.share, bankTime: s.payment.bankTime, beforeShare: s.payment.beforeShare ?? 0.5 } : null,
      absentRate,
      transfers: (s.transfers ?? []).filter((t: { share: number }) => t.share > 0).map((t: { to: string; share: number }) => ({ to: t.to, share: t.share, handle: services.find((x) => x.id === t.to)!.handle })),
      rating: s.rating === undefined ? defaultRating : s.rating === null ? null : { share: s.rating.share, weights: s.rating.weights },
    };
    const walkShare = bookable ? 1 - bookingShare : 1;
    if (walkShare > 0 && expectedArrivals(total) > 0) walkIns.push({ ...profile, id: `walkin:${s.id}`, channels: channels.length > 0 ? channels : [{ id: 'desk', weight: 1 }], process: scale(total, walkShare) });
    if (bookable) {
      const slotMs = (s.slotMin ?? 15) * MIN;
      const slots = slotsOf(bookingShape, slotMs);
      if (slots.length > 0) bookings.push({ ...profile, id: `booking:${s.id}`, perDay: expectedArrivals(total) * bookingShare, slots, lateness, noShowRate });
    }
  }

  const ticks = new Set<number>();
  for (const w of config.windows) {
    for (const iv of w.roster) {
      for (const m of [iv.start, iv.end, ...iv.breaks.flat()]) if (m < 1440) ticks.add(m * MIN);
    }
  }
  const offsetMs = config.offsetMs;
  return Object.freeze({
    id: spec.id,
    description: spec.description ?? spec.name ?? spec.id,
    config,
    originMs: time.epochOf(day0, 0, offsetMs),
    originClockMin: 0,
    walkIns,
    bookings,
    stops: mobile ? timetable.map((t) => t.id) : [],
    alwaysOpen: config.windows.filter((w) => w.roster.length === 0).map((w) => w.number),
    ticks: [...ticks].sort((a, b) => a - b),
    endOfDay: true,
    stop: 'drain',
    measureFrom: -Infinity,
    measureTo: Infinity,
    maxDays: mobile ? MOBILE_DAYS : MAX_DAYS,
    clipToHours: true,
    bookingRequests,
    holds,
  });
}

/**
 * `createScenario({ ...spec, date })` for a scenario `sc` made from the same spec on another date,
 * without building it again: a fixed centre's scenario depends on the date only through `originMs`
 * (a mobile centre's timetable has dates, so it is built anew). The result shares `sc`'s config and
 * sources, so what the simulator and the engine derive once per config or source is reused
 * (`sim year` runs 53 weeks of one spec: a build is ~5 ms, and a new config's and sources' tables
 * more on the first run of each).
 */
export function scenarioOnDate(sc: Scenario, spec: Record<string, unknown>, date: string): Scenario {
  if (sc.config.kind === 'mobile') return createScenario({ ...spec, date });
  const day0 = time.parseDate(date);
  if (Number.isNaN(day0)) return createScenario({ ...spec, date }); // (its error)
  return Object.freeze({ ...sc, originMs: time.epochOf(day0, 0, sc.config.offsetMs) });
}

/** The engine's centre fields that a spec keeps under `centre`. */
const CENTRE_FIELDS = new Set(['kind', 'utcOffsetMin', 'openingHours', 'policy', 'booking', 'returnTargetMin', 'callCountMax', 'recallTimeoutMin', 'endOfDayGraceMin']);

/**
 * The spec's path of a problem the engine found in the configuration made from it: centre fields
 * under `centre.`, the timetable's day k under the stop it cycles (`centre.stops[k mod n]`), an
 * engine window under the `windows` entry that made it (an entry with a count makes several).
 */
function specPath(path: string, windowEntry: readonly number[], stops: number): string {
  const m = /^([A-Za-z]+)(?:\[(\d+)\])?(.*)$/.exec(path);
  if (!m) return path;
  const [, field, index, rest] = m;
  if (field === 'timetable' && index !== undefined && stops > 0) return `centre.stops[${Number(index) % stops}]${rest}`;
  if (field === 'windows' && index !== undefined && windowEntry[Number(index)] !== undefined) return `windows[${windowEntry[Number(index)]}]${rest}`;
  if (field === 'defaultClass') return 'classes';
  return CENTRE_FIELDS.has(field!) ? `centre.${path}` : path;
}

/** Slot start offsets every slotMs across the shape's span, weighted by the shape at their start. */
function slotsOf(shape: readonly [number, number][], slotMs: number): { offset: number; weight: number }[] {
  const from = shape[0]![0] * MIN;
  const to = (shape[shape.length - 1]![0] + 60) * MIN;
  const out: { offset: number; weight: number }[] = [];
  for (let t = from; t + slotMs <= to; t += slotMs) {
    let w = 0;
    for (const [m, x] of shape) if (m * MIN <= t) w = x;
    if (w > 0) out.push({ offset: t, weight: w });
  }
  return out;
}
