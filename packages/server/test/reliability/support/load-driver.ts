/**
 * Load over HTTP against real server processes, as a centre makes it: desks issuing tickets and
 * operators at windows calling, starting and completing as fast as the server answers. Every write
 * carries an Idempotency-Key and is resent with it on 503 (a lost race, the store away) to any
 * server, as a client behind a load balancer would. What the clients were told is kept, so the log
 * can be reconciled with it afterwards.
 */
import { codeOf, send, type Reply } from './http-client.ts';
import type { Acknowledged } from './reconcile.ts';
import { sleep } from './wait.ts';

export interface Tally {
  /** Answers by HTTP status (0: no answer). */
  readonly statuses: Map<number, number>;
  /** Refusals (4xx / 5xx) by code. */
  readonly codes: Map<string, number>;
  requests: number;
  /** Resends of a 503 with the same key. */
  resends: number;
}

export function newTally(): Tally {
  return { statuses: new Map(), codes: new Map(), requests: 0, resends: 0 };
}

const bump = <K>(m: Map<K, number>, k: K, by = 1): void => void m.set(k, (m.get(k) ?? 0) + by);

export function count(tally: Tally, reply: Reply): void {
  tally.requests++;
  bump(tally.statuses, reply.status);
  if (reply.status >= 400) bump(tally.codes, codeOf(reply) || `HTTP ${reply.status}`);
  if (reply.status === 0) bump(tally.codes, 'no answer');
}

export interface Target {
  /** Base URLs of the server processes; each request goes to the next one. */
  readonly servers: readonly string[];
  readonly centre: string;
  /** Prefix of the idempotency keys (unique per run). */
  readonly run: string;
}

class RoundRobin {
  private i: number;
  constructor(
    private readonly servers: readonly string[],
    start: number,
  ) {
    this.i = start;
  }
  next(): string {
    return this.servers[this.i++ % this.servers.length]!;
  }
}

/** POST with a key, resent on 503 (and, when `transportRetries`, on no answer) up to `attempts` times. */
async function write(rr: RoundRobin, tally: Tally, path: string, token: string, key: string, body: unknown, options: { attempts?: number; transportRetries?: boolean } = {}): Promise<Reply> {
  const attempts = options.attempts ?? 100;
  for (let i = 0; ; i++) {
    const reply = await send(rr.next(), { method: 'POST', path, token, key, body });
    count(tally, reply);
    const again = reply.status === 503 || (reply.status === 0 && options.transportRetries === true);
    if (!again || i + 1 >= attempts) return reply;
    tally.resends++;
    if (reply.status === 0) await sleep(20);
  }
}

export interface DeskOptions extends Target {
  readonly token: string;
  readonly tickets: number;
  /** Concurrent desks. */
  readonly desks: number;
  readonly services: readonly string[];
  /** Stop early (a crash test); checked before each ticket. */
  readonly stopped?: () => boolean;
  /** Resend a request that got no answer (default true; a crash test counts it as not acknowledged instead). */
  readonly transportRetries?: boolean;
  /** Sends of one request at most, resends on 503 included (default 100; 1: never resend). */
  readonly attempts?: number;
  /** Citizen ID of ticket i, when tickets should carry one. */
  readonly citizenId?: (i: number) => string | undefined;
  /** Told the running count of acknowledged issues after each one (a crash test kills on it). */
  readonly onAcknowledged?: (count: number) => void;
}

export interface DeskResult {
  readonly acknowledged: Acknowledged[];
  /** Issues that got no 2xx answer (refused, or no answer): what to resend, and the last status. */
  readonly unacknowledged: { readonly key: string; readonly body: object; readonly status: number }[];
  readonly tally: Tally;
}

