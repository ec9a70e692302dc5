/** Shared test fixtures: a small centre, local-time helpers. */
import type { CentreInput } from '../src/index.ts';
import { time } from '../src/index.ts';

/** Epoch ms of a Baku local time (UTC+4): at('2026-11-23', '09:30'). 2026-11-23 is a Monday. */
export function at(date: string, clock: string): number {
  return time.epochOf(time.parseDate(date), time.parseClock(clock), 240 * time.MINUTE_MS);
}

export const MON = '2026-11-23';
export const TUE = '2026-11-24';
export const SAT = '2026-11-28';

/** Minutes → ms. */
export const min = (m: number): number => m * time.MINUTE_MS;

export function smallCentre(overrides: Partial<CentreInput> = {}): CentreInput {
  return {
    id: 'baku-1',
    name: 'Baku ASAN Centre No. 1',
    agencies: [
      { id: 'mia', name: 'Ministry of Internal Affairs', kind: 'public' },
      { id: 'bank', name: 'Bank', kind: 'private' },
    ],
    services: [
      { id: 'id-card', agency: 'mia', prefix: 'A', meanHandleMin: 8, slotMin: 15 },
      { id: 'passport', agency: 'mia', prefix: 'B', meanHandleMin: 12, needsPayment: true, slotMin: 15 },
      { id: 'licence', agency: 'mia', prefix: 'C', meanHandleMin: 10, bookable: false },
      { id: 'account', agency: 'bank', prefix: 'D', meanHandleMin: 5 },
    ],
    windows: [
      { number: 1, floor: 1, agency: 'mia', services: ['id-card', 'passport'] },
      { number: 2, floor: 1, agency: 'mia', services: ['id-card'] },
      { number: 3, floor: 2, agency: 'mia', services: ['licence', 'passport'] },
      { number: 4, floor: 2, agency: 'bank', services: ['account'] },
    ],
    ...overrides,
  };
}
