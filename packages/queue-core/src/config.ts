import type { CentreInput, PolicyName, ShiftInput } from './config-types.ts';
import { ConfigError, show, type ConfigProblem } from './errors.ts';
import { POLICIES } from './policies.ts';
import { MINUTE_MS, WEEKDAYS, parseClock, parseDate } from './time.ts';

/** The validated, frozen configuration the engine runs on. Times are in ms; indices are dense. */
export interface CentreConfig {
  readonly id: string;
  readonly name: string;
  readonly kind: 'fixed' | 'mobile';
  readonly offsetMs: number;
  /** Per weekday (0 = Sunday): [openMinute, closeMinute] or null. Fixed centres only. */
  readonly hours: readonly (readonly [number, number] | null)[];
  /** Mobile centres: stops by local day number. */
  readonly stops: ReadonlyMap<number, Stop>;
  readonly stopsById: ReadonlyMap<string, Stop>;
  readonly agencies: readonly Agency[];
  readonly services: readonly Service[];
  readonly serviceIndex: ReadonlyMap<string, number>;
  readonly windows: readonly Window[];
  readonly windowIndex: ReadonlyMap<number, number>;
  readonly classes: readonly CitizenClass[];
  readonly classIndex: ReadonlyMap<string, number>;
  readonly defaultClass: number;
  readonly policy: PolicyName;
  readonly booking: BookingRules;
  readonly returnTargetMs: number;
  readonly callCountMax: number;
  readonly recallTimeoutMs: number | null;
  readonly endOfDayGraceMs: number;
  readonly boardSize: number;
  /** Finished tickets stay known until this many newer ones exist (tickets.ts TicketTable). */
  readonly keepFinishedTickets: number;
  readonly keepIdempotencyKeysDays: number;
  readonly etaSmoothing: number;
  /** The input this was built from (frozen copy), for persisting alongside events. */
  readonly input: Readonly<CentreInput>;
}

export interface Stop {
  readonly id: string;
  readonly day: number;
  readonly place: string;
  readonly open: number;
  readonly close: number;
}
export interface Agency {
  readonly id: string;
  readonly name: string;
  readonly kind: 'public' | 'private';
}
export interface Service {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly agency: number;
  readonly prefix: string;
  readonly meanHandleMs: number;
  readonly needsPayment: boolean;
  readonly bookable: boolean;
  readonly slotMs: number;
  /** Indices of the windows that serve this service. */
  readonly windows: readonly number[];
}
export interface RosterInterval {
  readonly days: readonly number[];
  readonly start: number;
  readonly end: number;
  readonly breaks: readonly (readonly [number, number])[];
}
export interface Window {
  readonly index: number;
  readonly number: number;
  readonly floor: number;
  readonly agency: number;
  /** Service indices this window serves, ascending. */
  readonly services: readonly number[];
  readonly roster: readonly RosterInterval[];
}
export interface CitizenClass {
  readonly index: number;
  readonly id: string;
  readonly label: string;
  readonly rank: number;
  readonly targetMs: number;
}
export interface BookingRules {
  readonly minDaysAhead: number;
  readonly horizonDays: number;
  readonly checkInEarlyMs: number;
  readonly checkInLateMs: number;
  readonly callableBeforeMs: number;
  readonly expireAfterMs: number;
  readonly capacityPerSlot: number;
  readonly maxActivePerCitizen: number;
  readonly maxPerServicePerDay: number;
  readonly holdTtlMs: number;
}

const DEFAULT_HOURS = {
  mon: { open: '10:00', close: '20:00' },
  tue: { open: '10:00', close: '20:00' },
  wed: { open: '10:00', close: '20:00' },
  thu: { open: '10:00', close: '20:00' },
  fri: { open: '10:00', close: '20:00' },
  sat: { open: '10:00', close: '17:00' },
  sun: { open: '10:00', close: '17:00' },
} as const;

const DEFAULT_CLASSES = [
  { id: 'priority', label: 'Priority (disability, elderly, pregnant, veterans)', rank: 0, targetMin: 10 },
  { id: 'general', label: 'General', rank: 1, targetMin: 30 },
];

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;


