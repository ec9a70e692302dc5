/**
 * The JSON of a ticket slip (schemas.ts `ticketSlip`), written directly — byte for byte what
 * Fastify's serializer (fast-json-stringify) writes for it, at about a third of its CPU (~0.65 vs
 * ~1.7 µs in a scratch loop here): the slip's `windows` are the engine's frozen list of the
 * service's windows, the same array for every ticket of a service, so their JSON is written once
 * per list and reused; the other fields are a few strings and numbers.
 *
 * Only for slips of the expected shape: every number finite (integers where the schema says
 * integer), the strings strings, the window list frozen with frozen entries. Anything else gives
 * `undefined` and the caller lets Fastify serialize the object as before (an answer replayed from
 * the store, whose window list is a fresh array, for instance). test/slip-json.test.ts compares the
 * two on random slips.
 */
import type { TicketSlip } from '@asan/queue-core';

export interface SlipBody {
  token: string;
  ticket: number;
  number: string;
  service: string;
  windows: TicketSlip['windows'];
  peopleAhead: number;
  eta: TicketSlip['eta'];
  late?: boolean;
  callableAt?: number;
}

/** The JSON of each frozen window list seen (entries frozen too: they cannot change). */
const windowsJson = new WeakMap<readonly object[], string>();

function windowsOf(windows: TicketSlip['windows']): string | undefined {
  const known = windowsJson.get(windows);
  if (known !== undefined) return known;
  if (!Array.isArray(windows) || !Object.isFrozen(windows)) return undefined;
  let json = '[';
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    if (w === null || typeof w !== 'object' || !Object.isFrozen(w) || !Number.isInteger(w.number) || !Number.isInteger(w.floor)) return undefined;
    json += `${i === 0 ? '' : ','}{"number":${w.number},"floor":${w.floor}}`;
  }
  json += ']';
  windowsJson.set(windows, json);
  return json;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The slip's JSON as Fastify would write it, or undefined when it is not of the shape written here. */
export function slipJson(body: SlipBody): string | undefined {
  const length = writeSlip(body);
  // One flat string of the bytes written (latin1 = ASCII here): Node writes it after the response
  // head without walking a tree of concatenated pieces, and no number is formatted as a string.
  if (length > 0) return scratch.toString('latin1', 0, length);
  return concatSlipJson(body);
}

/** slipJson for any slip of the shape: concatenated strings (any characters, escaped by JSON.stringify). */
function concatSlipJson(body: SlipBody): string | undefined {
  const { token, ticket, number, service, peopleAhead, eta, late, callableAt } = body;
  if (typeof token !== 'string' || typeof number !== 'string' || typeof service !== 'string' || !Number.isInteger(ticket) || !Number.isInteger(peopleAhead)) return undefined;
  const windows = windowsOf(body.windows);
  if (windows === undefined) return undefined;
  let etaJson: string;
  if (eta === null) etaJson = 'null';
  else if (typeof eta === 'object' && finite(eta.p50Ms) && finite(eta.p90Ms) && finite(eta.p50At) && finite(eta.p90At)) {
    etaJson = `{"p50Ms":${eta.p50Ms},"p90Ms":${eta.p90Ms},"p50At":${eta.p50At},"p90At":${eta.p90At}}`;
  } else return undefined;
  let json = `{"token":${JSON.stringify(token)},"ticket":${ticket},"number":${JSON.stringify(number)},"service":${JSON.stringify(service)},"windows":${windows},"peopleAhead":${peopleAhead},"eta":${etaJson}`;
  if (late !== undefined) {
    if (typeof late !== 'boolean') return undefined;
    json += `,"late":${late}`;
  }
  if (callableAt !== undefined) {
    if (!finite(callableAt)) return undefined;
    json += `,"callableAt":${callableAt}`;
  }
  return `${json}}`;
}

/**
 * Writes the slip's JSON into `scratch` as bytes, and returns its length: only when every string is
 * plain ASCII that JSON writes as it is (0x20–0x7e except `"` and `\`: the public token, the ticket
 * number and the service id of every usual slip) and the slip has slipJson's shape; otherwise -1
 * (slipJson then concatenates strings). Numbers are written as JavaScript writes them (integers
 * digit by digit, others through String). test/slip-json.test.ts compares slipJson with Fastify's
 * serializer on random slips (both paths) and on numbers at the digit writer's edges.
 */
