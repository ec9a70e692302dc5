/** Local calendar arithmetic of a fixed-offset centre (Baku, UTC+4, no daylight saving). */
import { describe, expect, it } from 'vitest';
import { time } from '../src/index.ts';
import { MON, at } from './fixtures.ts';

const OFF = 240 * time.MINUTE_MS;

describe('time', () => {
  it('parses clocks, allowing 24:00 as an end', () => {
    expect(time.parseClock('00:00')).toBe(0);
    expect(time.parseClock('09:30')).toBe(570);
    expect(time.parseClock('24:00')).toBe(1440);
    for (const bad of ['24:01', '9:30', '09:60', '0930', '', null, 930]) expect(time.parseClock(bad)).toBeNaN();
  });

  it('parses real dates only', () => {
    expect(time.parseDate('1970-01-02')).toBe(1);
    expect(time.formatDay(time.parseDate(MON))).toBe(MON);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', 'tomorrow', undefined]) expect(time.parseDate(bad)).toBeNaN();
  });

  it('maps an instant to its local day, minute and weekday', () => {
    const t = at(MON, '00:30'); // 2026-11-22 20:30 UTC
    expect(new Date(t).toISOString()).toBe('2026-11-22T20:30:00.000Z');
    expect(time.formatDay(time.localDay(t, OFF))).toBe(MON);
    expect(time.localMinute(t, OFF)).toBe(30);
    expect(time.WEEKDAYS[time.weekdayOfDay(time.localDay(t, OFF))]).toBe('mon');
    expect(time.formatLocal(at(MON, '23:59'), OFF)).toBe('2026-11-23 23:59');
    expect(time.epochOf(time.parseDate(MON), 600, OFF)).toBe(at(MON, '10:00'));
  });

  it('counts weekdays correctly before 1970 too', () => {
    expect(time.WEEKDAYS[time.weekdayOfDay(-1)]).toBe('wed');
    expect(time.WEEKDAYS[time.weekdayOfDay(-7)]).toBe('thu');
  });
});