const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The fields each object of a CentreInput may have (config-types.ts); any other is a problem (a typo would use the default). */
const FIELDS = {
  centre: ['id', 'name', 'kind', 'utcOffsetMin', 'openingHours', 'timetable', 'agencies', 'services', 'windows', 'classes', 'defaultClass', 'policy', 'booking', 'returnTargetMin', 'callCountMax', 'recallTimeoutMin', 'endOfDayGraceMin', 'boardSize', 'keepFinishedTickets', 'keepIdempotencyKeysDays', 'etaSmoothing'],
  hours: ['open', 'close'],
  stop: ['id', 'date', 'place', 'open', 'close'],
  agency: ['id', 'name', 'kind'],
  service: ['id', 'name', 'agency', 'prefix', 'meanHandleMin', 'needsPayment', 'bookable', 'slotMin'],
  window: ['number', 'floor', 'agency', 'services', 'shifts'],
  shift: ['days', 'start', 'end', 'breaks'],
  break: ['start', 'end'],
  class: ['id', 'label', 'rank', 'targetMin'],
  booking: ['minDaysAhead', 'horizonDays', 'checkInEarlyMin', 'checkInLateMin', 'callableBeforeMin', 'expireAfterMin', 'capacityPerSlot', 'maxActivePerCitizen', 'maxPerServicePerDay', 'holdTtlMin'],
} as const satisfies Record<string, readonly string[]>;
const NOUNS: Record<keyof typeof FIELDS, string> = {
  centre: 'a centre',
  hours: "a weekday's hours",
  stop: 'a stop',
  agency: 'an agency',
  service: 'a service',
  window: 'a window',
  shift: 'a shift',
  break: 'a break',
  class: 'a class',
  booking: 'booking',
};

