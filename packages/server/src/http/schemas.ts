/**
 * JSON schemas shared by the routes (params, bodies, answers). Every object is closed
 * (`additionalProperties: false`): unknown fields are refused, and answers can never leak a field
 * by accident (the serializer drops what the schema does not name).
 */

const closed = <P extends Record<string, unknown>>(properties: P, required: readonly (keyof P & string)[] = []) =>
  ({ type: 'object', additionalProperties: false, properties, required: [...required] }) as const;

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] }) as const;

export const ID = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
export const EPOCH_MS = { type: 'number', description: 'milliseconds since the epoch' } as const;
export const ISO_TIME = { type: 'string', minLength: 10, maxLength: 40, description: 'ISO 8601 date-time with offset, e.g. 2026-11-24T10:00:00+04:00' } as const;
/**
 * Spaces are dropped before the keyed hash (security/keyed-hash.ts), so at least three characters
 * other than spaces must remain: an ID of spaces only would be the empty ID, one "person" shared by
 * every citizen who typed one (their bookings counted against each other's limits).
 */
export const CITIZEN_ID = {
  type: 'string',
  minLength: 3,
  maxLength: 32,
  pattern: '^ *(?:[A-Za-z0-9-] *){3,}$',
  description: 'personal ID (e.g. FIN): letters, digits, "-" and spaces, at least 3 characters besides spaces (spaces are ignored); turned into a keyed hash at once, never stored',
} as const;
/**
 * The engine keeps a name of at most 100 UTF-16 code units (queue-core: 'name must be 1–100
 * characters'); the schema's maxLength counts characters (code points), so 51–60 characters outside
 * the Basic Multilingual Plane pass it and would reach the engine's refusal, which names a limit of
 * 100 "characters" to a caller who sent 60. `displayNameProblem` refuses them first, saying why.
 */
export const DISPLAY_NAME_MAX_UNITS = 100;

/** Why a schema-valid display name cannot be kept, or undefined when it can. */
export function displayNameProblem(name: string | undefined): string | undefined {
  if (name === undefined || name.length <= DISPLAY_NAME_MAX_UNITS) return undefined;
  return `name is ${name.length} UTF-16 code units long; at most ${DISPLAY_NAME_MAX_UNITS} (a character outside the Basic Multilingual Plane, such as an emoji, counts as two) — shorten it`;
}

/**
 * No control characters (a board line, not a terminal) and no lone UTF-16 surrogates: the log is
 * msgpack (UTF-8), which has no form for one — it came back as U+FFFD after a restart or on another
 * instance. (Ajv matches patterns with the `u` flag: a lone surrogate is one code point of \p{Cs}.)
 * Not blank (spaces only show nothing), and no bidirectional embeddings, overrides or isolates
 * (U+202A–U+202E, U+2066–U+2069): they reorder the text after them on a public board. Joiners such
 * as ZWNJ, which names in Persian or Arabic script need, are kept.
 */
export const DISPLAY_NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 60,
  pattern: '^(?!\\s*$)[^\\p{Cc}\\p{Cs}\\u202A-\\u202E\\u2066-\\u2069]+$',
  description: `name to show on the board and to the operator (not blank; no control characters, no bidirectional embeddings, overrides or isolates; at most 60 characters and ${DISPLAY_NAME_MAX_UNITS} UTF-16 code units: a character outside the Basic Multilingual Plane, such as an emoji, counts as two)`,
} as const;
export const PUBLIC_TOKEN = { type: 'string', pattern: '^[0-9a-z]{1,11}\\.[A-Za-z0-9_-]{22}$' } as const;

export const centreParams = closed({ centre: ID }, ['centre']);
export const windowParams = closed({ centre: ID, window: { type: 'string', pattern: '^[0-9]{1,5}$' } }, ['centre', 'window']);
export const ticketParams = closed({ centre: ID, ticket: { type: 'string', pattern: '^[0-9]{1,12}$' } }, ['centre', 'ticket']);
export const tokenParams = closed({ centre: ID, token: PUBLIC_TOKEN }, ['centre', 'token']);
export const serviceParams = closed({ centre: ID, service: ID }, ['centre', 'service']);

export const errorBody = {
  $id: 'Error',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'stable SRV_ERR_* code (see README)' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
    engineCode: { type: 'string', description: 'the QC_ERR_* code when the engine refused' },
  },
} as const;

const windowRef = closed({ number: { type: 'integer' }, floor: { type: 'integer' } }, ['number', 'floor']);
export const eta = nullable(closed({ p50Ms: { type: 'number' }, p90Ms: { type: 'number' }, p50At: EPOCH_MS, p90At: EPOCH_MS }, ['p50Ms', 'p90Ms', 'p50At', 'p90At']));

