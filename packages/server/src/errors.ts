/**
 * The one catalogue of refusals the server can give: a stable code, an HTTP status and a message
 * template. Engine refusals (QC_ERR_*) are mapped to a server code here, once (`ENGINE_TO_SERVER`
 * is exhaustive over the engine's catalogue, so a new engine code fails the typecheck until it is
 * mapped). Every code is listed in packages/server/README.md; a test keeps the two in step.
 *
 * Expected refusals are answers (`ServerError` carried to the error handler); bugs throw anything else
 * and become SRV_ERR_INTERNAL without details.
 */
import type { ErrorCode } from '@asan/queue-core';

export const SRV_ERRORS = {
  // request shape and transport
  SRV_ERR_BAD_REQUEST: { status: 400, message: 'Request is malformed: {reason}' },
  SRV_ERR_BAD_IDEMPOTENCY_KEY: { status: 400, message: 'Idempotency-Key must be 1–128 characters of letters, digits, ".", "_", ":" or "-"' },
  SRV_ERR_BODY_TOO_LARGE: { status: 413, message: 'Request body is larger than {limit} bytes' },
  SRV_ERR_HEADERS_TOO_LARGE: { status: 431, message: 'Request line and headers are larger than {limit} bytes' },
  SRV_ERR_REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time' },
  SRV_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Content type {contentType} is not supported; send application/json' },
  SRV_ERR_NOT_FOUND: { status: 404, message: 'No route {method} {url}' },
  SRV_ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'Method {method} is not allowed on {url}; allowed: {allow}' },
  SRV_ERR_RATE_LIMITED: { status: 429, message: 'Too many requests; retry in {retryAfterS} s' },
  SRV_ERR_TOO_MANY_STREAMS: { status: 429, message: 'This address has {limit} live streams open, the most it may (http.liveMaxStreamsPerAddress); close one and retry' },

  // who may do what
  SRV_ERR_UNAUTHORIZED: { status: 401, message: 'A bearer token is required for this route' },
  SRV_ERR_BAD_TOKEN: { status: 401, message: 'The bearer token is not known' },
  SRV_ERR_FORBIDDEN: { status: 403, message: 'Role {role} cannot {action}' },
  SRV_ERR_WRONG_WINDOW: { status: 403, message: 'This operator token is bound to window {bound} of {boundCentre}, not window {window} of {centre}' },

  // lookups of the server's own ids
  SRV_ERR_UNKNOWN_CENTRE: { status: 404, message: 'Unknown centre {centre}' },
  SRV_ERR_UNKNOWN_PUBLIC_TOKEN: { status: 404, message: 'No ticket or hold has this token' },
  SRV_ERR_TICKET_ARCHIVED: { status: 410, message: 'This ticket is finished and its details are no longer kept' },

  // idempotency and concurrency
  SRV_ERR_IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'Idempotency key {key} was already used for a different request' },
  SRV_ERR_IDEMPOTENCY_KEY_EXPIRED: {
    status: 422,
    message: 'Idempotency key {key} was used by a request whose answer is no longer kept (see idempotencyTtlHours); nothing was done again. Send a new key for a new request',
  },
  SRV_ERR_CONFLICT: { status: 503, message: 'Centre {centre} is too busy: {attempts} attempts lost the race to append; retry' },
  SRV_ERR_STORE_UNAVAILABLE: { status: 503, message: 'The event store is unavailable: {reason}' },
  SRV_ERR_OVERLOADED: { status: 503, message: 'Centre {centre} has {queued} requests waiting (the limit); retry in {retryAfterS} s' },
  SRV_ERR_SHUTTING_DOWN: { status: 503, message: 'The server is shutting down; retry on another instance' },
  SRV_ERR_NOT_READY: { status: 503, message: 'The server is not ready: {reason}' },

  // configuration (thrown at start-up, never answered over HTTP)
  SRV_ERR_CONFIG_INVALID: { status: 500, message: 'Server configuration is invalid: {problems}' },
  SRV_ERR_CONFIG_FILE: { status: 500, message: 'Cannot read configuration file {file}: {reason}' },
  SRV_ERR_BAD_ARGUMENT: { status: 500, message: 'Bad command-line argument: {reason}' },
  SRV_ERR_START_FAILED: { status: 500, message: 'The server could not start: {reason}' },
  SRV_ERR_INTERNAL: { status: 500, message: 'Internal error; see the server log ({requestId})' },

  // engine refusals, by HTTP meaning
  SRV_ERR_INVALID_COMMAND: { status: 422, message: '{engineMessage}' },
  SRV_ERR_UNKNOWN_ENTITY: { status: 404, message: '{engineMessage}' },
  SRV_ERR_STATE_CONFLICT: { status: 409, message: '{engineMessage}' },
  SRV_ERR_BOOKING_REFUSED: { status: 422, message: '{engineMessage}' },
  SRV_ERR_CENTRE_CLOSED: { status: 409, message: '{engineMessage}' },
} as const;

