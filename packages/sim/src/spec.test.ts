import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimError } from './errors.ts';
import { simulate } from './simulate.ts';
import { createScenario } from './spec.ts';

const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8'));

function problemsOf(spec: unknown): { path: string; message: string }[] {
  try {
    createScenario(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).code).toBe('SIM_ERR_SPEC_INVALID');
    return [...(e as SimError).problems];
  }
  throw new Error('expected the spec to be refused');
}

describe('createScenario: spec validation', () => {
  it('accepts the examples', () => {
    for (const name of ['large-weekday', 'large-weekend', 'mobile-bus']) expect(createScenario(example(name)).id).toBe(name);
  });

  it('refuses a non-object', () => {
    expect(problemsOf(42)[0]!.message).toMatch(/JSON object/);
  });

  it('lists every problem with its path and what to fix', () => {
    const spec = example('mobile-bus');
    const bad = {
      ...spec,
      classes: [{ id: 'general', rank: 1, targetMin: 30, share: -1, patience: { dist: 'weibull', mean: 3 } }],
      demand: { hourlyShape: { '25:00': 1 }, channels: { online: 1 }, bookingShare: 2 },
      citizens: { noShowRate: 1.5, lateness: { dist: 'normal', sd: 3 } },
    };
    const paths = problemsOf(bad).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'classes[0].share',
        'classes[0].patience',
        'demand.hourlyShape.25:00',
        'demand.channels.online',
        'demand.bookingShare',
        'citizens.noShowRate',
        'citizens.lateness',
      ]),
    );
    const patience = problemsOf(bad).find((p) => p.path === 'classes[0].patience')!;
    expect(patience.message).toMatch(/'dist' must be one of exponential, lognormal/);
  });

  it('checks each service demand and handle time', () => {
    const spec = example('mobile-bus');
    const services = (spec.services as Record<string, unknown>[]).map((s, i) =>
      i === 0 ? { ...s, demand: { weight: 1, perDay: 3 } } : i === 1 ? { ...s, handle: { dist: 'lognormal', mean: 5 } } : s,
    );
    const problems = problemsOf({ ...spec, services });
    expect(problems.find((p) => p.path === 'services[0].demand')!.message).toMatch(/exactly one of weight, perDay, ratesPerHour/);
    expect(problems.find((p) => p.path === 'services[1].handle')!.message).toMatch(/'cv' must be a number > 0/);
  });

  it("reports the engine's own configuration problems under engine:", () => {
    const spec = example('mobile-bus');
    const windows = [{ number: 1, agency: 'mia-id', services: ['birth-certificate'] }];
    const problems = problemsOf({ ...spec, windows });
    expect(problems.some((p) => p.path.startsWith('engine: windows[0].services') && /another agency/.test(p.message))).toBe(true);
  });

  it("gives the engine's problems the spec's paths: centre fields, a window entry with a count, a mobile stop once", () => {
    const spec = example('mobile-bus');
    const centre = spec.centre as Record<string, unknown>;
    const stops = centre.stops as Record<string, unknown>[];
    // windows[0] is windows 1 and 2 (count 2): windows[1] numbered 2 collides with the second of them
    const windows = (spec.windows as Record<string, unknown>[]).map((w, i) => (i === 1 ? { ...w, number: 2 } : w));
    const problems = problemsOf({
      ...spec,
      windows,
      centre: { ...centre, policy: 'sjf', booking: { ...(centre.booking as object), capacityPerSlot: 0 }, stops: [{ ...stops[0], open: '16:00', close: '10:00' }, stops[1]] },
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['engine: centre.booking.capacityPerSlot', 'engine: centre.policy', 'engine: centre.stops[0]', 'engine: windows[1].number']);
    expect(problems.find((p) => p.path === 'engine: windows[1].number')!.message).toMatch(/duplicate window number 2/);
    expect(problems.find((p) => p.path === 'engine: centre.stops[0]')!.message).toMatch(/close after open/);
  });

  it('refuses fields of the wrong type that were silently ignored or misread', () => {
    const spec = example('mobile-bus');
    const centre = spec.centre as Record<string, unknown>;
    const stops = centre.stops as Record<string, unknown>[];
    const services = (spec.services as Record<string, unknown>[]).map((s, i) =>
      i === 0 ? { ...s, bookable: 'yes' } : i === 1 ? { ...s, payment: { bankTime: { dist: 'exponential', mean: 5 } } } : s,
    );
    const problems = problemsOf({
      ...spec,
      name: 5,
      description: ['x'],
      services,
      demand: { ...(spec.demand as object), channels: { desk: 0 } },
      citizens: 'none',
      centre: { ...centre, stops: [{ ...stops[0], id: undefined }, stops[1]] },
    });
    const msg = (path: string) => problems.find((p) => p.path === path)?.message ?? `no problem at ${path}: ${JSON.stringify(problems)}`;
    expect(msg('name')).toMatch(/must be a string/);
    expect(msg('description')).toMatch(/must be a string/);
    expect(msg('services[0].bookable')).toMatch(/must be true or false/);
    expect(msg('services[1].payment.share')).toMatch(/is required/);
    expect(msg('demand.channels')).toMatch(/at least one channel with a weight > 0/);
    expect(msg('citizens')).toMatch(/must be an object/);
    expect(msg('centre.stops[0].id')).toMatch(/must be a non-empty string/);
    // a kind that is neither fixed nor mobile is named as such, not as 'stops on a fixed centre'
    expect(problemsOf({ ...spec, centre: { ...centre, kind: 'boat' } })).toEqual([{ path: 'centre.kind', message: `must be 'fixed' or 'mobile', got "boat"` }]);
  });

  it('refuses demand that falls entirely outside the hours the centre is open (it gave a day of 0 arrivals)', () => {
    const spec = example('mobile-bus'); // stops 10:00–16:00
    const services = (spec.services as Record<string, unknown>[]).map((s, i) => (i === 0 ? { ...s, demand: { ratesPerHour: { '06:00': 5, '09:00': 0 } } } : s));
    const problems = problemsOf({ ...spec, services, demand: { ...(spec.demand as object), hourlyShape: { '17:00': 1, '18:00': 2 } } });
    const msg = (path: string) => problems.find((p) => p.path === path)?.message ?? `no problem at ${path}: ${JSON.stringify(problems)}`;
    expect(msg('demand.hourlyShape')).toMatch(/no arrivals while the centre is open \(10:00–16:00\): every weight > 0 is outside those hours/);
    expect(msg('services[0].demand.ratesPerHour')).toMatch(/no arrivals while the centre is open \(10:00–16:00\)/);
    // a fixed centre: open some day is enough (a weekday shape run into a short Saturday is fine)
    const weekday = example('large-weekday');
    expect(problemsOf({ ...weekday, demand: { ...(weekday.demand as object), hourlyShape: { '21:00': 1 } } }).map((p) => p.path)).toEqual(['demand.hourlyShape']);
    expect(createScenario({ ...weekday, date: '2025-03-08' }).id).toBe('large-weekday');
    // online bookings: slots only outside the hours would book nobody
    expect(problemsOf({ ...spec, demand: { ...(spec.demand as object), bookingShape: { '07:00': 1, '08:00': 1 } } })).toEqual([
      { path: 'demand.bookingShape', message: 'no booking slots while the centre is open (10:00–16:00): every weight > 0 is outside those hours' },
    ]);
  });

  it('refuses duration distributions that can draw a negative time (records ended before they started)', () => {
    const spec = example('mobile-bus');
    const services = (spec.services as Record<string, unknown>[]).map((s, i) =>
      i === 0
        ? { ...s, handle: { dist: 'uniform', min: -20, max: 1 } }
        : i === 1
          ? { ...s, handle: { dist: 'empirical', values: [-3, 2] }, payment: { share: 0.5, bankTime: { dist: 'normal', mean: 5, sd: 2 } } }
          : i === 2
            ? { ...s, handle: { dist: 'normal', mean: 5, sd: 2, min: 0.5 } }
            : s,
    );
    const classes = (spec.classes as Record<string, unknown>[]).map((c, i) => (i === 0 ? { ...c, patience: { dist: 'normal', mean: 30, sd: 10, min: -1 } } : c));
    const problems = problemsOf({ ...spec, services, classes, citizens: { ...(spec.citizens as object), lateness: { dist: 'uniform', min: -20, max: 5 } } });
    expect(problems.map((p) => p.path).sort()).toEqual(['classes[0].patience', 'services[0].handle', 'services[1].handle', 'services[1].payment.bankTime']);
    const msg = (path: string) => problems.find((p) => p.path === path)!.message;
    expect(msg('services[0].handle')).toMatch(/a duration cannot be negative: 'min' must be ≥ 0, got -20/);
    expect(msg('services[1].handle')).toMatch(/a duration cannot be negative: 'values' must all be ≥ 0/);
    expect(msg('services[1].payment.bankTime')).toMatch(/a duration cannot be negative: give 'min' ≥ 0/);
    expect(msg('classes[0].patience')).toMatch(/'min' must be ≥ 0, got -1/);
  });

  it('takes a negative deterministic lateness (an offset, like negative normal/uniform/empirical) but no negative deterministic duration', () => {
    const spec = example('mobile-bus');
    const withLateness = (lateness: unknown) => ({ ...spec, citizens: { ...(spec.citizens as object), lateness, noShowRate: 0 } });
    // it was refused: "'value' must be a number ≥ 0"
    const early = simulate(createScenario(withLateness({ dist: 'deterministic', value: -5 })), { seed: 3, days: 1 }).records.filter((r) => r.kind === 'booking');
    // the same check-ins as a uniform on [−5, −5] (lateness has its own stream per source)
    const same = simulate(createScenario(withLateness({ dist: 'uniform', min: -5, max: -5 })), { seed: 3, days: 1 }).records.filter((r) => r.kind === 'booking');
    expect(early.length).toBeGreaterThan(0);
    expect(early.map((r) => r.showedUpAt)).toEqual(same.map((r) => r.showedUpAt));
    expect(early.some((r) => r.late)).toBe(false);
    const services = (spec.services as Record<string, unknown>[]).map((s, i) => (i === 0 ? { ...s, handle: { dist: 'deterministic', value: -1 } } : s));
    const problems = problemsOf({ ...spec, services });
    expect(problems).toEqual([{ path: 'services[0].handle', message: "a duration cannot be negative: 'value' must be ≥ 0, got -1" }]);
  });

  it('needs a recall time-out when citizens can be absent', () => {
    const spec = example('mobile-bus');
    const problems = problemsOf({ ...spec, centre: { ...(spec.centre as object), recallTimeoutMin: null } });
    expect(problems[0]!.path).toBe('citizens.absentWhenCalledRate');
  });

  it('flags unknown fields (typos) with the fields that exist there', () => {
    const spec = example('mobile-bus');
    const problems = problemsOf({ ...spec, servics: [], demand: { ...(spec.demand as object), bookingShar: 0.3 } });
    expect(problems.find((p) => p.path === 'servics')!.message).toMatch(/is not a field here; known: id, name/);
    expect(problems.find((p) => p.path === 'demand.bookingShar')!.message).toMatch(/bookingShare/);
  });

  it("flags typos in the parts the engine reads too (booking rules, shifts and breaks, stops, agencies, opening hours)", () => {
    const spec = example('mobile-bus');
    const centre = spec.centre as Record<string, unknown>;
    const stops = centre.stops as Record<string, unknown>[];
    const windows = (spec.windows as Record<string, unknown>[]).map((w, i) =>
      i === 0 ? { ...w, shifts: [{ start: '10:00', end: '16:30', brakes: [], breaks: [{ start: '12:00', end: '12:30', until: '13:00' }] }] } : w,
    );
    const agencies = (spec.agencies as Record<string, unknown>[]).map((a, i) => (i === 0 ? { ...a, knd: 'public' } : a));
    const problems = problemsOf({
      ...spec,
      windows,
      agencies,
      centre: { ...centre, booking: { ...(centre.booking as object), capacityPerSlots: 3 }, stops: [{ ...stops[0], opens: '09:00' }, stops[1]] },
    });
    const msg = (path: string) => problems.find((p) => p.path === path)?.message ?? `no problem at ${path}: ${JSON.stringify(problems)}`;
    expect(msg('centre.booking.capacityPerSlots')).toMatch(/is not a field here; known: .*capacityPerSlot/);
    expect(msg('windows[0].shifts[0].brakes')).toMatch(/is not a field here; known: .*breaks/);
    expect(msg('windows[0].shifts[0].breaks[0].until')).toMatch(/is not a field here; known: start, end/);
    expect(msg('centre.stops[0].opens')).toMatch(/is not a field here; known: id, place, open, close/);
    expect(msg('agencies[0].knd')).toMatch(/is not a field here; known: .*kind/);
    const weekday = example('large-weekday');
    const hours = problemsOf({ ...weekday, centre: { ...(weekday.centre as object), openingHours: { tue: { open: '10:00', close: '20:00', clos: '21:00' } } } });
    expect(hours).toEqual([{ path: 'centre.openingHours.tue.clos', message: 'is not a field here; known: open, close' }]);
  });

  it('checks transfers, ratings, holds and booking hours with what to fix', () => {
    const spec = example('mobile-bus');
    const services = (spec.services as Record<string, unknown>[]).map((s, i) =>
      i === 0
        ? { ...s, transfers: [{ to: 'no-such-service', share: 0.5 }, { to: 'id-card-new', share: 0.7 }], rating: { share: 0.5, weights: [1, 2, 3] } }
        : i === 1
          ? { ...s, transfers: [{ to: 'birth-certificate' }] }
          : s,
    );
    const problems = problemsOf({
      ...spec,
      services,
      demand: { ...(spec.demand as object), bookingHours: { from: '22:00', to: '08:00' } },
      citizens: { ...(spec.citizens as object), rating: { weights: [0, 0, 0, 0, 0] }, holds: { share: 2, abandonShare: 0.1 } },
    });
    const msg = (path: string) => problems.find((p) => p.path === path)?.message ?? `no problem at ${path}: ${JSON.stringify(problems)}`;
    expect(msg('services[0].transfers[0].to')).toMatch(/must be the id of another service/);
    expect(msg('services[0].transfers[1].to')).toMatch(/its own service/);
    expect(msg('services[0].transfers')).toMatch(/add up to 1.2; at most 1/);
    expect(msg('services[0].rating.weights')).toMatch(/5 numbers ≥ 0/);
    expect(msg('services[1].transfers[0].share')).toMatch(/is required/);
    expect(msg('demand.bookingHours')).toMatch(/from ≤ to/);
    expect(msg('citizens.rating.share')).toMatch(/is required/);
    expect(msg('citizens.rating.weights')).toMatch(/at least one > 0/);
    expect(msg('citizens.holds.share')).toMatch(/from 0 to 1/);
    expect(msg('citizens.holds.confirmAfter')).toMatch(/is required/);
  });

  it('refuses a service with demand that no window serves (the run failed with SIM_ERR_ENGINE_REFUSED)', () => {
    const spec = example('mobile-bus');
    const orphan = { id: 'orphan', agency: 'mia-id', prefix: 'Z', handle: { dist: 'exponential', mean: 5 } };
    const services = [...(spec.services as Record<string, unknown>[]), { ...orphan, demand: { weight: 1 } }, { ...orphan, id: 'idle', prefix: 'Y', demand: { weight: 0 } }];
    expect(problemsOf({ ...spec, services })).toEqual([
      { path: 'services[5]', message: 'no window serves orphan, but citizens apply for it: add it to a window’s services, or give it no demand' },
    ]);
    // a service nobody applies for may have no window
    const quiet = [...(spec.services as Record<string, unknown>[]), { ...orphan, demand: { perDay: 0 } }];
    expect(createScenario({ ...spec, services: quiet }).id).toBe('mobile-bus');
  });

  it('refuses a booking share when no service with demand is bookable (the share was silently ignored: nobody booked)', () => {
    const spec = example('mobile-bus');
    const services = (spec.services as Record<string, unknown>[]).map((s) => ({ ...s, bookable: false }));
    expect(problemsOf({ ...spec, services, demand: { ...(spec.demand as object), bookingShare: 0.3 } })).toEqual([
      { path: 'demand.bookingShare', message: 'is 0.3, but no service with demand is bookable: make a service bookable (services[].bookable), or set bookingShare to 0' },
    ]);
    // with no booking share, services that cannot be booked are fine
    expect(createScenario({ ...spec, services, demand: { ...(spec.demand as object), bookingShare: 0 } }).id).toBe('mobile-bus');
  });

  it('refuses a transfer to a service no window serves', () => {
    const spec = example('mobile-bus');
    const services = [
      ...(spec.services as Record<string, unknown>[]).map((s, i) => (i === 0 ? { ...s, transfers: [{ to: 'orphan', share: 0.1 }] } : s)),
      { id: 'orphan', agency: 'mia-id', prefix: 'Z', handle: { dist: 'exponential', mean: 5 }, demand: { weight: 0 } },
    ];
    expect(problemsOf({ ...spec, services })).toEqual([{ path: 'services[0].transfers[0].to', message: 'no window serves orphan: add it to a window\u2019s services' }]);
  });
});
