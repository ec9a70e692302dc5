/**
 * Writes the example specs of this folder (run: `pnpm tsx packages/sim/examples/generate.ts`):
 *
 *   large-weekday.json  a large centre on a weekday: ~2,500 applicants 10:00–20:00, 22 agencies,
 *                       82 services with skewed popularity (ID cards and driving licences first),
 *                       windows in overlapping shifts, ~30 % online bookings, a priority class,
 *                       payment side trips, no-shows, absent citizens, patience
 *   large-weekday-evening.json  the same with 12 more windows 16:00–20:30 (for `sim compare`)
 *   large-weekend.json  the same centre on a Saturday, 10:00–17:00, fewer windows staffed
 *   mobile-bus.json     a mobile centre (bus): 6 windows, 5 services, a 6-hour stop
 *   large-weekday-full.json  the weekday centre with transfers to a second service, ratings (1–5)
 *                       and online bookings through holds (some confirmed late, some left to expire)
 *
 * The numbers are illustrative (no measured data): shares follow a Zipf law over services, handle
 * times are lognormal, and each agency gets windows for ~80 % utilisation at its share of the load.
 */
import { writeFileSync } from 'node:fs';
import type { Spec, SpecService, SpecWindow } from '../src/spec-types.ts';

interface AgencyDef {
  id: string;
  name: string;
  kind: 'public' | 'private';
  /** [service id, name, mean handle min, payment share] */
  services: [string, string, number, number][];
}

