/**
 * The built-in demo: one large ASAN-like centre (Baku, UTC+4) with public and private agencies,
 * eleven services, twelve windows on two floors and a roster of staggered breaks, plus well-known
 * demo tokens. Used by `pnpm start` without `--config`; never for production (the tokens and the
 * secret are public).
 */
import type { CentreInput, WindowInput } from '@asan/queue-core';
import type { ServerConfigInput, TokenRule } from './server-config.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const WEEKEND = ['sat', 'sun'] as const;

/** A window's roster: open with the centre, one 30-minute break staggered by window number. */
function rostered(number: number, floor: number, agency: string, services: string[]): WindowInput {
  const breakStart = 13 * 60 + ((number - 1) % 4) * 30;
  const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return {
    number,
    floor,
    agency,
    services,
    shifts: [
      { days: [...WEEKDAYS], start: '10:00', end: '20:00', breaks: [{ start: hhmm(breakStart), end: hhmm(breakStart + 30) }] },
      { days: [...WEEKEND], start: '10:00', end: '17:00' },
    ],
  };
}

export const DEMO_CENTRE: CentreInput = {
  id: 'baku-1',
  name: 'Baku ASAN Service Centre No. 1',
  agencies: [
    { id: 'mia', name: 'Ministry of Internal Affairs', kind: 'public' },
    { id: 'justice', name: 'Ministry of Justice', kind: 'public' },
    { id: 'tax', name: 'State Tax Service', kind: 'public' },
    { id: 'migration', name: 'State Migration Service', kind: 'public' },
    { id: 'property', name: 'State Service on Property Issues', kind: 'public' },
    { id: 'bank', name: 'Bank desk (fees)', kind: 'private' },
    { id: 'insurer', name: 'Insurance company', kind: 'private' },
  ],
  services: [
    { id: 'id-card', name: 'Identity card', agency: 'mia', prefix: 'A', meanHandleMin: 8, needsPayment: true },
    { id: 'passport', name: 'Passport', agency: 'mia', prefix: 'B', meanHandleMin: 12, needsPayment: true },
    { id: 'driving-licence', name: 'Driving licence', agency: 'mia', prefix: 'C', meanHandleMin: 10, needsPayment: true, bookable: false },
    { id: 'birth-certificate', name: 'Birth certificate', agency: 'justice', prefix: 'D', meanHandleMin: 6 },
    { id: 'marriage', name: 'Marriage registration', agency: 'justice', prefix: 'E', meanHandleMin: 20, slotMin: 30 },
    { id: 'notary', name: 'Notary', agency: 'justice', prefix: 'F', meanHandleMin: 15, needsPayment: true },
    { id: 'business-registration', name: 'Business registration', agency: 'tax', prefix: 'G', meanHandleMin: 20, slotMin: 30 },
    { id: 'residence-permit', name: 'Residence permit', agency: 'migration', prefix: 'H', meanHandleMin: 15 },
    { id: 'property-extract', name: 'Real estate extract', agency: 'property', prefix: 'K', meanHandleMin: 10 },
    { id: 'fee-payment', name: 'Fee payment', agency: 'bank', prefix: 'P', meanHandleMin: 3, bookable: false },
    { id: 'car-insurance', name: 'Compulsory car insurance', agency: 'insurer', prefix: 'R', meanHandleMin: 8 },
  ],
  windows: [
    rostered(1, 1, 'mia', ['id-card', 'passport']),
    rostered(2, 1, 'mia', ['id-card', 'passport']),
    rostered(3, 1, 'mia', ['id-card', 'driving-licence']),
    rostered(4, 1, 'bank', ['fee-payment']),
    rostered(5, 1, 'bank', ['fee-payment']),
    rostered(6, 2, 'justice', ['birth-certificate', 'marriage']),
    rostered(7, 2, 'justice', ['notary', 'birth-certificate']),
    rostered(8, 2, 'tax', ['business-registration']),
    rostered(9, 2, 'migration', ['residence-permit']),
    rostered(10, 2, 'property', ['property-extract']),
    rostered(11, 2, 'insurer', ['car-insurance']),
    rostered(12, 1, 'mia', ['passport', 'driving-licence']),
  ],
  booking: { capacityPerSlot: 3 },
};

/** Opening hours and rosters around the clock: for trying the demo at any hour (`--always-open`). */
export function alwaysOpen(centre: CentreInput): CentreInput {
  const day = { open: '00:00', close: '24:00' };
  return {
    ...centre,
    openingHours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    windows: centre.windows.map((w) => ({ ...w, shifts: [{ start: '00:00', end: '24:00' }] })),
  };
}

export const DEMO_SECRET = 'demo-secret-not-for-production-0123456789';

export function demoTokens(centre: CentreInput): TokenRule[] {
  return [
    { token: 'demo-admin', role: 'admin', label: 'demo admin' },
    { token: 'demo-desk', role: 'desk', centre: centre.id, label: 'demo information desk' },
    { token: 'demo-kiosk', role: 'kiosk', centre: centre.id, label: 'demo ID-card terminal' },
    ...centre.windows.map((w): TokenRule => ({ token: `demo-operator-${w.number}`, role: 'operator', centre: centre.id, window: w.number, label: `demo operator, window ${w.number}` })),
  ];
}

export function demoNetwork(options: { alwaysOpen: boolean }): ServerConfigInput {
  const centre = options.alwaysOpen ? alwaysOpen(DEMO_CENTRE) : DEMO_CENTRE;
  return { centres: [centre], tokens: demoTokens(centre), secret: DEMO_SECRET, demo: true };
}
