/**
 * The reference model's view of a centre configuration, read from the same `CentreInput` the engine
 * gets, with the documented defaults (FAIRNESS.md, config-types.ts comments) applied here, by this
 * file's own code: the model shares nothing with the engine, so it can disagree with it.
 */
import type { CentreInput, PolicyName } from '../../src/index.ts';

export const MIN = 60_000;
export const DAY = 86_400_000;

export interface ModelShift {
  readonly start: number; // minutes after local midnight
  readonly end: number;
  readonly breaks: readonly (readonly [number, number])[];
}

export interface ModelWindow {
  readonly number: number;
  readonly services: readonly string[];
  readonly shifts: readonly ModelShift[];
}

export interface ModelService {
  readonly id: string;
  readonly prefix: string;
  readonly bookable: boolean;
  readonly slotMs: number;
}

export interface ModelClass {
  readonly id: string;
  readonly rank: number;
  readonly targetMs: number;
}

export interface ModelConfig {
  readonly offsetMs: number;
  /** weekday (0 = Sunday) → [open, close] minutes, or null. */
  readonly hours: readonly (readonly [number, number] | null)[];
  readonly services: readonly ModelService[];
  readonly windows: readonly ModelWindow[];
  readonly classes: readonly ModelClass[];
  readonly defaultClass: string;
  readonly policy: PolicyName;
  readonly E: number;
  readonly L: number;
  readonly Ecall: number;
  readonly expireAfter: number;
  readonly capacityPerSlot: number;
  readonly maxActivePerCitizen: number;
  readonly maxPerServicePerDay: number;
  readonly minDaysAhead: number;
  readonly horizonDays: number;
  readonly returnMs: number;
  readonly callCountMax: number;
  readonly recallTimeoutMs: number | null;
  readonly endOfDayGraceMs: number;
}

const WD = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const WEEKDAY_HOURS = { open: '10:00', close: '20:00' };
const WEEKEND_HOURS = { open: '10:00', close: '17:00' };