const AGENCIES: AgencyDef[] = [
  { id: 'mia-id', name: 'Internal Affairs — identity documents', kind: 'public', services: [
    ['id-card-new', 'Identity card (first issue)', 8, 1], ['id-card-replace', 'Identity card (replacement)', 7, 1], ['passport-new', 'Passport (first issue)', 10, 1],
    ['passport-renew', 'Passport (renewal)', 8, 1], ['residence-registration', 'Registration of residence', 6, 0], ['id-card-child', 'Identity card for a child', 9, 1] ] },
  { id: 'mia-traffic', name: 'Internal Affairs — traffic police', kind: 'public', services: [
    ['driving-licence-renew', 'Driving licence (renewal)', 9, 1], ['driving-licence-new', 'Driving licence (first issue)', 12, 1], ['vehicle-registration', 'Vehicle registration', 14, 1],
    ['vehicle-deregistration', 'Vehicle deregistration', 10, 0.5], ['licence-international', 'International driving permit', 8, 1] ] },
  { id: 'justice-civil', name: 'Justice — civil status', kind: 'public', services: [
    ['birth-certificate', 'Birth certificate', 7, 0], ['marriage-registration', 'Marriage registration', 20, 1], ['death-certificate', 'Death certificate', 8, 0],
    ['divorce-registration', 'Divorce registration', 15, 1], ['name-change', 'Change of name', 12, 1] ] },
  { id: 'justice-notary', name: 'Justice — notary', kind: 'public', services: [
    ['power-of-attorney', 'Power of attorney', 15, 1], ['document-copy', 'Certified copy', 6, 1], ['sale-contract', 'Sale contract', 25, 1], ['inheritance', 'Inheritance certificate', 25, 1] ] },
  { id: 'tax', name: 'Taxes', kind: 'public', services: [
    ['tax-id', 'Taxpayer number', 8, 0], ['tax-declaration', 'Tax declaration help', 15, 0], ['tax-certificate', 'No-debt certificate', 6, 0], ['vat-registration', 'VAT registration', 12, 0] ] },
  { id: 'labour', name: 'Labour and social protection', kind: 'public', services: [
    ['pension-application', 'Pension application', 15, 0], ['disability-benefit', 'Disability benefit', 15, 0], ['child-benefit', 'Child benefit', 10, 0],
    ['unemployment', 'Unemployment registration', 12, 0], ['employment-record', 'Employment record extract', 6, 0] ] },
  { id: 'health', name: 'Health', kind: 'public', services: [
    ['medical-certificate', 'Medical certificate (driving)', 10, 1], ['disability-assessment', 'Disability assessment referral', 12, 0], ['vaccination-record', 'Vaccination record', 5, 0] ] },
  { id: 'migration', name: 'Migration service', kind: 'public', services: [
    ['residence-permit', 'Temporary residence permit', 18, 1], ['permanent-residence', 'Permanent residence permit', 20, 1], ['work-permit', 'Work permit', 18, 1], ['citizenship', 'Citizenship application', 25, 1] ] },
  { id: 'property', name: 'Real estate registry', kind: 'public', services: [
    ['property-extract', 'Registry extract', 8, 1], ['property-registration', 'Property registration', 20, 1], ['mortgage-registration', 'Mortgage registration', 18, 1], ['land-plan', 'Land plan', 15, 1] ] },
  { id: 'customs', name: 'Customs', kind: 'public', services: [['customs-declaration', 'Customs declaration', 15, 1], ['vehicle-import', 'Vehicle import clearance', 20, 1], ['customs-certificate', 'Customs certificate', 8, 0]] },
  { id: 'education', name: 'Education', kind: 'public', services: [['diploma-recognition', 'Diploma recognition', 12, 1], ['school-certificate', 'School certificate duplicate', 8, 0], ['exam-registration', 'Exam registration', 6, 1]] },
  { id: 'economy', name: 'Economy — business registration', kind: 'public', services: [
    ['business-registration', 'Business registration', 20, 1], ['business-change', 'Change of business data', 15, 1], ['business-closure', 'Business closure', 15, 0], ['licence-trade', 'Trade licence', 15, 1] ] },
  { id: 'archive', name: 'National archive', kind: 'public', services: [['archive-certificate', 'Archive certificate', 10, 1], ['archive-copy', 'Archive copy', 8, 1], ['genealogy', 'Genealogy request', 12, 1]] },
  { id: 'military', name: 'Military service', kind: 'public', services: [['conscription-certificate', 'Conscription certificate', 8, 0], ['deferment', 'Deferment application', 12, 0], ['military-id', 'Military ID', 10, 0]] },
  { id: 'ecology', name: 'Ecology and natural resources', kind: 'public', services: [['hunting-licence', 'Hunting licence', 10, 1], ['fishing-licence', 'Fishing licence', 8, 1], ['water-use', 'Water use permit', 15, 1]] },
  { id: 'emergency', name: 'Emergency situations', kind: 'public', services: [['fire-safety', 'Fire safety certificate', 12, 1], ['building-safety', 'Building safety opinion', 15, 1], ['boat-registration', 'Small boat registration', 12, 1]] },
  { id: 'bank', name: 'State bank', kind: 'private', services: [['bank-card', 'Bank card', 10, 0], ['bank-account', 'Account opening', 12, 0], ['loan-consult', 'Loan consultation', 15, 0], ['money-transfer', 'Money transfer', 6, 0]] },
  { id: 'insurance', name: 'Insurance', kind: 'private', services: [['car-insurance', 'Compulsory car insurance', 10, 1], ['property-insurance', 'Property insurance', 12, 1], ['travel-insurance', 'Travel insurance', 8, 1]] },
  { id: 'gas', name: 'Gas supply', kind: 'private', services: [['gas-contract', 'Gas contract', 10, 0], ['gas-meter', 'Gas meter change', 8, 1], ['gas-debt', 'Gas bill enquiry', 5, 0]] },
  { id: 'electricity', name: 'Electricity supply', kind: 'private', services: [['power-contract', 'Electricity contract', 10, 0], ['power-meter', 'Electricity meter change', 8, 1], ['power-debt', 'Electricity bill enquiry', 5, 0]] },
  { id: 'water', name: 'Water supply', kind: 'private', services: [['water-contract', 'Water contract', 10, 0], ['water-meter', 'Water meter change', 8, 1], ['water-debt', 'Water bill enquiry', 5, 0]] },
  { id: 'telecom', name: 'Telecom', kind: 'private', services: [['phone-line', 'Phone line', 10, 0], ['internet', 'Home internet', 12, 0], ['sim-card', 'SIM card registration', 6, 0], ['phone-debt', 'Phone bill enquiry', 5, 0]] },
];

/** Popularity rank of the leading services; the rest follow in declaration order. */
const LEADERS = ['id-card-new', 'driving-licence-renew', 'id-card-replace', 'passport-renew', 'driving-licence-new', 'birth-certificate', 'vehicle-registration', 'tax-certificate'];
const ZIPF = 1.0;
const PREFIXES = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function prefixOf(i: number): string {
  return i < 26 ? PREFIXES[i]! : PREFIXES[Math.floor(i / 26) - 1]! + PREFIXES[i % 26]!;
}

const WEEKDAY_SHAPE = { '10:00': 8, '11:00': 11, '12:00': 12, '13:00': 10, '14:00': 9, '15:00': 10, '16:00': 11, '17:00': 10, '18:00': 8, '19:00': 6 };
const WEEKEND_SHAPE = { '10:00': 10, '11:00': 13, '12:00': 14, '13:00': 12, '14:00': 11, '15:00': 9, '16:00': 6 };

