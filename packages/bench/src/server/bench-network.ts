/**
 * The network the server suite runs on: one centre `bench` with 5 agencies, 20 services (4 per
 * agency) and 100 windows (20 per agency, each serving its agency's 4 services), open around the
 * clock with no roster (windows are opened by the prefill), and tokens for the desk, the admin and
 * one operator per window. The centre's UTC offset is chosen at run time so that its local time is
 * about noon: a run never meets the end of the day (which cancels every waiting ticket).
 *
 * Public routes are rate-limited per client address; all load comes from 127.0.0.1, so the limit
 * is raised to 1,000,000 per second (the limiter still runs on every status request).
 */
import type { CentreInput } from '@asan/queue-core';
import type { ServerConfigInput } from '@asan/server';

export const CENTRE_ID = 'bench';
export const AGENCIES = 5;
export const SERVICES_PER_AGENCY = 4;
export const WINDOWS_PER_AGENCY = 20;
export const SERVICE_COUNT = AGENCIES * SERVICES_PER_AGENCY;
export const WINDOW_COUNT = AGENCIES * WINDOWS_PER_AGENCY;

export const TOKENS = {
  admin: 'bench-admin-token-0000',
  desk: 'bench-desk-token-00000',
  operator: (window: number) => `bench-operator-token-${String(window).padStart(3, '0')}`,
} as const;

const SECRET = 'bench-secret-not-for-production-0123456789';
const ALL_DAY = { open: '00:00', close: '24:00' };

export const serviceId = (s: number): string => `s${s}`;

/** UTC offset (minutes, within the engine's −720..840) that puts local time near 12:00 now. */
export function noonOffsetMin(nowMs: number): number {
  const utcMin = Math.floor((nowMs % 86_400_000) / 60_000);
  let offset = 12 * 60 - utcMin;
  if (offset < -720) offset += 1440;
  if (offset > 840) offset -= 1440;
  return offset;
}

export function benchCentre(nowMs: number): CentreInput {
  const agencies = Array.from({ length: AGENCIES }, (_, a) => ({ id: `a${a}`, name: `Agency ${a}`, kind: 'public' as const }));
  const services = Array.from({ length: SERVICE_COUNT }, (_, s) => ({
    id: serviceId(s),
    name: `Service ${s}`,
    agency: `a${Math.floor(s / SERVICES_PER_AGENCY)}`,
    prefix: String.fromCharCode(65 + s),
    meanHandleMin: 5 + (s % 7),
  }));
  const windows = Array.from({ length: WINDOW_COUNT }, (_, w) => {
    const a = Math.floor(w / WINDOWS_PER_AGENCY);
    return {
      number: w + 1,
      floor: 1 + (a % 3),
      agency: `a${a}`,
      services: Array.from({ length: SERVICES_PER_AGENCY }, (_, k) => serviceId(a * SERVICES_PER_AGENCY + k)),
    };
  });
  return {
    id: CENTRE_ID,
    name: 'Benchmark centre',
    utcOffsetMin: noonOffsetMin(nowMs),
    openingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    agencies,
    services,
    windows,
  };
}

export type StoreKind = 'embedded' | 'redis';

export interface StoreChoice {
  readonly kind: StoreKind;
  /** embedded: the data directory; redis: the URL. */
  readonly location: string;
  /** redis: key prefix of this run. */
  readonly prefix?: string;
  /** embedded: do not flush every commit (off by default: the server's default is durable). */
  readonly noSync?: boolean;
}

export function benchNetwork(nowMs: number, store: StoreChoice): ServerConfigInput {
  const centre = benchCentre(nowMs);
  return {
    secret: SECRET,
    centres: [centre],
    tokens: [
      { token: TOKENS.admin, role: 'admin', label: 'bench admin' },
      { token: TOKENS.desk, role: 'desk', centre: CENTRE_ID, label: 'bench desk' },
      ...centre.windows.map((w) => ({ token: TOKENS.operator(w.number), role: 'operator' as const, centre: CENTRE_ID, window: w.number, label: `bench operator ${w.number}` })),
    ],
    store:
      store.kind === 'redis'
        ? { kind: 'redis', url: store.location, prefix: store.prefix ?? 'bench' }
        : { kind: 'embedded', dataDir: store.location, noSync: store.noSync ?? false },
    rateLimit: { publicMax: 1_000_000, publicWindowMs: 1_000 },
    logLevel: 'warn',
  };
}
