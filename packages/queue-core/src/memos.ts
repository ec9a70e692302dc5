/**
 * Memos the deciders keep on a centre's state: answers remembered between commands so a frequent
 * question is two comparisons, not the arithmetic of days, minutes and rosters. They are not
 * state: no event writes them (the fold only forgets one), a snapshot does not carry them, and a
 * restored or replayed state starts with them empty and answers the same.
 */
import type { CentreConfig } from './config.ts';
import { hoursOn } from './decide-common.ts';
import { rosterSegment, type RosterSegment } from './tick.ts';
import { epochOf, localDay } from './time.ts';

/** Whether the centre is open at a time (decide-common `isOpenNow`): the hours of the last local day asked. */
export class HoursMemo {
  /** That day (epoch ms, [from, until)). */
  private from = Number.NaN;
  private until = Number.NaN;
  /** Opening and closing time of that day (epoch ms), NaN when closed that day. */
  private openFrom = Number.NaN;
  private openUntil = Number.NaN;

  /** decide-common `isOpenAt` of the state's config (frozen), remembering the day. */
  isOpen(cfg: CentreConfig, now: number): boolean {
    // The memo holds one local day as epoch bounds: within it, two comparisons (no day or minute arithmetic).
    if (!(now >= this.from && now < this.until)) {
      const day = localDay(now, cfg.offsetMs);
      const h = hoursOn(cfg, day);
      this.from = epochOf(day, 0, cfg.offsetMs);
      this.until = epochOf(day + 1, 0, cfg.offsetMs);
      // (minutes are whole, so `now` ≥ the epoch of minute m exactly when its local minute is ≥ m)
      this.openFrom = h ? epochOf(day, h[0], cfg.offsetMs) : Number.NaN;
      this.openUntil = h ? epochOf(day, h[1], cfg.offsetMs) : Number.NaN;
    }
    return now >= this.openFrom && now < this.openUntil;
  }
}

/** Tick's roster pass (tick.ts): each window's last roster segment, and the last pass that found nothing to do. */
export class RosterMemo {
  /** Per window: the roster segment last computed (undefined before the first; null for no roster), and its day. */
  private readonly segment: (RosterSegment | null | undefined)[];
  private readonly segmentDay: Float64Array;
  /**
   * The last pass that found every window in its roster segment's phase (it emitted no roster
   * event) ran on local day `quietDay` at minute `quietFrom`, and no window's segment ends before
   * minute `quietUntil`. Until then the pass would again find nothing to do (only tick's own
   * events change a window's phase, and their fold calls `forgetQuiet`).
   */
  private quietDay = Number.NaN;
  private quietFrom = 0;
  private quietUntil = -1;

  constructor(cfg: CentreConfig) {
    this.segment = cfg.windows.map(() => undefined);
    this.segmentDay = new Float64Array(cfg.windows.length).fill(Number.NaN);
  }

  /** The roster segment of window w at (day, m), from the memo when still valid. */
  segmentAt(cfg: CentreConfig, w: number, day: number, m: number): RosterSegment | null {
    const memo = this.segment[w];
    if (memo !== undefined && (memo === null ? this.segmentDay[w] === day : memo.day === day && m >= memo.from && m < memo.to)) return memo;
    const seg = rosterSegment(cfg, w, day, m);
    this.segment[w] = seg;
    this.segmentDay[w] = day;
    return seg;
  }

  /** Whether a pass at minute m of local day `day` would again find nothing to do. */
  isQuiet(day: number, m: number): boolean {
    return day === this.quietDay && m >= this.quietFrom && m < this.quietUntil;
  }

  /** Records a pass at minute m of local day `day` (NaN: it emitted events) whose windows' segments all last until minute `until`. */
  notePass(day: number, m: number, until: number): void {
    this.quietDay = day;
    this.quietFrom = m;
    this.quietUntil = until;
  }

  /** A window's phase changed: the last quiet pass no longer holds. */
  forgetQuiet(): void {
    this.quietDay = Number.NaN;
  }
}