function services(): { list: SpecService[]; weight: Map<string, number> } {
  const all = AGENCIES.flatMap((a) => a.services.map((s) => ({ a, s })));
  const order = [...LEADERS, ...all.map(({ s }) => s[0]).filter((id) => !LEADERS.includes(id))];
  const weight = new Map(order.map((id, rank) => [id, Math.round((1000 / (rank + 1) ** ZIPF) * 100) / 100]));
  const list = all.map(({ a, s }, i): SpecService => ({
    id: s[0],
    name: s[1],
    agency: a.id,
    prefix: prefixOf(i),
    handle: { dist: 'lognormal', mean: s[2], cv: 0.6 },
    bookable: true,
    slotMin: 15,
    ...(s[3] > 0 ? { payment: { share: s[3], bankTime: { dist: 'lognormal', mean: 7, cv: 0.5 }, beforeShare: 0.4 } } : {}),
    demand: { weight: weight.get(s[0])! },
  }));
  return { list, weight };
}

/** Windows per agency for ~`util` utilisation of `hours` staffed hours, at least 1; big services get their own windows. */
function windows(perDay: number, hours: number, util: number, shifts: (k: number) => SpecWindow['shifts']): SpecWindow[] {
  const { weight } = services();
  const totalWeight = [...weight.values()].reduce((a, b) => a + b, 0);
  const out: SpecWindow[] = [];
  let number = 1;
  AGENCIES.forEach((a, floor) => {
    const load = a.services.reduce((acc, s) => acc + (perDay * weight.get(s[0])!) / totalWeight * s[2], 0) / 60; // window-hours of work
    const n = Math.max(1, Math.ceil(load / (hours * util)));
    const top = a.services[0]![0];
    const dedicated = n >= 6 ? Math.floor(n / 2) : 0;
    for (let k = 0; k < n; k++) {
      const sh = shifts(k);
      out.push({
        number: number++,
        floor: 1 + Math.floor(floor / 8),
        agency: a.id,
        services: k < dedicated ? [top] : a.services.map((s) => s[0]),
        ...(sh ? { shifts: sh } : {}),
      });
    }
  });
  return out;
}

const CLASSES: Spec['classes'] = [
  { id: 'priority', label: 'Priority (disability, elderly, pregnant, veterans)', rank: 0, targetMin: 10, share: 0.06, patience: { dist: 'lognormal', mean: 60, cv: 0.5 } },
  { id: 'general', label: 'General', rank: 1, targetMin: 30, share: 0.94, patience: { dist: 'lognormal', mean: 75, cv: 0.6 } },
];

const CENTRE: Spec['centre'] = {
  policy: 'edd',
  booking: { capacityPerSlot: 4, checkInEarlyMin: 30, checkInLateMin: 10, callableBeforeMin: 5, expireAfterMin: 60 },
  returnTargetMin: 5,
  callCountMax: 3,
  recallTimeoutMin: 2,
  endOfDayGraceMin: 240,
};

const CITIZENS: Spec['citizens'] = { lateness: { dist: 'normal', mean: -10, sd: 8 }, noShowRate: 0.08, absentWhenCalledRate: 0.015 };

// overlapping weekday shifts: early 10:00–16:00, late 14:00–20:30 (finishes the evening queue), mid 12:00–18:00
const WEEKDAY_SHIFTS = (k: number): SpecWindow['shifts'] =>
  [[{ start: '10:00', end: '16:00' }], [{ start: '14:00', end: '20:30' }], [{ start: '10:00', end: '16:00' }], [{ start: '14:00', end: '20:30' }], [{ start: '12:00', end: '18:00' }]][k % 5];

const weekday: Spec = {
  id: 'large-weekday',
  name: 'Large centre, weekday',
  description: 'A large one-stop centre on a weekday: ~2,500 applicants 10:00–20:00, 22 agencies, 82 services, windows in overlapping shifts.',
  date: '2025-03-04',
  centre: CENTRE,
  classes: CLASSES,
  agencies: AGENCIES.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
  services: services().list,
  windows: windows(2500, 6.5, 0.8, WEEKDAY_SHIFTS),
  demand: { perDay: 2500, hourlyShape: WEEKDAY_SHAPE, channels: { desk: 0.45, terminal: 0.5, callCentre: 0.05 }, bookingShare: 0.3 },
  citizens: CITIZENS,
};

const weekend: Spec = {
  ...weekday,
  id: 'large-weekend',
  name: 'Large centre, Saturday',
  description: 'The same centre on a Saturday, 10:00–17:00, with one shift 10:00–17:30 and fewer windows staffed.',
  date: '2025-03-08',
  windows: windows(1400, 7.5, 0.8, () => [{ start: '10:00', end: '17:30' }]),
  demand: { ...weekday.demand, perDay: 1400, hourlyShape: WEEKEND_SHAPE },
};