function writeSlip(body: SlipBody): number {
  const { token, ticket, number, service, peopleAhead, eta, late, callableAt } = body;
  if (!Number.isInteger(ticket) || !Number.isInteger(peopleAhead)) return -1;
  const windows = windowsBytesOf(body.windows);
  if (windows === undefined) return -1;
  if (eta !== null && (typeof eta !== 'object' || !finite(eta.p50Ms) || !finite(eta.p90Ms) || !finite(eta.p50At) || !finite(eta.p90At))) return -1;
  if (late !== undefined && typeof late !== 'boolean') return -1;
  if (callableAt !== undefined && !finite(callableAt)) return -1;
  if (typeof token !== 'string' || typeof number !== 'string' || typeof service !== 'string') return -1;
  // Room for the fixed parts (~160 bytes), seven numbers (≤ 24 bytes each: String of a double) and
  // the strings (written only while plain ASCII: one byte a character). Typed-array stores past the
  // end would be dropped silently, so the room is never short.
  const room = 512 + windows.length + token.length + number.length + service.length;
  if (scratch.length < room) scratch = Buffer.allocUnsafe(Math.max(room, scratch.length * 2));
  const b = scratch;
  let p = put(b, 0, TOKEN);
  if ((p = plain(b, p, token)) < 0) return -1;
  p = put(b, p, TICKET);
  p = num(b, p, ticket);
  p = put(b, p, NUMBER);
  if ((p = plain(b, p, number)) < 0) return -1;
  p = put(b, p, SERVICE);
  if ((p = plain(b, p, service)) < 0) return -1;
  p = put(b, p, WINDOWS);
  p += windows.copy(b, p);
  p = put(b, p, PEOPLE_AHEAD);
  p = num(b, p, peopleAhead);
  if (eta === null) p = put(b, p, ETA_NULL);
  else {
    p = put(b, p, P50_MS);
    p = num(b, p, eta.p50Ms);
    p = put(b, p, P90_MS);
    p = num(b, p, eta.p90Ms);
    p = put(b, p, P50_AT);
    p = num(b, p, eta.p50At);
    p = put(b, p, P90_AT);
    p = num(b, p, eta.p90At);
    b[p++] = 0x7d; // }
  }
  if (late !== undefined) p = put(b, p, late ? LATE_TRUE : LATE_FALSE);
  if (callableAt !== undefined) {
    p = put(b, p, CALLABLE_AT);
    p = num(b, p, callableAt);
  }
  b[p++] = 0x7d; // }
  return p;
}

/** The fixed parts of a slip's JSON, as bytes. */
const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const TOKEN = bytes('{"token":"');
const TICKET = bytes('","ticket":');
const NUMBER = bytes(',"number":"');
const SERVICE = bytes('","service":"');
const WINDOWS = bytes('","windows":');
const PEOPLE_AHEAD = bytes(',"peopleAhead":');
const ETA_NULL = bytes(',"eta":null');
const P50_MS = bytes(',"eta":{"p50Ms":');
const P90_MS = bytes(',"p90Ms":');
const P50_AT = bytes(',"p50At":');
const P90_AT = bytes(',"p90At":');
const LATE_TRUE = bytes(',"late":true');
const LATE_FALSE = bytes(',"late":false');
const CALLABLE_AT = bytes(',"callableAt":');

/** Scratch space of writeSlip (one slip at a time: slipJson copies it out as a string at once). */
let scratch = Buffer.allocUnsafe(2048);

/** The bytes of each frozen window list's JSON (the list and its entries cannot change). */
const windowsBytes = new WeakMap<readonly object[], Buffer>();

function windowsBytesOf(windows: TicketSlip['windows']): Buffer | undefined {
  const known = windowsBytes.get(windows);
  if (known !== undefined) return known;
  const json = windowsOf(windows);
  if (json === undefined) return undefined;
  const out = Buffer.from(json, 'latin1'); // digits, brackets and field names only
  windowsBytes.set(windows, out);
  return out;
}

/** Copies fixed bytes; returns the new position. */
function put(b: Buffer, p: number, part: Uint8Array): number {
  for (let i = 0; i < part.length; i++) b[p + i] = part[i]!;
  return p + part.length;
}

/** Writes a string JSON writes as it is (0x20–0x7e except `"` and `\`); -1 when it is anything else. */
function plain(b: Buffer, p: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return -1;
    b[p++] = c;
  }
  return p;
}

/** Writes a finite number as JavaScript (and JSON) writes it. */
function num(b: Buffer, p: number, x: number): number {
  if (!Number.isSafeInteger(x)) {
    const text = String(x); // ASCII: digits, sign, point, exponent
    for (let i = 0; i < text.length; i++) b[p++] = text.charCodeAt(i);
    return p;
  }
  if (x < 0) {
    b[p++] = 0x2d; // -
    x = -x;
  }
  if (x < 1e8) return digits(b, p, x | 0, 0); // also -0, written 0 as JavaScript does
  // Up to 2^53: the high part (< 10^8 · 2^53 / 10^16) and the low 8 digits, each a small integer.
  const low = x % 1e8;
  p = digits(b, p, (x - low) / 1e8, 0);
  return digits(b, p, low, 8);
}

/** Writes a non-negative integer below 2^31 in decimal, left-padded with zeros to `width` digits. */
function digits(b: Buffer, p: number, v: number, width: number): number {
  let n = 1;
  for (let t = v; t >= 10; t = (t / 10) | 0) n++;
  if (n < width) n = width;
  for (let i = p + n - 1; i >= p; i--) {
    b[i] = 0x30 + (v % 10);
    v = (v / 10) | 0;
  }
  return p + n;
}
