/**
 * The validated scenario the simulator runs: an engine configuration plus what the engine does not
 * decide — who arrives when, how long service takes, patience, lateness, no-shows, side trips —
 * and how a run is laid out in time. Built once (from the project's spec by `createScenario`, or
 * from the reference format by `importReference`), frozen, then run any number of times.
 *
 * Times inside a day are offsets in ms from the day's origin (local midnight for the project's
 * specs, 10:00 for the reference day scenarios, the start of the run for steady-state runs).
 */
import type { CentreConfig, Channel } from '@asan/queue-core';
import type { DistSpec } from './distributions.ts';

/** Piecewise-constant Poisson rates: rate[k] (arrivals per ms) on [ends[k−1], ends[k]), ends[−1] = start. */
export interface ArrivalProcess {
  readonly start: number;
  readonly ends: readonly number[];
  readonly rates: readonly number[];
  /** No arrivals at or after this offset (Infinity: the last rate goes on for ever). */
  readonly stop: number;
}

export interface ClassDraw {
  readonly id: string;
  readonly weight: number;
  /** Patience in minutes (drawn on arrival), null: never leaves. */
  readonly patience: DistSpec | null;
}

export interface PaymentTrip {
  /** Share of this source's citizens who must pay at the bank desk. */
  readonly share: number;
  /** Minutes away at the bank desk. */
  readonly bankTime: DistSpec;
  /** Part of the handle time done before the trip (the rest after the return). */
  readonly beforeShare: number;
}

/** What is drawn for each citizen of a source. */
export interface CitizenProfile {
  /** Stream names derive from it; unique within a scenario. */
  readonly id: string;
  readonly service: string;
  readonly classes: readonly ClassDraw[];
  /** Handle time at the window, minutes. */
  readonly handle: DistSpec;
  readonly payment: PaymentTrip | null;
  /** Probability the citizen is not there when called (recalled by the engine's tick, then no-show). */
  readonly absentRate: number;
  /**
   * After the service is done, these shares go on to another service (the engine's `transfer`);
   * handle time there from `handle` (the target service's). Empty: nobody is transferred.
   */
  readonly transfers: readonly Transfer[];
  /** Rating given at the final `complete` (1–5), null: nobody rates. */
  readonly rating: RatingDraw | null;
}

export interface Transfer {
  readonly to: string;
  readonly share: number;
  readonly handle: DistSpec;
}

export interface RatingDraw {
  /** Share of served citizens who rate. */
  readonly share: number;
  /** Relative weights of ratings 1, 2, 3, 4, 5. */
  readonly weights: readonly number[];
}

/** Online booking through a hold: `holdSlot`, then `book` with the hold, or the hold left to expire. */
export interface HoldBehaviour {
  /** Share of online bookers who hold a slot first (the rest book directly). */
  readonly share: number;
  /** Minutes from the hold to the confirmation (beyond the engine's holdTtl: refused, then booked directly). */
  readonly confirmAfter: DistSpec;
  /** Share of holders who never confirm: the hold expires (released by the engine's tick) and they do not come. */
  readonly abandonShare: number;
}

export interface WalkInSource extends CitizenProfile {
  readonly channels: readonly { readonly id: Exclude<Channel, 'online'>; readonly weight: number }[];
  readonly process: ArrivalProcess;
}

export interface BookingSource extends CitizenProfile {
  /** Expected bookings per day (the count is Poisson). */
  readonly perDay: number;
  /** Slot start offsets within the day and their relative popularity. */
  readonly slots: readonly { readonly offset: number; readonly weight: number }[];
  /** Check-in time relative to the slot, minutes (negative = early). */
  readonly lateness: DistSpec;
  /** Probability a booked citizen never comes. */
  readonly noShowRate: number;
}

export interface Scenario {
  readonly id: string;
  readonly description: string;
  readonly config: CentreConfig;
  /** Epoch ms of day 0's origin. */
  readonly originMs: number;
  /** Local clock minute of a day's origin (0 = midnight, 600 = 10:00). */
  readonly originClockMin: number;
  readonly walkIns: readonly WalkInSource[];
  readonly bookings: readonly BookingSource[];
  /** Mobile centres: the stop id of each simulated day (cycled), else empty. */
  readonly stops: readonly string[];
  /** Window numbers without a roster: opened at the start of every day, never closed by the simulator. */
  readonly alwaysOpen: readonly number[];
  /** Offsets within a day at which the simulator sends `tick` (roster boundaries). */
  readonly ticks: readonly number[];
  /** Send a `tick` at each local midnight, which ends the day in the engine (leftovers cancelled). */
  readonly endOfDay: boolean;
  /**
   * 'drain': run until nothing is left to happen. 'measured': steady state, run until every
   * citizen who arrived in [measureFrom, measureTo) has been called or has left.
   */
  readonly stop: 'drain' | 'measured';
  readonly measureFrom: number;
  readonly measureTo: number;
  /** Largest number of days a run may have (1 for steady-state runs). */
  readonly maxDays: number;
  /**
   * Walk-in arrivals of a day only while the centre is open that day (the engine's opening hours
   * for its weekday, or the mobile stop), and bookings only for open days. False for reference
   * scenarios (their processes already match the hours; steady-state runs span days).
   */
  readonly clipToHours: boolean;
  /**
   * When the previous day's online bookings are requested, offsets from the previous day's origin:
   * null = all at once at 12:00 (one batch); else each booking citizen at a uniform time in [from, to).
   */
  readonly bookingRequests: { readonly from: number; readonly to: number } | null;
  readonly holds: HoldBehaviour | null;
}

export interface SimulateOptions {
  readonly seed: number;
  readonly days?: number;
}