/** Issues `tickets` walk-ins from `desks` concurrent desks. */
export async function runDesks(o: DeskOptions): Promise<DeskResult> {
  const acknowledged: Acknowledged[] = [];
  const tally = newTally();
  let nextTicket = 0;
  const unacknowledged: DeskResult['unacknowledged'] = [];
  await Promise.all(
    Array.from({ length: o.desks }, async (_, d) => {
      const rr = new RoundRobin(o.servers, d);
      while (nextTicket < o.tickets && !(o.stopped?.() ?? false)) {
        const i = nextTicket++;
        const citizenId = o.citizenId?.(i);
        const body = { service: o.services[i % o.services.length]!, ...(citizenId ? { citizenId } : {}) };
        const key = `${o.run}-issue-${i}`;
        const reply = await write(rr, tally, `/api/centres/${o.centre}/tickets`, o.token, key, body, { transportRetries: o.transportRetries ?? true, attempts: o.attempts ?? 100 });
        if (reply.status === 201) {
          const slip = reply.body as { ticket: number; number: string; token: string };
          acknowledged.push({ ticket: slip.ticket, number: slip.number, token: slip.token });
          o.onAcknowledged?.(acknowledged.length);
        } else unacknowledged.push({ key, body, status: reply.status });
      }
    }),
  );
  return { acknowledged, unacknowledged, tally };
}

export interface WindowOptions extends Target {
  readonly windows: readonly number[];
  readonly token: (window: number) => string;
  /** True once no more tickets will be issued: a window that then finds nobody stops. */
  readonly issuingDone: () => boolean;
  /** Pause of an idle window before it asks again. Default 5 ms. */
  readonly idleMs?: number;
  /** Hard stop (bounded runs). */
  readonly stopped?: () => boolean;
}

export interface WindowResult {
  /** Tickets each window called, in order. */
  readonly called: Map<number, number[]>;
  readonly completed: number;
  /** Steps that did not answer 200 after resends: `window step status code`. */
  readonly failures: string[];
  readonly tally: Tally;
}

/** Operators open their windows and call, start and complete until the queue is empty and issuing has ended. */
export async function runWindows(o: WindowOptions): Promise<WindowResult> {
  const called = new Map<number, number[]>();
  const failures: string[] = [];
  const tally = newTally();
  let completed = 0;
  await Promise.all(
    o.windows.map(async (w, i) => {
      const rr = new RoundRobin(o.servers, i);
      const base = `/api/centres/${o.centre}/windows/${w}`;
      const token = o.token(w);
      const mine: number[] = [];
      called.set(w, mine);
      const step = async (action: string, n: number, body: unknown = {}): Promise<Reply | null> => {
        const reply = await write(rr, tally, `${base}/${action}`, token, `${o.run}-w${w}-${action}-${n}`, body);
        if (reply.status === 200) return reply;
        failures.push(`window ${w} ${action} #${n}: ${reply.status} ${codeOf(reply)}`);
        return null;
      };
      const opened = await write(rr, tally, `${base}/open`, token, `${o.run}-w${w}-open`, {});
      if (opened.status !== 200 && codeOf(opened) !== 'SRV_ERR_STATE_CONFLICT') failures.push(`window ${w} open: ${opened.status} ${codeOf(opened)}`);
      for (let n = 0; !(o.stopped?.() ?? false); n++) {
        const done = o.issuingDone();
        const call = await step('call-next', n);
        if (!call) break;
        const ticket = (call.body as { ticket: number | null }).ticket;
        if (ticket === null) {
          if (done) break;
          await sleep(o.idleMs ?? 5);
          continue;
        }
        mine.push(ticket);
        if (!(await step('start', n))) break;
        if (!(await step('complete', n, { rating: 1 + (ticket % 5) }))) break;
        completed++;
      }
    }),
  );
  return { called, completed, failures, tally };
}

/** Adds the counts of `b` into `a`. */
export function merge(a: Tally, b: Tally): Tally {
  for (const [k, v] of b.statuses) bump(a.statuses, k, v);
  for (const [k, v] of b.codes) bump(a.codes, k, v);
  a.requests += b.requests;
  a.resends += b.resends;
  return a;
}
