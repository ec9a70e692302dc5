/**
 * The project's scenario spec (JSON): a centre, its demand and its citizens' behaviour. See
 * packages/sim/README.md "Spec format" for a field-by-field description and examples/ for files.
 */
import type { BookingRulesInput, HoursInput, ShiftInput, time } from '@asan/queue-core';
import type { DistSpec } from './distributions.ts';

/** Clock 'HH:MM' → weight (the hour, or the part of the day until the next key, starting there). */
export type ClockWeights = Readonly<Record<string, number>>;

export interface SpecCentre {
  readonly kind?: 'fixed' | 'mobile';
  readonly utcOffsetMin?: number;
  readonly openingHours?: Partial<Record<time.Weekday, HoursInput | null>>;
  /** Mobile centres: the stops, one per simulated day, cycled. */
  readonly stops?: readonly { readonly id: string; readonly place: string; readonly open: string; readonly close: string }[];
  readonly policy?: 'edd' | 'strict-priority' | 'fifo';
  readonly booking?: BookingRulesInput;
  readonly returnTargetMin?: number;
  readonly callCountMax?: number;
  readonly recallTimeoutMin?: number | null;
  readonly endOfDayGraceMin?: number;
}

export interface SpecClass {
  readonly id: string;
  readonly label?: string;
  readonly rank: number;
  readonly targetMin: number;
  /** Share of citizens in this class (relative weight). */
  readonly share: number;
  /** Minutes a citizen waits before leaving; null/absent: never leaves. */
  readonly patience?: DistSpec | null;
}

export interface SpecService {
  readonly id: string;
  readonly name?: string;
  readonly agency: string;
  readonly prefix: string;
  readonly handle: DistSpec;
  readonly bookable?: boolean;
  readonly slotMin?: number;
  /** Citizens of this service who must pay at the bank desk mid-service. */
  readonly payment?: { readonly share: number; readonly bankTime: DistSpec; readonly beforeShare?: number };
  /** After this service, these shares are transferred to another service (sum ≤ 1). */
  readonly transfers?: readonly { readonly to: string; readonly share: number }[];
  /** Ratings given at the end of this service (overrides citizens.rating). */
  readonly rating?: SpecRating | null;
  /** Demand: a weight of demand.perDay, or its own volume per day (× the hourly shape), or hourly rates. */
  readonly demand: { readonly weight?: number; readonly perDay?: number; readonly ratesPerHour?: ClockWeights };
}

/** `share` of served citizens rate 1–5 with relative `weights` [w1, w2, w3, w4, w5]. */
export interface SpecRating {
  readonly share: number;
  readonly weights: readonly number[];
}

export interface SpecWindow {
  readonly number: number;
  /** That many windows numbered number, number + 1, … with the same settings. Default 1. */
  readonly count?: number;
  readonly floor?: number;
  readonly agency: string;
  readonly services: readonly string[];
  /** The roster; no shifts: open all day, every day. */
  readonly shifts?: readonly ShiftInput[];
}

export interface Spec {
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  /** First simulated day, local date 'YYYY-MM-DD' (its weekday picks the opening hours). */
  readonly date?: string;
  readonly centre?: SpecCentre;
  readonly classes: readonly SpecClass[];
  readonly agencies: readonly { readonly id: string; readonly name?: string; readonly kind: 'public' | 'private' }[];
  readonly services: readonly SpecService[];
  readonly windows: readonly SpecWindow[];
  readonly demand: {
    /** Applicants per day shared by the services' weights. */
    readonly perDay?: number;
    readonly hourlyShape: ClockWeights;
    /** Walk-in ticket channels (relative weights). Default all at the desk. */
    readonly channels?: Partial<Record<'desk' | 'terminal' | 'callCentre', number>>;
    /** Share of a bookable service's demand that books online the day before. Default 0. */
    readonly bookingShare?: number;
    /** Popularity of booking slots by hour. Default the hourly shape. */
    readonly bookingShape?: ClockWeights;
    /** When bookings are made, the day before ('HH:MM'–'HH:MM', uniform). Default: all at 12:00. */
    readonly bookingHours?: { readonly from: string; readonly to: string };
  };
  readonly citizens?: {
    /** Check-in time relative to the slot, minutes (negative: early). Default normal(−10, 6). */
    readonly lateness?: DistSpec;
    /** Booked citizens who never come. Default 0. */
    readonly noShowRate?: number;
    /** Citizens not there when called (recalled, then no-show). Default 0. */
    readonly absentWhenCalledRate?: number;
    /** Ratings at the end of every service (1–5). Default: nobody rates. */
    readonly rating?: SpecRating;
    /** Online bookers who hold a slot first, confirm after a while or let the hold expire. */
    readonly holds?: { readonly share: number; readonly confirmAfter: DistSpec; readonly abandonShare?: number };
  };
}
