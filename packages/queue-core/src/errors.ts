/**
 * The one catalogue of refusals the engine can give. A refusal is a result, not an exception:
 * commands return `{ ok: false, error }` and change nothing. Bugs (broken invariants) throw.
 *
 * Every code here is listed in packages/queue-core/README.md; a test keeps the two in step.
 */
export const ERRORS = {
  // configuration (thrown by createConfig as one ConfigError listing every problem)
  QC_ERR_CONFIG_INVALID: 'Configuration is invalid: {problems}',
  // snapshots (thrown by Centre.restore as a SnapshotMismatchError)
  QC_ERR_SNAPSHOT_MISMATCH: 'Snapshot cannot be restored for centre {centre}: {reason}',

  // command shape
  QC_ERR_BAD_COMMAND: 'Command is malformed: {reason}',
  QC_ERR_BAD_TIME: '`now` must be a time in milliseconds since the epoch (a finite number within ±8.6e15, which a Date can hold), got {now}',
  QC_ERR_IDEMPOTENCY_KEY_REUSED: 'Idempotency key {key} was already used for a different command',

  // lookups
  QC_ERR_UNKNOWN_SERVICE: 'Unknown service {service}',
  QC_ERR_UNKNOWN_CLASS: 'Unknown citizen class {class}',
  QC_ERR_UNKNOWN_WINDOW: 'Unknown window {window}',
  QC_ERR_UNKNOWN_TICKET: 'Unknown ticket {ticket}',
  QC_ERR_UNKNOWN_HOLD: 'Unknown or expired hold {hold}',
  QC_ERR_UNKNOWN_STOP: 'Unknown stop {stop} for this mobile centre',

  // centre and window state
  QC_ERR_CENTRE_CLOSED: 'The centre is closed at this time ({local}); opening hours: {hours}',
  QC_ERR_NO_WINDOW_FOR_SERVICE: 'No window of this centre serves {service}',
  QC_ERR_WINDOW_CLOSED: 'Window {window} is {status}; it must be open for {action}',
  QC_ERR_WINDOW_BUSY: 'Window {window} already holds ticket {ticket}; finish it first',
  QC_ERR_WINDOW_IDLE: 'Window {window} holds no ticket for {action}',
  QC_ERR_WINDOW_STATE: 'Window {window} is {status}; cannot {action}',

  // ticket state
  QC_ERR_TICKET_STATE: 'Ticket {ticket} is {state}; {action} needs {expected}',
  QC_ERR_TICKET_HELD_ELSEWHERE: 'Ticket {ticket} is held by window {holder}; only that window can {action} it',
  QC_ERR_SAME_SERVICE: 'Ticket {ticket} is already for service {service}',
  QC_ERR_BAD_RATING: 'Rating must be an integer from 1 to 5, got {rating}',

  // bookings
  QC_ERR_NOT_BOOKABLE: 'Service {service} cannot be booked online',
  QC_ERR_OUTSIDE_HORIZON: 'Slot {slot} is outside the booking horizon: from {first} to {last}',
  QC_ERR_BAD_SLOT: 'Slot {slot} is not a slot of {service}: {reason}',
  QC_ERR_SLOT_FULL: 'Slot {slot} of {service} is full ({capacity} places)',
  QC_ERR_BOOKING_LIMIT: 'Citizen has reached the booking limit: {reason}',
  QC_ERR_HOLD_MISMATCH: 'Hold {hold} does not match the booking: {reason}',
  QC_ERR_CHECKIN_TOO_EARLY: 'Check-in opens at {opensAt} for the slot at {slot}',
  QC_ERR_BOOKING_EXPIRED: 'Booking {ticket} expired at {expiredAt}; take a walk-in ticket',
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface QueueError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Each catalogue message cut once into literal text and placeholder names: filling it needs no regex. */
const TEMPLATES = new Map<ErrorCode, readonly string[]>(
  (Object.keys(ERRORS) as ErrorCode[]).map((code) => [code, ERRORS[code].split(/\{(\w+)\}/)]),
);

function fill(code: ErrorCode, details: Record<string, unknown>): string {
  const parts = TEMPLATES.get(code)!;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const v = details[name];
    out +=
      v === undefined
        ? Object.hasOwn(details, name) ? 'undefined' : `{${name}}`
        : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : quote(v);
    out += parts[i + 1]!;
  }
  return out;
}

/** A detail as JSON, or as far as it can be written when JSON cannot (a BigInt, a cyclic object): never throws. */
function quote(v: unknown): string {
  try {
    return String(JSON.stringify(v));
  } catch {
    return typeof v === 'bigint' ? String(v) : Object.prototype.toString.call(v);
  }
}

/**
 * A refusal's error: code, message filled from the catalogue, and the details (frozen in place:
 * every call site passes a fresh literal). Plain frozen data, cheap to build — refusals are on hot
 * paths too (a full slot while booking, bad input at the server).
 */
export function queueError(code: ErrorCode, details: Record<string, unknown> = {}): QueueError {
  return Object.freeze({ code, message: fill(code, details), details: Object.freeze(details) });
}

/** One problem found in a configuration: where it is and what to fix. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** Thrown by createConfig: a configuration is a programmer's input, checked once. */
export class ConfigError extends Error {
  readonly code = 'QC_ERR_CONFIG_INVALID' as const;
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      // The catalogue's message ('Configuration is invalid: {problems}'), then one line per problem.
      `QC_ERR_CONFIG_INVALID: ${ERRORS.QC_ERR_CONFIG_INVALID.replace('{problems}', `${problems.length} problem(s)`)}:\n` +
        problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** A broken internal invariant: always a bug in the engine, never a user error. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(`queue-core invariant broken: ${message}`);
    this.name = 'InvariantError';
  }
}

/** A value as it appears in a message: JSON where it has one, else its text (a BigInt as 10n). */
export function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v); // JSON writes NaN and Infinity as null
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
