/**
 * The network the reliability tests run real server processes on, written to a JSON file for
 * `--config`: two centres open around the clock (so a test passes at any hour) whose UTC offset puts
 * local noon at the start of the run (so no local midnight — the engine's end of day — falls inside
 * it), windows without a roster (only operators open and close them), and non-demo tokens bound to
 * roles, centres and windows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CentreInput, WindowInput } from '@asan/queue-core';
import type { ServerConfigInput, TokenRule } from '../../../src/config/server-config.ts';

export const SECRET = 'reliability-secret-0123456789abcdef-0123456789';
export const CENTRE = 'rel-1';
export const OTHER_CENTRE = 'rel-2';
export const SERVICES = ['id-card', 'passport', 'notary'] as const;

export const TOKENS = {
  admin: 'rel-admin-token-0123456789',
  desk: `rel-desk-${CENTRE}-0123456789`,
  kiosk: `rel-kiosk-${CENTRE}-0123456789`,
  otherDesk: `rel-desk-${OTHER_CENTRE}-0123456789`,
  operator: (centre: string, window: number) => `rel-operator-${centre}-${window}-0123456789`,
} as const;

export interface NetworkOptions {
  /** Windows of the first centre (each serves every service). Default 12. */
  readonly windows?: number;
  readonly publicMax?: number;
  readonly publicWindowMs?: number;
  readonly appendAttempts?: number;
  readonly tickIntervalMs?: number;
  /** Minutes east of UTC; default: local noon now. */
  readonly utcOffsetMin?: number;
  readonly bodyLimitBytes?: number;
}

/** The UTC offset (a multiple of 15 minutes) at which it is about 12:00 local time now. */
export function noonOffsetMin(now = Date.now()): number {
  const utcMin = Math.floor(now / 60_000) % 1440;
  return Math.round((720 - utcMin) / 15) * 15;
}

const ALL_DAY = { open: '00:00', close: '24:00' };

function centre(id: string, windows: number, utcOffsetMin: number): CentreInput {
  const w = (number: number): WindowInput => ({ number, floor: 1 + (number % 2), agency: 'civil', services: [...SERVICES] });
  return {
    id,
    name: `Reliability centre ${id}`,
    utcOffsetMin,
    openingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    agencies: [{ id: 'civil', name: 'Civil registry', kind: 'public' }],
    services: [
      { id: 'id-card', name: 'Identity card', agency: 'civil', prefix: 'A', meanHandleMin: 8 },
      { id: 'passport', name: 'Passport', agency: 'civil', prefix: 'B', meanHandleMin: 12 },
      { id: 'notary', name: 'Notary', agency: 'civil', prefix: 'C', meanHandleMin: 15 },
    ],
    windows: Array.from({ length: windows }, (_, i) => w(i + 1)),
    booking: { capacityPerSlot: 4 },
    // Only operators recall: every call in these tests is the operator's own.
    recallTimeoutMin: null,
  };
}

export function networkInput(options: NetworkOptions = {}): ServerConfigInput {
  const offset = options.utcOffsetMin ?? noonOffsetMin();
  const main = centre(CENTRE, options.windows ?? 12, offset);
  const other = centre(OTHER_CENTRE, 2, offset);
  const operators = [main, other].flatMap((c) => c.windows.map((w): TokenRule => ({ token: TOKENS.operator(c.id, w.number), role: 'operator', centre: c.id, window: w.number, label: `operator ${c.id}/${w.number}` })));
  return {
    secret: SECRET,
    centres: [main, other],
    tokens: [
      { token: TOKENS.admin, role: 'admin', label: 'admin' },
      { token: TOKENS.desk, role: 'desk', centre: CENTRE, label: `desk ${CENTRE}` },
      { token: TOKENS.kiosk, role: 'kiosk', centre: CENTRE, label: `kiosk ${CENTRE}` },
      { token: TOKENS.otherDesk, role: 'desk', centre: OTHER_CENTRE, label: `desk ${OTHER_CENTRE}` },
      ...operators,
    ],
    rateLimit: { publicMax: options.publicMax ?? 1_000_000, publicWindowMs: options.publicWindowMs ?? 60_000 },
    appendAttempts: options.appendAttempts ?? 8,
    jobs: { tickIntervalMs: options.tickIntervalMs ?? 15_000 },
    ...(options.bodyLimitBytes ? { http: { bodyLimitBytes: options.bodyLimitBytes } } : {}),
    logLevel: 'info',
  };
}

/** Writes the network to `<dir>/network.json` and returns the file's path. */
export function writeNetwork(dir: string, input: ServerConfigInput): string {
  const file = join(dir, 'network.json');
  writeFileSync(file, JSON.stringify(input, null, 2));
  return file;
}

/** ISO 8601 with the centre's offset of a local time `daysAhead` days from now (booking slots). */
export function localSlot(utcOffsetMin: number, daysAhead: number, clock: string, now = Date.now()): string {
  const localMidnight = Math.floor((now + utcOffsetMin * 60_000) / 86_400_000) * 86_400_000;
  const [h, m] = clock.split(':').map(Number) as [number, number];
  const local = new Date(localMidnight + daysAhead * 86_400_000 + (h * 60 + m) * 60_000);
  const sign = utcOffsetMin < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMin);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.toISOString().slice(0, 16)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