export type SrvCode = keyof typeof SRV_ERRORS;

/** Every engine refusal, mapped once to a server code (and so an HTTP status). */
export const ENGINE_TO_SERVER: { readonly [C in ErrorCode]: SrvCode } = {
  QC_ERR_CONFIG_INVALID: 'SRV_ERR_CONFIG_INVALID',
  QC_ERR_SNAPSHOT_MISMATCH: 'SRV_ERR_INTERNAL', // thrown at start-up (the host then replays the log), never a refusal
  QC_ERR_BAD_COMMAND: 'SRV_ERR_INVALID_COMMAND',
  QC_ERR_BAD_TIME: 'SRV_ERR_INTERNAL',
  QC_ERR_IDEMPOTENCY_KEY_REUSED: 'SRV_ERR_IDEMPOTENCY_KEY_REUSED',
  QC_ERR_UNKNOWN_SERVICE: 'SRV_ERR_UNKNOWN_ENTITY',
  QC_ERR_UNKNOWN_CLASS: 'SRV_ERR_UNKNOWN_ENTITY',
  QC_ERR_UNKNOWN_WINDOW: 'SRV_ERR_UNKNOWN_ENTITY',
  QC_ERR_UNKNOWN_TICKET: 'SRV_ERR_UNKNOWN_ENTITY',
  QC_ERR_UNKNOWN_HOLD: 'SRV_ERR_UNKNOWN_ENTITY',
  QC_ERR_UNKNOWN_STOP: 'SRV_ERR_UNKNOWN_ENTITY',
  QC_ERR_CENTRE_CLOSED: 'SRV_ERR_CENTRE_CLOSED',
  QC_ERR_NO_WINDOW_FOR_SERVICE: 'SRV_ERR_INVALID_COMMAND',
  QC_ERR_WINDOW_CLOSED: 'SRV_ERR_STATE_CONFLICT',
  QC_ERR_WINDOW_BUSY: 'SRV_ERR_STATE_CONFLICT',
  QC_ERR_WINDOW_IDLE: 'SRV_ERR_STATE_CONFLICT',
  QC_ERR_WINDOW_STATE: 'SRV_ERR_STATE_CONFLICT',
  QC_ERR_TICKET_STATE: 'SRV_ERR_STATE_CONFLICT',
  QC_ERR_TICKET_HELD_ELSEWHERE: 'SRV_ERR_STATE_CONFLICT',
  QC_ERR_SAME_SERVICE: 'SRV_ERR_STATE_CONFLICT',
  QC_ERR_BAD_RATING: 'SRV_ERR_INVALID_COMMAND',
  QC_ERR_NOT_BOOKABLE: 'SRV_ERR_BOOKING_REFUSED',
  QC_ERR_OUTSIDE_HORIZON: 'SRV_ERR_BOOKING_REFUSED',
  QC_ERR_BAD_SLOT: 'SRV_ERR_BOOKING_REFUSED',
  QC_ERR_SLOT_FULL: 'SRV_ERR_BOOKING_REFUSED',
  QC_ERR_BOOKING_LIMIT: 'SRV_ERR_BOOKING_REFUSED',
  QC_ERR_HOLD_MISMATCH: 'SRV_ERR_BOOKING_REFUSED',
  QC_ERR_CHECKIN_TOO_EARLY: 'SRV_ERR_STATE_CONFLICT',
  QC_ERR_BOOKING_EXPIRED: 'SRV_ERR_STATE_CONFLICT',
};

/** Engine details that may carry personal data and never leave the server. */
const PRIVATE_DETAILS = new Set(['citizen', 'name']);

/** A refusal: carried to the error handler, answered as `{ code, message, details }`. */
export class ServerError extends Error {
  readonly status: number;
  constructor(
    readonly code: SrvCode,
    readonly details: Readonly<Record<string, unknown>> = {},
    /** The engine code behind it, when the engine refused. */
    readonly engineCode?: ErrorCode,
  ) {
    super(fill(SRV_ERRORS[code].message, details));
    this.name = 'ServerError';
    this.status = SRV_ERRORS[code].status;
  }

  toBody(): { code: SrvCode; message: string; details: Record<string, unknown>; engineCode?: ErrorCode } {
    const details = Object.fromEntries(Object.entries(this.details).filter(([k]) => !PRIVATE_DETAILS.has(k) && k !== 'engineMessage'));
    return { code: this.code, message: this.message, details, ...(this.engineCode ? { engineCode: this.engineCode } : {}) };
  }
}

export function fromEngine(error: { code: ErrorCode; message: string; details: Readonly<Record<string, unknown>> }): ServerError {
  return new ServerError(ENGINE_TO_SERVER[error.code], { ...error.details, engineMessage: error.message }, error.code);
}

function fill(template: string, details: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = details[name];
    return v === undefined ? `{${name}}` : typeof v === 'string' ? v : JSON.stringify(v);
  });
}