/** Reports each field of `obj` (not undefined) that `kind` does not have, suggesting a known one a typo away. */
function unknownFields(path: string, obj: unknown, kind: keyof typeof FIELDS, bad: (p: string, m: string) => void): void {
  if (!isRecord(obj)) return;
  const known: readonly string[] = FIELDS[kind];
  for (const key of Object.keys(obj)) {
    if (obj[key] === undefined || known.includes(key)) continue;
    const near = known.find((k) => k.toLowerCase() === key.toLowerCase()) ?? known.find((k) => editDistance(k, key) <= 2);
    bad(path ? `${path}.${key}` : key, `is not a field of ${NOUNS[kind]}; ${near ? `did you mean ${near}?` : `its fields are ${known.join(', ')}`}`);
  }
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function refuseChange(): never {
  throw new TypeError('The configuration is frozen: build a new one with createConfig');
}

/**
 * Freezes value and everything it reaches. Object.freeze does not stop Map.prototype.set, and a map's
 * entries are not its properties: a map gets own set / delete / clear that throw, and its keys and
 * values are frozen too (the stops, for instance, are only reachable through maps).
 */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    if (value instanceof Map) {
      for (const [k, v] of value) {
        deepFreeze(k);
        deepFreeze(v);
      }
      for (const m of ['set', 'delete', 'clear']) Object.defineProperty(value, m, { value: refuseChange });
    }
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** The configurations createConfig built: only these are taken as built (anything else is an input to validate). */
const BUILT = new WeakSet<object>();

/** True for a configuration returned by createConfig (not for an input that merely has its field names). */
export function isBuiltConfig(v: unknown): v is CentreConfig {
  return typeof v === 'object' && v !== null && BUILT.has(v);
}

/**
 * Validate a centre configuration and build the frozen model the engine runs on.
 * Throws one ConfigError that lists every problem with its path and what to fix.
 */
export function createConfig(input: CentreInput): CentreConfig {
  const problems: ConfigProblem[] = [];
  const bad = (path: string, message: string) => problems.push({ path, message });
  const num = (path: string, v: unknown, dflt: number, min: number, max: number, integer = false): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      bad(path, `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${show(v)}`);
      return dflt;
    }
    return v;
  };
  const str = (path: string, v: unknown): string => {
    if (typeof v !== 'string' || !ID_RE.test(v)) {
      bad(path, `must be an id of letters, digits, '_', '.', '-' (1–64 characters), got ${show(v)}`);
      return String(v);
    }
    return v;
  };
  const text = (path: string, v: unknown, dflt: string): string => {
    if (v === undefined) return dflt;
    if (typeof v !== 'string') {
      bad(path, `must be a string, got ${show(v)}`);
      return dflt;
    }
    return v;
  };
  const flag = (path: string, v: unknown, dflt: boolean): boolean => {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') {
      bad(path, `must be true or false, got ${show(v)}`);
      return dflt;
    }
    return v;
  };
  const arr = <T>(path: string, v: T[] | undefined, required: boolean): T[] => {
    if (v === undefined && !required) return [];
    if (!Array.isArray(v)) {
      bad(path, 'must be an array');
      return [];
    }
    return v;
  };

  if (!input || typeof input !== 'object') throw new ConfigError([{ path: '', message: 'configuration must be an object' }]);
  unknownFields('', input, 'centre', bad);
  const id = str('id', input.id);
  const name = text('name', input.name, id);
  const kind = input.kind ?? 'fixed';
  if (kind !== 'fixed' && kind !== 'mobile') bad('kind', `must be 'fixed' or 'mobile', got ${show(kind)}`);
  const offsetMin = num('utcOffsetMin', input.utcOffsetMin, 240, -720, 840, true);

  // opening hours
  const hours: ([number, number] | null)[] = [];
  let hoursGiven: object = input.openingHours ?? {};
  if (!isRecord(hoursGiven)) {
    bad('openingHours', `must be an object of weekdays (${WEEKDAYS.join(', ')}), each { open: 'HH:MM', close: 'HH:MM' } or null, got ${show(hoursGiven)}`);
    hoursGiven = {};
  }
  const hoursIn = { ...DEFAULT_HOURS, ...hoursGiven } as Record<string, unknown>;
  for (const key of Object.keys(hoursGiven)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) bad(`openingHours.${key}`, `is not a weekday; use ${WEEKDAYS.join(', ')}`);
  }
  WEEKDAYS.forEach((wd) => {
    const h = hoursIn[wd];
    if (h === null || h === undefined) return void hours.push(null);
    if (!isRecord(h)) {
      bad(`openingHours.${wd}`, `must be { open: 'HH:MM', close: 'HH:MM' } or null (closed), got ${show(h)}`);
      return void hours.push(null);
    }
    unknownFields(`openingHours.${wd}`, h, 'hours', bad);
    const open = parseClock(h.open);
    const close = parseClock(h.close);
    if (Number.isNaN(open)) bad(`openingHours.${wd}.open`, `must be 'HH:MM', got ${show(h.open)}`);
    if (Number.isNaN(close)) bad(`openingHours.${wd}.close`, `must be 'HH:MM', got ${show(h.close)}`);
    if (open >= close) bad(`openingHours.${wd}`, `opens at ${h.open} but closes at ${h.close}; close must be after open`);
    hours.push([open, close]);
  });

  // timetable (mobile)
  const stops = new Map<number, Stop>();
  const stopsById = new Map<string, Stop>();
  const timetable = arr('timetable', input.timetable, false);
  if (kind === 'mobile' && timetable.length === 0) bad('timetable', 'a mobile centre needs at least one stop');
  if (kind === 'fixed' && timetable.length > 0) bad('timetable', "only a mobile centre has a timetable; set kind: 'mobile'");
  // A bus is open at its stops' hours only: opening hours given for it would be silently ignored.
  if (kind === 'mobile' && input.openingHours !== undefined) bad('openingHours', "a mobile centre is open at its stops' hours (timetable), not by opening hours; remove openingHours");
  timetable.forEach((s, i) => {
    const p = `timetable[${i}]`;
    if (!isRecord(s)) return void bad(p, `must be a stop { id, date: 'YYYY-MM-DD', place, open: 'HH:MM', close: 'HH:MM' }, got ${show(s)}`);
    unknownFields(p, s, 'stop', bad);
    const sid = str(`${p}.id`, s?.id);
    const day = parseDate(s?.date);
    const open = parseClock(s?.open);
    const close = parseClock(s?.close);
    if (Number.isNaN(day)) bad(`${p}.date`, `must be a date 'YYYY-MM-DD', got ${show(s?.date)}`);
    if (Number.isNaN(open) || Number.isNaN(close) || open >= close) bad(`${p}`, `open/close must be 'HH:MM' with close after open`);
    if (typeof s?.place !== 'string' || s.place.length === 0) bad(`${p}.place`, 'must name the place');
    if (stops.has(day)) bad(`${p}.date`, `${s.date} already has a stop; one stop per day`);
    if (stopsById.has(sid)) bad(`${p}.id`, `duplicate stop id ${sid}`);
    const stop: Stop = { id: sid, day, place: String(s?.place), open, close };
    stops.set(day, stop);
    stopsById.set(sid, stop);
  });

  // agencies
  const agencies: Agency[] = [];
  const agencyIndex = new Map<string, number>();
  const agenciesIn = arr('agencies', input.agencies, true);
  if (agenciesIn.length === 0) bad('agencies', 'needs at least one agency');
  agenciesIn.forEach((a, i) => {
    unknownFields(`agencies[${i}]`, a, 'agency', bad);
    const aid = str(`agencies[${i}].id`, a?.id);
    if (agencyIndex.has(aid)) bad(`agencies[${i}].id`, `duplicate agency id ${aid}`);
    if (a?.kind !== 'public' && a?.kind !== 'private') bad(`agencies[${i}].kind`, `must be 'public' or 'private'`);
    agencyIndex.set(aid, i);
    agencies.push({ id: aid, name: text(`agencies[${i}].name`, a?.name, aid), kind: a?.kind });
  });

  // services
  const servicesIn = arr('services', input.services, true);
  if (servicesIn.length === 0) bad('services', 'needs at least one service');
  const serviceIndex = new Map<string, number>();
  const svcWindows: number[][] = servicesIn.map(() => []);
  const servicesDraft = servicesIn.map((s, i) => {
    const p = `services[${i}]`;
    unknownFields(p, s, 'service', bad);
    const sid = str(`${p}.id`, s?.id);
    if (serviceIndex.has(sid)) bad(`${p}.id`, `duplicate service id ${sid}`);
    serviceIndex.set(sid, i);
    const agency = agencyIndex.get(s?.agency);
    if (agency === undefined) bad(`${p}.agency`, `unknown agency ${show(s?.agency)}; declare it in agencies`);
    if (typeof s?.prefix !== 'string' || !/^[A-Z]{1,3}$/.test(s.prefix)) bad(`${p}.prefix`, `must be 1–3 capital letters, got ${show(s?.prefix)}`);
    return {
      index: i,
      id: sid,
      name: text(`${p}.name`, s?.name, sid),
      agency: agency ?? 0,
      prefix: String(s?.prefix),
      meanHandleMs: num(`${p}.meanHandleMin`, s?.meanHandleMin, NaN, 0.1, 600) * MINUTE_MS,
      needsPayment: flag(`${p}.needsPayment`, s?.needsPayment, false),
      bookable: flag(`${p}.bookable`, s?.bookable, true),
      slotMs: num(`${p}.slotMin`, s?.slotMin, 15, 1, 240, true) * MINUTE_MS,
    };
  });
  servicesIn.forEach((s, i) => {
    if (s?.meanHandleMin === undefined) bad(`services[${i}].meanHandleMin`, 'is required (minutes)');
  });

  // windows
  const windowsIn = arr('windows', input.windows, true);
  if (windowsIn.length === 0) bad('windows', 'needs at least one window');
  const windowIndex = new Map<number, number>();
  const windows: Window[] = windowsIn.map((w, i) => {
    const p = `windows[${i}]`;
    unknownFields(p, w, 'window', bad);
    const number = num(`${p}.number`, w?.number, i + 1, 1, 99_999, true);
    if (windowIndex.has(number)) bad(`${p}.number`, `duplicate window number ${number}`);
    windowIndex.set(number, i);
    const floor = num(`${p}.floor`, w?.floor, 0, -10, 200, true);
    const agency = agencyIndex.get(w?.agency);
    if (agency === undefined) bad(`${p}.agency`, `unknown agency ${show(w?.agency)}`);
    const svcs = new Set<number>();
    let refusedService = false;
    arr(`${p}.services`, w?.services, true).forEach((sid, j) => {
      const s = serviceIndex.get(sid);
      refusedService ||= s === undefined || servicesDraft[s]!.agency !== agency;
      if (s === undefined) bad(`${p}.services[${j}]`, `unknown service ${show(sid)}`);
      else if (servicesDraft[s]!.agency !== agency) bad(`${p}.services[${j}]`, `service ${sid} belongs to another agency than window ${number}`);
      else svcs.add(s);
    });
    // (a window whose listed services were each refused above has that said already)
    if (svcs.size === 0 && !refusedService) bad(`${p}.services`, 'a window must serve at least one service');
    const services = [...svcs].sort((a, b) => a - b);
    for (const s of services) svcWindows[s]!.push(i);
    const roster = arr(`${p}.shifts`, w?.shifts, false).map((sh, j) => rosterOf(`${p}.shifts[${j}]`, sh, bad));
    return { index: i, number, floor, agency: agency ?? 0, services, roster };
  });

  // classes
  const classesIn = input.classes === undefined ? DEFAULT_CLASSES : arr('classes', input.classes, true);
  if (classesIn.length === 0 || classesIn.length > 16) bad('classes', 'needs 1 to 16 classes');
  const classIndex = new Map<string, number>();
  const classes: CitizenClass[] = classesIn.map((c, i) => {
    unknownFields(`classes[${i}]`, c, 'class', bad);
    const cid = str(`classes[${i}].id`, c?.id);
    if (classIndex.has(cid)) bad(`classes[${i}].id`, `duplicate class id ${cid}`);
    classIndex.set(cid, i);
    return {
      index: i,
      id: cid,
      label: text(`classes[${i}].label`, c?.label, cid),
      rank: num(`classes[${i}].rank`, c?.rank, i, 0, 255, true),
      targetMs: num(`classes[${i}].targetMin`, c?.targetMin, 30, 0, 1440) * MINUTE_MS,
    };
  });
  // Without defaultClass: 'general' if there is one, else the class served last on ties (the highest
  // rank, then the longest target): a citizen nobody classed never gets a priority class's head start.
  const lowest = classes.reduce<(typeof classes)[number] | undefined>((a, c) => (a === undefined || c.rank > a.rank || (c.rank === a.rank && c.targetMs >= a.targetMs) ? c : a), undefined);
  const defaultClassId = input.defaultClass ?? (classIndex.has('general') ? 'general' : lowest?.id);
  const defaultClass = classIndex.get(defaultClassId ?? '');
  // (no classes at all: that is said of `classes` already)
  if (defaultClass === undefined && (classes.length > 0 || input.defaultClass !== undefined)) bad('defaultClass', `unknown class ${show(defaultClassId)}`);

  const policy = input.policy ?? 'edd';
  // Own names only: `in` would also accept what every object inherits ('toString', '__proto__', …).
  if (typeof policy !== 'string' || !Object.hasOwn(POLICIES, policy)) bad('policy', `unknown policy ${show(policy)}; use one of ${Object.keys(POLICIES).join(', ')}`);

  let b = input.booking ?? {};
  if (!isRecord(b)) {
    bad('booking', `must be an object of booking rules (${FIELDS.booking.join(', ')}), got ${show(b)}`);
    b = {};
  }
  unknownFields('booking', b, 'booking', bad);
  const booking: BookingRules = {
    minDaysAhead: num('booking.minDaysAhead', b.minDaysAhead, 1, 0, 365, true),
    horizonDays: num('booking.horizonDays', b.horizonDays, 7, 0, 365, true),
    checkInEarlyMs: num('booking.checkInEarlyMin', b.checkInEarlyMin, 30, 0, 600) * MINUTE_MS,
    checkInLateMs: num('booking.checkInLateMin', b.checkInLateMin, 10, 0, 600) * MINUTE_MS,
    callableBeforeMs: num('booking.callableBeforeMin', b.callableBeforeMin, 5, 0, 600) * MINUTE_MS,
    expireAfterMs: num('booking.expireAfterMin', b.expireAfterMin, 60, 0, 1440) * MINUTE_MS,
    capacityPerSlot: num('booking.capacityPerSlot', b.capacityPerSlot, 2, 1, 10_000, true),
    maxActivePerCitizen: num('booking.maxActivePerCitizen', b.maxActivePerCitizen, 3, 1, 1000, true),
    maxPerServicePerDay: num('booking.maxPerServicePerDay', b.maxPerServicePerDay, 1, 1, 1000, true),
    holdTtlMs: num('booking.holdTtlMin', b.holdTtlMin, 10, 0.1, 1440) * MINUTE_MS,
  };
  if (booking.minDaysAhead > booking.horizonDays) bad('booking', 'minDaysAhead must not exceed horizonDays');
  if (booking.callableBeforeMs > booking.checkInEarlyMs) bad('booking.callableBeforeMin', 'must not exceed checkInEarlyMin');
  if (booking.expireAfterMs < booking.checkInLateMs) bad('booking.expireAfterMin', 'must be at least checkInLateMin');

  const recall = input.recallTimeoutMin === null ? null : num('recallTimeoutMin', input.recallTimeoutMin, 3, 0.1, 600);
  const returnTargetMin = num('returnTargetMin', input.returnTargetMin, 5, 0, 600);
  const callCountMax = num('callCountMax', input.callCountMax, 3, 1, 20, true);
  const endOfDayGraceMin = num('endOfDayGraceMin', input.endOfDayGraceMin, 240, 0, 1440);
  const boardSize = num('boardSize', input.boardSize, 20, 1, 1000, true);
  const keepFinishedTickets = num('keepFinishedTickets', input.keepFinishedTickets, 20_000, 100, 10_000_000, true);
  const keepIdempotencyKeysDays = num('keepIdempotencyKeysDays', input.keepIdempotencyKeysDays, 30, 1, 3650, true);
  const etaSmoothing = num('etaSmoothing', input.etaSmoothing, 0.1, 0, 1);

  if (problems.length > 0) throw new ConfigError(problems);

  const services: Service[] = servicesDraft.map((s, i) => ({ ...s, windows: svcWindows[i]! }));
  const config: CentreConfig = deepFreeze({
    id,
    name,
    kind,
    offsetMs: offsetMin * MINUTE_MS,
    hours,
    stops,
    stopsById,
    agencies,
    services,
    serviceIndex,
    windows,
    windowIndex,
    classes,
    classIndex,
    defaultClass: defaultClass!,
    policy,
    booking,
    returnTargetMs: returnTargetMin * MINUTE_MS,
    callCountMax,
    recallTimeoutMs: recall === null ? null : recall * MINUTE_MS,
    endOfDayGraceMs: endOfDayGraceMin * MINUTE_MS,
    boardSize,
    keepFinishedTickets,
    keepIdempotencyKeysDays,
    etaSmoothing,
    input: deepFreeze(structuredCloneJson(input)),
  });
  BUILT.add(config);
  return config;
}

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function rosterOf(path: string, sh: ShiftInput, bad: (p: string, m: string) => void): RosterInterval {
  if (!isRecord(sh)) {
    bad(path, `must be a shift { start: 'HH:MM', end: 'HH:MM', days?, breaks? }, got ${show(sh)}`);
    return { days: [], start: 0, end: 0, breaks: [] };
  }
  unknownFields(path, sh, 'shift', bad);
  const list = <T>(key: 'days' | 'breaks', v: T[] | undefined, dflt: readonly T[]): readonly T[] => {
    if (v === undefined) return dflt;
    if (Array.isArray(v)) return v;
    bad(`${path}.${key}`, `must be an array, got ${show(v)}`);
    return [];
  };
  const start = parseClock(sh.start);
  const end = parseClock(sh.end);
  if (Number.isNaN(start) || Number.isNaN(end) || start >= end) bad(path, `start/end must be 'HH:MM' with end after start`);
  if (Array.isArray(sh.days) && sh.days.length === 0) bad(`${path}.days`, 'a shift with no days never applies; leave days out for every day');
  const days = list('days', sh.days, WEEKDAYS).map((d, k) => {
    const i = (WEEKDAYS as readonly string[]).indexOf(d);
    if (i < 0) bad(`${path}.days[${k}]`, `is not a weekday; use ${WEEKDAYS.join(', ')}`);
    return i;
  });
  const breaks = list('breaks', sh.breaks, []).map((br, k): [number, number] => {
    unknownFields(`${path}.breaks[${k}]`, br, 'break', bad);
    const bs = parseClock(br?.start);
    const be = parseClock(br?.end);
    if (Number.isNaN(bs) || Number.isNaN(be) || bs >= be || bs < start || be > end) {
      bad(`${path}.breaks[${k}]`, `must be 'HH:MM' inside the shift with end after start`);
    }
    return [bs, be];
  });
  // Overlapping breaks of one shift (a typo, most likely) would be merged without a word.
  const byStart = breaks.map((b, k) => ({ b, k })).sort((x, y) => x.b[0] - y.b[0]);
  for (let i = 1; i < byStart.length; i++) {
    if (byStart[i]!.b[0] < byStart[i - 1]!.b[1]) bad(`${path}.breaks[${byStart[i]!.k}]`, `overlaps breaks[${byStart[i - 1]!.k}]`);
  }
  return { days, start, end, breaks };
}
