/** createConfig: defaults, freezing, and one ConfigError that lists every problem with its path. */
import { describe, expect, it } from 'vitest';
import { Centre, ConfigError, createConfig } from '../src/index.ts';
import type { CentreInput, ConfigProblem, ShiftInput } from '../src/index.ts';
import { smallCentre } from './fixtures.ts';

function problems(input: unknown): ConfigProblem[] {
  try {
    createConfig(input as CentreInput);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const err = e as ConfigError;
    expect(err.code).toBe('QC_ERR_CONFIG_INVALID');
    for (const p of err.problems) expect(err.message).toContain(`${p.path}: ${p.message}`);
    return [...err.problems];
  }
  throw new Error('expected a ConfigError');
}

const paths = (input: unknown): string[] => problems(input).map((p) => p.path);

describe('createConfig', () => {
  it('fills in the documented defaults and freezes the result', () => {
    const cfg = createConfig(smallCentre());
    expect(cfg).toMatchObject({ kind: 'fixed', offsetMs: 240 * 60_000, policy: 'edd', callCountMax: 3, recallTimeoutMs: 180_000, boardSize: 20, returnTargetMs: 300_000 });
    expect(cfg.hours[1]).toEqual([600, 1200]); // Monday 10:00–20:00
    expect(cfg.hours[0]).toEqual([600, 1020]); // Sunday 10:00–17:00
    expect(cfg.classes.map((c) => [c.id, c.rank, c.targetMs / 60_000])).toEqual([
      ['priority', 0, 10],
      ['general', 1, 30],
    ]);
    expect(cfg.classes[cfg.defaultClass]!.id).toBe('general');
    expect(cfg.booking).toEqual({
      minDaysAhead: 1,
      horizonDays: 7,
      checkInEarlyMs: 30 * 60_000,
      checkInLateMs: 10 * 60_000,
      callableBeforeMs: 5 * 60_000,
      expireAfterMs: 60 * 60_000,
      capacityPerSlot: 2,
      maxActivePerCitizen: 3,
      maxPerServicePerDay: 1,
      holdTtlMs: 10 * 60_000,
    });
    expect(cfg.services.map((s) => [s.id, s.windows])).toEqual([
      ['id-card', [0, 1]],
      ['passport', [0, 2]],
      ['licence', [2]],
      ['account', [3]],
    ]);
    expect(cfg.services[2]!.bookable).toBe(false);
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.services[0])).toBe(true);
    expect(Object.isFrozen(cfg.input)).toBe(true);
    expect(() => {
      (cfg.booking as { capacityPerSlot: number }).capacityPerSlot = 99;
    }).toThrow(TypeError);
  });

  it('cannot be changed through its maps either: lookups and stops stay as validated', () => {
    const cfg = createConfig(smallCentre());
    expect(() => (cfg.serviceIndex as Map<string, number>).set('ghost', 9)).toThrow(TypeError);
    expect(() => (cfg.windowIndex as Map<number, number>).delete(1)).toThrow(TypeError);
    expect(() => (cfg.classIndex as Map<string, number>).clear()).toThrow(TypeError);
    expect(cfg.serviceIndex.get('ghost')).toBeUndefined();
    expect(cfg.windowIndex.get(1)).toBe(0);
    expect(cfg.classIndex.size).toBe(2);
    const stop = { id: 's1', date: '2026-11-23', place: 'Quba', open: '10:00', close: '16:00' };
    const bus = createConfig(smallCentre({ kind: 'mobile', timetable: [stop] }));
    expect(() => {
      (bus.stopsById.get('s1') as { close: number }).close = 1440;
    }).toThrow(TypeError);
    expect(() => (bus.stops as Map<number, unknown>).set(0, stop)).toThrow(TypeError);
    expect(bus.stopsById.get('s1')!.close).toBe(960);
    expect([...bus.stops.keys()]).toEqual([bus.stopsById.get('s1')!.day]);
  });

  it('new Centre validates an input even if it has a field named like a built configuration', () => {
    // It took any object with both `services` and `serviceIndex` for a built configuration and skipped
    // validation: the first walk-in then threw 'TypeError: s.windows is not iterable'.
    expect(() => new Centre({ ...smallCentre(), serviceIndex: {} } as never)).toThrow(ConfigError);
    expect(() => new Centre({ ...smallCentre(), serviceIndex: new Map() } as never)).toThrow(ConfigError);
    const cfg = createConfig(smallCentre());
    expect(new Centre(cfg).config).toBe(cfg);
  });

  it('keeps a frozen copy of its input, so later changes to the input do not leak in', () => {
    const input = smallCentre();
    const cfg = createConfig(input);
    input.services[0]!.prefix = 'Q';
    expect(cfg.input.services[0]!.prefix).toBe('A');
    expect(cfg.services[0]!.prefix).toBe('A');
  });

  it('accepts closed days and a close at 24:00', () => {
    const cfg = createConfig(smallCentre({ openingHours: { sun: null, fri: { open: '08:00', close: '24:00' } } }));
    expect(cfg.hours[0]).toBeNull();
    expect(cfg.hours[5]).toEqual([480, 1440]);
  });

  it('refuses a non-object', () => {
    expect(paths(null)).toEqual(['']);
    expect(paths('centre')).toEqual(['']);
  });

  it('lists every problem at once, with its path', () => {
    const input = smallCentre();
    const bad = {
      ...input,
      id: 'bad id!',
      services: [
        { id: 'id-card', agency: 'mia', prefix: 'a1', meanHandleMin: 8 },
        { id: 'id-card', agency: 'nowhere', prefix: 'ABCD', meanHandleMin: 8 },
        { id: 'account', agency: 'bank', prefix: 'D' },
      ],
      windows: [
        { number: 1, floor: 1, agency: 'mia', services: ['id-card', 'account'] },
        { number: 1, floor: 1, agency: 'mia', services: ['ghost'] },
      ],
    };
    expect(paths(bad)).toEqual([
      'id',
      'services[0].prefix',
      'services[1].id',
      'services[1].agency',
      'services[1].prefix',
      'services[2].meanHandleMin',
      'windows[0].services[1]',
      'windows[1].number',
      'windows[1].services[0]',
    ]);
    const msg = problems(bad).find((p) => p.path === 'windows[0].services[1]')!.message;
    expect(msg).toBe('service account belongs to another agency than window 1');
  });

  it('refuses a bad ticket prefix', () => {
    for (const prefix of ['a', 'ABCD', '', 'A1', 7]) {
      expect(paths({ ...smallCentre(), services: [{ id: 's', agency: 'mia', prefix, meanHandleMin: 5 }], windows: [{ number: 1, floor: 0, agency: 'mia', services: ['s'] }] })).toEqual(['services[0].prefix']);
    }
  });

  it('refuses unknown agencies and duplicate agency ids', () => {
    const input = smallCentre();
    expect(paths({ ...input, agencies: [...input.agencies, { id: 'mia', kind: 'public' }] })).toEqual(['agencies[2].id']);
    expect(paths({ ...input, agencies: [{ id: 'mia', kind: 'state' }, input.agencies[1]] })).toEqual(['agencies[0].kind']);
    expect(paths({ ...input, windows: [{ number: 1, floor: 1, agency: 'tax', services: ['id-card'] }] })).toEqual(['windows[0].agency', 'windows[0].services[0]']);
    expect(paths({ ...input, agencies: [] })).toContain('agencies');
  });

  it('refuses duplicate classes, an unknown default class, and an unknown policy', () => {
    const classes = [
      { id: 'general', rank: 1, targetMin: 30 },
      { id: 'general', rank: 0, targetMin: 10 },
    ];
    expect(paths(smallCentre({ classes }))).toEqual(['classes[1].id']);
    expect(paths(smallCentre({ classes: [] }))).toEqual(['classes']);
    expect(paths(smallCentre({ defaultClass: 'vip' }))).toEqual(['defaultClass']);
    expect(paths(smallCentre({ policy: 'random' as never }))).toEqual(['policy']);
    // Names inherited by every object are not policies (they passed an `in` check, then call-next threw a TypeError).
    for (const policy of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(paths(smallCentre({ policy: policy as never }))).toEqual(['policy']);
    expect(paths(smallCentre({ classes: [{ id: 'x', rank: -1, targetMin: 10 }] }))).toEqual(['classes[0].rank']);
  });

  it('refuses bad opening hours', () => {
    expect(paths(smallCentre({ openingHours: { mon: { open: '20:00', close: '10:00' } } }))).toEqual(['openingHours.mon']);
    expect(paths(smallCentre({ openingHours: { tue: { open: '9:00', close: '17:00' } } }))).toEqual(['openingHours.tue.open']);
    expect(paths(smallCentre({ openingHours: { wed: { open: '10:00', close: '25:00' } } }))).toEqual(['openingHours.wed.close']);
    expect(paths(smallCentre({ openingHours: { thu: { open: '10:60', close: '24:01' } } }))).toEqual(['openingHours.thu.open', 'openingHours.thu.close']);
    expect(paths(smallCentre({ openingHours: { funday: { open: '10:00', close: '11:00' } } as never }))).toEqual(['openingHours.funday']);
  });

  it('refuses bad numbers, with their range', () => {
    const p = problems(smallCentre({ callCountMax: 0, boardSize: 2.5, utcOffsetMin: 900, recallTimeoutMin: 0, endOfDayGraceMin: -1, returnTargetMin: -3, etaSmoothing: 7 }));
    expect(p.map((x) => x.path)).toEqual(['utcOffsetMin', 'recallTimeoutMin', 'returnTargetMin', 'callCountMax', 'endOfDayGraceMin', 'boardSize', 'etaSmoothing']);
    expect(p[3]!.message).toBe('must be an integer from 1 to 20, got 0');
    // Each one alone is refused too, not replaced by its default.
    expect(paths(smallCentre({ callCountMax: 0 }))).toEqual(['callCountMax']);
    expect(paths(smallCentre({ etaSmoothing: Number.NaN }))).toEqual(['etaSmoothing']);
    expect(paths({ ...smallCentre(), services: [{ id: 's', agency: 'mia', prefix: 'S', meanHandleMin: 0, slotMin: 0 }], windows: [{ number: 1, floor: 0, agency: 'mia', services: ['s'] }] })).toEqual([
      'services[0].meanHandleMin',
      'services[0].slotMin',
    ]);
  });

  it('refuses inconsistent booking rules', () => {
    expect(paths(smallCentre({ booking: { minDaysAhead: 3, horizonDays: 2 } }))).toEqual(['booking']);
    expect(paths(smallCentre({ booking: { callableBeforeMin: 40 } }))).toEqual(['booking.callableBeforeMin']);
    expect(paths(smallCentre({ booking: { checkInLateMin: 30, expireAfterMin: 20 } }))).toEqual(['booking.expireAfterMin']);
    expect(paths(smallCentre({ booking: { capacityPerSlot: 0, holdTtlMin: 0 } }))).toEqual(['booking.capacityPerSlot', 'booking.holdTtlMin']);
  });

  it('says each problem once: no "must serve at least one service" after its services were refused, no defaultClass problem without classes, NaN as NaN', () => {
    const input = smallCentre();
    expect(problems({ ...input, windows: [{ number: 1, floor: 1, agency: 'mia', services: ['account'] }] }).map((p) => p.path)).toEqual(['windows[0].services[0]']);
    expect(paths({ ...input, windows: [{ number: 1, floor: 1, agency: 'mia', services: [] }] })).toEqual(['windows[0].services']);
    expect(paths(smallCentre({ classes: [], defaultClass: 'x' }))).toEqual(['classes', 'defaultClass']);
    const nan = problems({ ...input, services: [{ id: 's', agency: 'mia', prefix: 'S', meanHandleMin: Number.NaN }], windows: [{ number: 1, floor: 0, agency: 'mia', services: ['s'] }] });
    expect(nan.map((p) => p.message).join()).toMatch(/got NaN/);
  });

  it('refuses a shift with no days and overlapping breaks in one shift (they were merged without a word)', () => {
    const w = (shift: ShiftInput) => smallCentre({ windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'], shifts: [shift] }] });
    expect(createConfig(w({ start: '10:00', end: '18:00', breaks: [{ start: '12:00', end: '12:30' }, { start: '12:30', end: '13:00' }] })).windows.length).toBe(1);
    expect(paths(w({ start: '10:00', end: '18:00', days: [] }))).toEqual(['windows[0].shifts[0].days']);
    expect(paths(w({ start: '10:00', end: '18:00', breaks: [{ start: '12:10', end: '12:40' }, { start: '12:00', end: '12:30' }] }))).toEqual(['windows[0].shifts[0].breaks[0]']);
  });

  it('refuses bad rosters', () => {
    const roster = (shifts: unknown) => paths({ ...smallCentre(), windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'], shifts }] });
    expect(roster([{ start: '14:00', end: '10:00' }])).toEqual(['windows[0].shifts[0]']);
    expect(roster([{ start: '10:00', end: '14:00', breaks: [{ start: '13:30', end: '14:30' }] }])).toEqual(['windows[0].shifts[0].breaks[0]']);
    expect(roster([{ start: '10:00', end: '14:00', days: ['mon', 'someday'] }])).toEqual(['windows[0].shifts[0].days[1]']);
    expect(roster([{ start: '10:00', end: '14:00', breaks: [{ start: '12:00', end: '12:00' }] }])).toEqual(['windows[0].shifts[0].breaks[0]']);
  });

  it('refuses values of the wrong type with a ConfigError at their path, never a TypeError or a silent truthy value', () => {
    const roster = (shifts: unknown) => paths({ ...smallCentre(), windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'], shifts }] });
    expect(roster([{ start: '10:00', end: '14:00', days: 'mon' }])).toEqual(['windows[0].shifts[0].days']);
    expect(roster([{ start: '10:00', end: '14:00', breaks: 5 }])).toEqual(['windows[0].shifts[0].breaks']);
    expect(roster([null])).toEqual(['windows[0].shifts[0]']);
    expect(paths(smallCentre({ kind: 'mobile', timetable: [null, null] as never }))).toEqual(['timetable[0]', 'timetable[1]']);
    expect(paths(smallCentre({ boardSize: 10n as never }))).toEqual(['boardSize']);
    expect(problems(smallCentre({ boardSize: 10n as never }))[0]!.message).toBe('must be an integer from 1 to 1000, got 10n');
    expect(paths(smallCentre({ openingHours: 'weekdays' as never }))).toEqual(['openingHours']);
    expect(paths(smallCentre({ openingHours: { mon: '10:00-20:00' } as never }))).toEqual(['openingHours.mon']);
    // A string 'no' was truthy: the service became bookable; a name of another type was kept as it was.
    const svc = (extra: object) => paths({ ...smallCentre(), services: [{ id: 's', agency: 'mia', prefix: 'S', meanHandleMin: 5, ...extra }], windows: [{ number: 1, floor: 0, agency: 'mia', services: ['s'] }] });
    expect(svc({ bookable: 'no', needsPayment: 1 })).toEqual(['services[0].needsPayment', 'services[0].bookable']);
    expect(svc({ name: 42 })).toEqual(['services[0].name']);
    expect(paths(smallCentre({ name: {} as never }))).toEqual(['name']);
    expect(paths({ ...smallCentre(), agencies: [{ id: 'mia', kind: 'public', name: ['x'] }, smallCentre().agencies[1]] })).toEqual(['agencies[0].name']);
    expect(paths(smallCentre({ classes: [{ id: 'general', rank: 0, targetMin: 30, label: null as never }] }))).toEqual(['classes[0].label']);
  });

  it('refuses unknown fields (a typo was silently ignored and its default used), naming the close known field', () => {
    const p = problems({ ...smallCentre(), polcy: 'fifo', booking: { horizonDay: 14 } });
    expect(p).toEqual([
      { path: 'polcy', message: 'is not a field of a centre; did you mean policy?' },
      { path: 'booking.horizonDay', message: 'is not a field of booking; did you mean horizonDays?' },
    ]);
    const input = smallCentre({ classes: [{ id: 'general', rank: 0, targetMin: 30, target: 5 } as never] });
    input.agencies = [{ ...input.agencies[0]!, type: 'public' } as never, input.agencies[1]!];
    input.services = [{ ...input.services[0]!, meanHandleMins: 8 } as never, ...input.services.slice(1)];
    input.windows = [{ ...input.windows[0]!, shifts: [{ start: '10:00', end: '14:00', brakes: [], breaks: [{ start: '12:00', end: '12:30', len: 30 }] }] } as never, ...input.windows.slice(1)];
    input.openingHours = { mon: { open: '10:00', close: '18:00', closes: '19:00' } as never };
    expect(paths(input)).toEqual([
      'openingHours.mon.closes',
      'agencies[0].type',
      'services[0].meanHandleMins',
      'windows[0].shifts[0].brakes',
      'windows[0].shifts[0].breaks[0].len',
      'classes[0].target',
    ]);
    expect(problems(input)[1]!.message).toBe('is not a field of an agency; its fields are id, name, kind');
    const stop = { id: 's1', date: '2026-11-23', place: 'Quba', open: '10:00', close: '16:00', opens: '09:00' };
    expect(paths(smallCentre({ kind: 'mobile', timetable: [stop] }))).toEqual(['timetable[0].opens']);
    expect(paths(smallCentre({ booking: 14 as never }))).toEqual(['booking']);
    // A field given as undefined (an object spread of optional fields) is no typo.
    expect(() => createConfig({ ...smallCentre(), policy: undefined, extra: undefined } as never)).not.toThrow();
  });

  it('refuses opening hours for a mobile centre (open at its stops\' hours: they were silently ignored)', () => {
    const stop = { id: 's1', date: '2026-11-23', place: 'Quba', open: '10:00', close: '16:00' };
    expect(createConfig(smallCentre({ kind: 'mobile', timetable: [stop] })).kind).toBe('mobile');
    expect(paths(smallCentre({ kind: 'mobile', timetable: [stop], openingHours: { mon: { open: '06:00', close: '07:00' } } }))).toEqual(['openingHours']);
  });

  it('without defaultClass and without a general class, classes an unmarked citizen in the class served last, never a priority class', () => {
    // before: the last class listed, here the priority one (due in 10 minutes for every unmarked citizen)
    const classes = [
      { id: 'standard', rank: 1, targetMin: 30 },
      { id: 'disabled', rank: 0, targetMin: 10 },
    ];
    const cfg = createConfig(smallCentre({ classes }));
    expect(cfg.classes[cfg.defaultClass]!.id).toBe('standard');
    // equal ranks: the longer target
    const even = createConfig(smallCentre({ classes: [{ id: 'b', rank: 1, targetMin: 45 }, { id: 'a', rank: 1, targetMin: 20 }] }));
    expect(even.classes[even.defaultClass]!.id).toBe('b');
    // given, it decides
    const given = createConfig(smallCentre({ classes, defaultClass: 'disabled' }));
    expect(given.classes[given.defaultClass]!.id).toBe('disabled');
  });

  it('refuses a mobile centre without a timetable and a fixed one with a timetable', () => {
    expect(paths(smallCentre({ kind: 'mobile' }))).toEqual(['timetable']);
    expect(paths(smallCentre({ timetable: [{ id: 's1', date: '2026-11-23', place: 'Quba', open: '10:00', close: '16:00' }] }))).toEqual(['timetable']);
    expect(paths(smallCentre({ kind: 'bus' as never }))).toEqual(['kind']);
  });

  it('refuses bad stops: dates, times, places, two stops a day, duplicate ids', () => {
    const stop = { id: 's1', date: '2026-11-23', place: 'Quba', open: '10:00', close: '16:00' };
    const timetable = [
      stop,
      { ...stop, id: 's2', date: '2026-02-30' },
      { ...stop, id: 's3', date: '2026-11-24', open: '16:00', close: '10:00' },
      { ...stop, id: 's4', date: '2026-11-25', place: '' },
      { ...stop, id: 's5' },
      { ...stop, date: '2026-11-26' },
    ];
    expect(paths(smallCentre({ kind: 'mobile', timetable }))).toEqual([
      'timetable[1].date',
      'timetable[2]',
      'timetable[3].place',
      'timetable[4].date',
      'timetable[5].id',
    ]);
  });

  it('refuses empty services and windows', () => {
    expect(paths({ ...smallCentre(), services: [], windows: [] })).toEqual(['services', 'windows']);
    expect(paths({ ...smallCentre(), windows: [{ number: 1, floor: 1, agency: 'mia', services: [] }] })).toEqual(['windows[0].services']);
  });
});
