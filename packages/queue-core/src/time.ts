/**
 * Local calendar arithmetic for a centre with a fixed UTC offset (Azerbaijan has no daylight saving).
 * Pure functions of their inputs: nothing here reads a clock.
 */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Days since 1970-01-01 in the centre's local time. */
export function localDay(nowMs: number, offsetMs: number): number {
  return Math.floor((nowMs + offsetMs) / DAY_MS);
}

/** Minutes since local midnight (fractional). */
export function localMinute(nowMs: number, offsetMs: number): number {
  const local = nowMs + offsetMs;
  return (local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Epoch milliseconds of local day `day` at `minute` minutes after local midnight. */
export function epochOf(day: number, minute: number, offsetMs: number): number {
  return day * DAY_MS + minute * MINUTE_MS - offsetMs;
}

/** 'HH:MM' → minutes after midnight, or NaN when malformed. '24:00' is allowed as an end. */
export function parseClock(text: unknown): number {
  if (typeof text !== 'string') return NaN;
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return NaN;
  return h * 60 + min;
}

/** 'YYYY-MM-DD' → local day number, or NaN when malformed. */
export function parseDate(text: unknown): number {
  if (typeof text !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return NaN;
  return ms / DAY_MS;
}

export function formatClock(minute: number): string {
  const m = Math.floor(minute);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function formatDay(day: number): string {
  // (refusals of bookings and check-ins format the same few days over and over: a Date and an ISO string each)
  if (day === formattedDay) return formattedDayText;
  const text = new Date(day * DAY_MS).toISOString().slice(0, 10);
  formattedDay = day;
  formattedDayText = text;
  return text;
}
/** The last day formatDay wrote, and its text (a memo: the same day always gives the same text). */
let formattedDay = Number.NaN;
let formattedDayText = '';

/** Human-readable local time, for error messages: '2026-11-23 09:30'. */
export function formatLocal(nowMs: number, offsetMs: number): string {
  return `${formatDay(localDay(nowMs, offsetMs))} ${formatClock(localMinute(nowMs, offsetMs))}`;
}

/**
 * The largest |time| the engine takes: a Date holds ±8.64e15 ms; 8.6e15 (the year 274,000) leaves room
 * for a UTC offset and a day either side when a time is formatted or its local day taken.
 */
export const MAX_TIME_MS = 8.6e15;

/** A time in ms since the epoch that the engine can format: a finite number within ±MAX_TIME_MS. */
export function isTime(v: unknown): v is number {
  return typeof v === 'number' && v <= MAX_TIME_MS && v >= -MAX_TIME_MS;
}