// a staffing variant to compare: 12 more ID-card and driving-licence windows 16:00–20:30
const evening: Spec = {
  ...weekday,
  id: 'large-weekday-evening',
  name: 'Large centre, weekday, more windows from 16:00',
  description: 'The weekday centre with 12 extra windows for ID cards and driving licences from 16:00 to 20:30.',
  windows: [
    ...weekday.windows,
    { number: 201, count: 6, floor: 1, agency: 'mia-id', services: ['id-card-new', 'id-card-replace', 'passport-renew'], shifts: [{ start: '16:00', end: '20:30' }] },
    { number: 211, count: 6, floor: 1, agency: 'mia-traffic', services: ['driving-licence-renew', 'driving-licence-new'], shifts: [{ start: '16:00', end: '20:30' }] },
  ],
};

// the weekday centre with what a visit also does: transfers to another service after the first,
// ratings at the end, and online bookings through holds (made the day before, 08:00–23:00)
const TRANSFERS: Record<string, { to: string; share: number }[]> = {
  'vehicle-registration': [{ to: 'car-insurance', share: 0.25 }],
  'driving-licence-new': [{ to: 'medical-certificate', share: 0.1 }],
  'business-registration': [{ to: 'tax-id', share: 0.3 }, { to: 'bank-account', share: 0.2 }],
  'residence-registration': [{ to: 'tax-id', share: 0.05 }],
  'property-registration': [{ to: 'property-insurance', share: 0.15 }],
  'pension-application': [{ to: 'bank-card', share: 0.2 }],
};
const full: Spec = {
  ...weekday,
  id: 'large-weekday-full',
  name: 'Large centre, weekday, with transfers, ratings and holds',
  description: 'The weekday centre where some services send the citizen on to another (transfer), citizens rate the visit, and online bookings go through holds.',
  centre: { ...CENTRE, booking: { ...CENTRE.booking, holdTtlMin: 10 } },
  services: weekday.services.map((s) => ({
    ...s,
    ...(TRANSFERS[s.id] ? { transfers: TRANSFERS[s.id] } : {}),
    // the traffic police's services are rated lower
    ...(s.agency === 'mia-traffic' ? { rating: { share: 0.35, weights: [8, 8, 14, 30, 40] } } : {}),
  })),
  demand: { ...weekday.demand, bookingHours: { from: '08:00', to: '23:00' } },
  citizens: {
    ...CITIZENS,
    rating: { share: 0.4, weights: [3, 3, 8, 26, 60] },
    holds: { share: 0.7, confirmAfter: { dist: 'lognormal', mean: 4, cv: 1 }, abandonShare: 0.12 },
  },
};

const BUS_SERVICES = ['id-card-new', 'driving-licence-renew', 'birth-certificate', 'pension-application', 'power-of-attorney'];
const bus: Spec = {
  id: 'mobile-bus',
  name: 'Mobile centre (bus)',
  description: 'A bus serving villages: 6 windows, 5 services, one 6-hour stop a day.',
  date: '2025-03-05',
  centre: { ...CENTRE, kind: 'mobile', stops: [
    { id: 'shamakhi', place: 'Shamakhi, central square', open: '10:00', close: '16:00' },
    { id: 'ismayilli', place: 'Ismayilli, market', open: '10:00', close: '16:00' },
  ] },
  classes: CLASSES,
  agencies: AGENCIES.filter((a) => a.services.some((s) => BUS_SERVICES.includes(s[0]))).map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
  services: services().list.filter((s) => BUS_SERVICES.includes(s.id)).map((s) => ({ ...s, demand: { weight: s.demand.weight! } })),
  windows: [
    { number: 1, count: 2, agency: 'mia-id', services: ['id-card-new'], shifts: [{ start: '10:00', end: '16:30' }] },
    { number: 3, agency: 'mia-traffic', services: ['driving-licence-renew'], shifts: [{ start: '10:00', end: '16:30' }] },
    { number: 4, agency: 'justice-civil', services: ['birth-certificate'], shifts: [{ start: '10:00', end: '16:30' }] },
    { number: 5, agency: 'labour', services: ['pension-application'], shifts: [{ start: '10:00', end: '16:30' }] },
    { number: 6, agency: 'justice-notary', services: ['power-of-attorney'], shifts: [{ start: '11:00', end: '15:00' }] },
  ],
  demand: { perDay: 120, hourlyShape: { '10:00': 12, '11:00': 14, '12:00': 12, '13:00': 10, '14:00': 9, '15:00': 7 }, channels: { desk: 1 }, bookingShare: 0.2 },
  citizens: CITIZENS,
};

const dir = new URL('./', import.meta.url);
for (const spec of [weekday, evening, weekend, bus, full]) {
  writeFileSync(new URL(`${spec.id}.json`, dir), `${JSON.stringify(spec, null, 1)}\n`);
  const n = spec.windows.reduce((a, w) => a + (w.count ?? 1), 0);
  const s = spec.services.length;
  console.log(`${spec.id}.json: ${spec.agencies.length} agencies, ${s} services, ${n} windows`);
}