export const ticketSlip = closed(
  {
    token: { ...PUBLIC_TOKEN, description: "the citizen's handle on the ticket: GET /api/centres/{centre}/status/{token}" },
    ticket: { type: 'integer' },
    number: { type: 'string' },
    service: { type: 'string' },
    windows: { type: 'array', items: windowRef },
    peopleAhead: { type: 'integer' },
    eta,
    late: { type: 'boolean' },
    callableAt: EPOCH_MS,
  },
  ['token', 'ticket', 'number', 'service', 'windows', 'peopleAhead', 'eta'],
);

export const ticketStatus = closed(
  {
    number: { type: 'string', description: "display number (A007); '' for a booking not yet checked in" },
    service: { type: 'string' },
    serviceName: { type: 'string' },
    kind: { type: 'string', enum: ['walkin', 'booking'] },
    state: { type: 'string' },
    slot: nullable(EPOCH_MS),
    peopleAhead: nullable({ type: 'integer' }),
    eta,
    window: nullable(windowRef),
    calledAt: nullable(EPOCH_MS),
  },
  ['number', 'service', 'serviceName', 'kind', 'state', 'slot', 'peopleAhead', 'eta', 'window', 'calledAt'],
);

export const loadRow = closed(
  {
    service: { type: 'string' },
    name: { type: 'string' },
    waiting: { type: 'integer' },
    openWindows: { type: 'integer' },
    servedToday: { type: 'integer' },
    meanWaitTodayMin: nullable({ type: 'number' }),
  },
  ['service', 'name', 'waiting', 'openWindows', 'servedToday', 'meanWaitTodayMin'],
);

export const centreLoad = closed(
  {
    centre: { type: 'string' },
    name: { type: 'string' },
    waiting: { type: 'integer' },
    servedToday: { type: 'integer' },
    meanWaitTodayMin: nullable({ type: 'number' }),
    services: { type: 'array', items: loadRow },
  },
  ['centre', 'name', 'waiting', 'servedToday', 'meanWaitTodayMin', 'services'],
);

export const boardEntry = closed(
  {
    at: EPOCH_MS,
    number: { type: 'string' },
    service: { type: 'string' },
    window: { type: 'integer' },
    floor: { type: 'integer' },
    name: { type: 'string', description: 'display name, when one was given' },
    recall: { type: 'boolean' },
  },
  ['at', 'number', 'service', 'window', 'floor', 'recall'],
);

export const windowView = closed(
  {
    number: { type: 'integer' },
    floor: { type: 'integer' },
    agency: { type: 'string' },
    services: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: ['closed', 'open', 'break'] },
    after: nullable({ type: 'string', enum: ['closed', 'break'] }),
    ticket: nullable({ type: 'integer' }),
    ticketNumber: nullable({ type: 'string' }),
    servedToday: { type: 'integer' },
    busyMsToday: { type: 'number' },
  },
  ['number', 'floor', 'agency', 'services', 'status', 'after', 'ticket', 'ticketNumber', 'servedToday', 'busyMsToday'],
);

const statsRow = closed(
  {
    issued: { type: 'integer' },
    called: { type: 'integer' },
    served: { type: 'integer' },
    noShows: { type: 'integer' },
    cancelled: { type: 'integer' },
    meanWaitMin: nullable({ type: 'number' }),
    maxWaitMin: nullable({ type: 'number' }),
    meanRating: nullable({ type: 'number' }),
  },
  ['issued', 'called', 'served', 'noShows', 'cancelled', 'meanWaitMin', 'maxWaitMin', 'meanRating'],
);

export const dayStats = closed(
  {
    date: nullable({ type: 'integer', description: 'local day number (days since 1970-01-01)' }),
    total: statsRow,
    byService: { type: 'object', additionalProperties: statsRow },
    byClass: { type: 'object', additionalProperties: statsRow },
  },
  ['date', 'total', 'byService', 'byClass'],
);

/** Error answers a route can give, referenced by status. */
export function withErrors(responses: Record<number, unknown>, statuses: readonly number[]): Record<number, unknown> {
  const out: Record<number, unknown> = { ...responses };
  for (const s of [400, 404, 500, ...statuses]) out[s] = { $ref: 'Error#' };
  return out;
}

export const WRITE_ERRORS = [401, 403, 409, 413, 415, 422, 429, 503] as const;
/** A public write needs no token (it ignores one): never 401 / 403. */
export const PUBLIC_WRITE_ERRORS = [409, 413, 415, 422, 429, 503] as const;
/** A rate-limited public read. */
export const LIMITED_READ_ERRORS = [429, 503] as const;
export const READ_ERRORS = [503] as const;

export const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', description: 'repeat a write safely: the same key gets the first answer (1–128 of A–Z a–z 0–9 . _ : -)' },
  },
} as const;

export { closed, nullable };
