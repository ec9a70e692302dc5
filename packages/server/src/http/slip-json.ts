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