export function clockMin(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export function modelConfigOf(input: CentreInput): ModelConfig {
  const b = input.booking ?? {};
  const hours = WD.map((wd, i) => {
    const given = input.openingHours?.[wd];
    const h = given === undefined ? (i === 0 || i === 6 ? WEEKEND_HOURS : WEEKDAY_HOURS) : given;
    return h === null ? null : ([clockMin(h.open), clockMin(h.close)] as const);
  });
  const classes = (input.classes ?? [
    { id: 'priority', rank: 0, targetMin: 10 },
    { id: 'general', rank: 1, targetMin: 30 },
  ]).map((c) => ({ id: c.id, rank: c.rank, targetMs: c.targetMin * MIN }));
  return {
    offsetMs: (input.utcOffsetMin ?? 240) * MIN,
    hours,
    services: input.services.map((s) => ({ id: s.id, prefix: s.prefix, bookable: s.bookable ?? true, slotMs: (s.slotMin ?? 15) * MIN })),
    windows: input.windows.map((w) => ({
      number: w.number,
      services: [...w.services],
      shifts: (w.shifts ?? []).map((sh) => ({
        start: clockMin(sh.start),
        end: clockMin(sh.end),
        breaks: (sh.breaks ?? []).map((br) => [clockMin(br.start), clockMin(br.end)] as const),
      })),
    })),
    classes,
    defaultClass: input.defaultClass ?? (classes.some((c) => c.id === 'general') ? 'general' : classes[classes.length - 1]!.id),
    policy: input.policy ?? 'edd',
    E: (b.checkInEarlyMin ?? 30) * MIN,
    L: (b.checkInLateMin ?? 10) * MIN,
    Ecall: (b.callableBeforeMin ?? 5) * MIN,
    expireAfter: (b.expireAfterMin ?? 60) * MIN,
    capacityPerSlot: b.capacityPerSlot ?? 2,
    maxActivePerCitizen: b.maxActivePerCitizen ?? 3,
    maxPerServicePerDay: b.maxPerServicePerDay ?? 1,
    minDaysAhead: b.minDaysAhead ?? 1,
    horizonDays: b.horizonDays ?? 7,
    returnMs: (input.returnTargetMin ?? 5) * MIN,
    callCountMax: input.callCountMax ?? 3,
    recallTimeoutMs: input.recallTimeoutMin === null ? null : (input.recallTimeoutMin ?? 3) * MIN,
    endOfDayGraceMs: (input.endOfDayGraceMin ?? 240) * MIN,
  };
}

/** Local calendar of the model (fixed UTC offset; 1970-01-01 was a Thursday). */
export function dayOf(cfg: ModelConfig, t: number): number {
  return Math.floor((t + cfg.offsetMs) / DAY);
}
export function minuteOf(cfg: ModelConfig, t: number): number {
  return (t + cfg.offsetMs - dayOf(cfg, t) * DAY) / MIN;
}
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
export function epoch(cfg: ModelConfig, day: number, minute: number): number {
  return day * DAY + minute * MIN - cfg.offsetMs;
}

/**
 * The centres the properties run on. Three classes so that due dates tie across classes
 * (general at t and elderly at t + 10 min, priority at t + 20 min share a due date).
 */
const CLASSES = [
  { id: 'priority', rank: 0, targetMin: 10 },
  { id: 'elderly', rank: 1, targetMin: 20 },
  { id: 'general', rank: 2, targetMin: 30 },
];

const AGENCIES = [{ id: 'mia', kind: 'public' as const }];

/** Windows serve overlapping service subsets; window 4 has a roster (shift with a break). */
export function manualCentre(policy: PolicyName): CentreInput {
  return {
    id: 'fair-manual',
    agencies: AGENCIES,
    services: [
      { id: 's1', agency: 'mia', prefix: 'A', meanHandleMin: 8, slotMin: 15 },
      { id: 's2', agency: 'mia', prefix: 'B', meanHandleMin: 12, slotMin: 15 },
      { id: 's3', agency: 'mia', prefix: 'C', meanHandleMin: 10, bookable: false },
    ],
    windows: [
      { number: 1, floor: 1, agency: 'mia', services: ['s1', 's2'] },
      { number: 2, floor: 1, agency: 'mia', services: ['s1'] },
      { number: 3, floor: 2, agency: 'mia', services: ['s2', 's3'] },
      { number: 4, floor: 2, agency: 'mia', services: ['s3', 's1'], shifts: [{ start: '10:00', end: '14:00', breaks: [{ start: '12:00', end: '12:30' }] }] },
    ],
    classes: CLASSES,
    policy,
  };
}

/** Auto-call centres: windows always open; the multi-pool one has service subsets, the single pool does not. */
export function autoCentre(shape: 'pools' | 'single', policy: PolicyName = 'edd'): CentreInput {
  const services = [
    { id: 's1', agency: 'mia', prefix: 'A', meanHandleMin: 8, slotMin: 15 },
    { id: 's2', agency: 'mia', prefix: 'B', meanHandleMin: 12, slotMin: 15 },
    { id: 's3', agency: 'mia', prefix: 'C', meanHandleMin: 10, slotMin: 15 },
  ];
  const windows =
    shape === 'pools'
      ? [
          { number: 1, floor: 1, agency: 'mia', services: ['s1', 's2'] },
          { number: 2, floor: 1, agency: 'mia', services: ['s1'] },
          { number: 3, floor: 2, agency: 'mia', services: ['s2', 's3'] },
        ]
      : [
          { number: 1, floor: 1, agency: 'mia', services: ['s1', 's2', 's3'] },
          { number: 2, floor: 1, agency: 'mia', services: ['s1', 's2', 's3'] },
        ];
  return { id: `fair-auto-${shape}`, agencies: AGENCIES, services, windows, classes: CLASSES, policy, recallTimeoutMin: null };
}

/** One window, one service: the setting of Kleinrock's conservation law. */
export function singleWindowCentre(policy: PolicyName): CentreInput {
  return {
    id: 'fair-single',
    agencies: AGENCIES,
    services: [
      { id: 's1', agency: 'mia', prefix: 'A', meanHandleMin: 8 },
      { id: 's2', agency: 'mia', prefix: 'B', meanHandleMin: 5 },
    ],
    windows: [{ number: 1, floor: 1, agency: 'mia', services: ['s1', 's2'] }],
    classes: CLASSES,
    policy,
    recallTimeoutMin: null,
  };
}

/** k identical windows serving one service: the setting of the concurrent call-next test. */
export function poolCentre(k: number): CentreInput {
  return {
    id: 'fair-pool',
    agencies: AGENCIES,
    services: [{ id: 's1', agency: 'mia', prefix: 'A', meanHandleMin: 8 }],
    windows: Array.from({ length: k }, (_, i) => ({ number: i + 1, floor: 1, agency: 'mia', services: ['s1'] })),
    classes: CLASSES,
    recallTimeoutMin: null,
  };
}
