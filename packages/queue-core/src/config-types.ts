import type { Weekday } from './time.ts';

/** Opening hours of one day, local time 'HH:MM'. */
export interface HoursInput {
  open: string;
  close: string;
}

export interface AgencyInput {
  id: string;
  name?: string;
  kind: 'public' | 'private';
}

export interface ServiceInput {
  id: string;
  name?: string;
  agency: string;
  /** Ticket prefix, e.g. 'A' → tickets A001, A002, … (1–3 capital letters). */
  prefix: string;
  /** Mean handle time in minutes: the starting point of the ETA estimate. */
  meanHandleMin: number;
  /** The citizen must pay at the bank desk before the service can be finished. */
  needsPayment?: boolean;
  /** Can be booked online. Default true. */
  bookable?: boolean;
  /** Booking slot length in minutes. Default 15. */
  slotMin?: number;
}

export interface BreakInput {
  start: string;
  end: string;
}

export interface ShiftInput {
  /** Weekdays this shift applies to; default every day. */
  days?: Weekday[];
  start: string;
  end: string;
  breaks?: BreakInput[];
}

export interface WindowInput {
  number: number;
  floor: number;
  agency: string;
  services: string[];
  /** The roster: `tick` opens, closes and pauses the window at these times. */
  shifts?: ShiftInput[];
}

export interface ClassInput {
  id: string;
  label?: string;
  /** Lower rank wins ties on the due date (priority 0, general 1). */
  rank: number;
  /** Wait target in minutes: a walk-in issued at a is due at a + target. */
  targetMin: number;
}

export interface BookingRulesInput {
  /** First bookable day, in days after today. Default 1 (tomorrow). */
  minDaysAhead?: number;
  /** Last bookable day, in days after today. Default 7. */
  horizonDays?: number;
  /** Check-in opens this many minutes before the slot (E). Default 30. */
  checkInEarlyMin?: number;
  /** Check-in on time until this many minutes after the slot (L). Default 10. */
  checkInLateMin?: number;
  /** A checked-in booking becomes callable this many minutes before its slot (E_call). Default 5. */
  callableBeforeMin?: number;
  /** After the slot + this many minutes the booking expires; between L and this, check-in makes a walk-in. Default 60. */
  expireAfterMin?: number;
  /** Bookings (and live holds) per slot and service. Default 2. */
  capacityPerSlot?: number;
  /** Active bookings plus holds per citizen. Default 3. */
  maxActivePerCitizen?: number;
  /** Active bookings per citizen, service and day. Default 1. */
  maxPerServicePerDay?: number;
  /** A hold is released if not confirmed within this many minutes. Default 10. */
  holdTtlMin?: number;
}

export interface StopInput {
  id: string;
  /** Local date 'YYYY-MM-DD'. */
  date: string;
  place: string;
  open: string;
  close: string;
}

export type PolicyName = 'edd' | 'strict-priority' | 'fifo';

export interface CentreInput {
  id: string;
  name?: string;
  /** 'fixed' (opening hours per weekday) or 'mobile' (a bus with a timetable of stops). */
  kind?: 'fixed' | 'mobile';
  /** Minutes east of UTC. Default 240 (Baku). */
  utcOffsetMin?: number;
  /** Per weekday; null = closed. Default 10:00–20:00 Mon–Fri, 10:00–17:00 Sat–Sun. */
  openingHours?: Partial<Record<Weekday, HoursInput | null>>;
  /** Mobile centres only: where the bus is, and when. */
  timetable?: StopInput[];
  agencies: AgencyInput[];
  services: ServiceInput[];
  windows: WindowInput[];
  /** Default: priority (rank 0, 10 min) and general (rank 1, 30 min). */
  classes?: ClassInput[];
  /** Class of a walk-in when none is given. Default 'general'. */
  defaultClass?: string;
  /** Call-next policy. Default 'edd'. */
  policy?: PolicyName;
  booking?: BookingRulesInput;
  /** Back from the bank or transferred at t: due = min(due, t + returnTargetMin). Default 5. */
  returnTargetMin?: number;
  /** A ticket can be called this many times in all; the next miss is a no-show. Default 3. */
  callCountMax?: number;
  /** `tick` recalls a called ticket not started within this many minutes; null = manual only. Default 3. */
  recallTimeoutMin?: number | null;
  /** `tick` ends the day (leftovers cancelled, windows closed) this many minutes after closing. Default 240. */
  endOfDayGraceMin?: number;
  /** Calls kept for the board. Default 20. */
  boardSize?: number;
  /**
   * A finished ticket (done, no-show, cancelled, expired) can be looked up until this many newer
   * tickets have been issued; then it is archived (the event log keeps it) and its memory reused.
   * Tickets still waiting, booked or at a window are never archived. Default 20,000 (about a week
   * of a large centre); 100 to 10,000,000.
   */
  keepFinishedTickets?: number;
  /**
   * An idempotency key stays known (a repeat emits nothing) for this many days after the day of its
   * command; then it is forgotten and the same key starts a new command. Days are the centre's
   * local days with events. Default 30; 1 to 3,650.
   */
  keepIdempotencyKeysDays?: number;
  /** Weight of the newest handle time in the smoothed mean used by ETAs. Default 0.1. */
  etaSmoothing?: number;
}
