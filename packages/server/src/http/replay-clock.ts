/**
 * A clock for replays and benchmarks only (`--clock replay`, off by default). Time does not pass by
 * itself: a request with an admin token may set it with the header `x-asan-now: <epoch ms>` (a
 * fraction allowed: simulated times are continuous) before
 * the request runs, and every command and read takes `now` from it. This lets a recorded day (the
 * simulator's command stream) be replayed over HTTP, as fast as the server goes, with exactly the
 * `now` values it was recorded with — so the server's day statistics can be compared with the
 * simulator's. Time never goes back (a smaller value is refused). Requests that set the time must be
 * sent one after another (each after the previous answer): the clock is one value for the process.
 * A write takes the time its own request set (so a replay may pipeline its requests on one
 * connection: commands queued on a busy centre are decided later, in order, each at its own time).
 * With this clock the server runs no time-driven jobs: the replay sends its own `tick`s.
 */
import type { FastifyInstance } from 'fastify';
import { ServerError } from '../errors.ts';
import type { AppContext } from './context.ts';

export const REPLAY_CLOCK_HEADER = 'x-asan-now';

declare module 'fastify' {
  interface FastifyRequest {
    /** Replay clock only: the time this request set (its write is decided at this time). */
    replayNow?: number;
  }
}

/** Epoch ms, fractions allowed: simulated times are continuous, and a replay must send them exactly (String(ms) round-trips). */
const EPOCH_MS_TEXT = /^\d{1,16}(\.\d{1,12})?$/;

export class ReplayClock {
  constructor(private ms: number) {}

  readonly now = (): number => this.ms;

  /** Moves the clock to `ms`; refuses to go back. */
  set(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new ServerError('SRV_ERR_BAD_REQUEST', { reason: `${REPLAY_CLOCK_HEADER} must be epoch milliseconds` });
    if (ms < this.ms) throw new ServerError('SRV_ERR_BAD_REQUEST', { reason: `${REPLAY_CLOCK_HEADER} ${ms} is before the clock (${this.ms}): time does not go back` });
    this.ms = ms;
  }
}

/** Lets admin requests set the replay clock with the `x-asan-now` header. */
export function installReplayClock(app: FastifyInstance, ctx: AppContext, clock: ReplayClock): void {
  app.addHook('onRequest', async (req) => {
    const header = req.headers[REPLAY_CLOCK_HEADER];
    if (header === undefined) return;
    const p = ctx.auth.principal(req);
    if (p?.role !== 'admin') throw new ServerError('SRV_ERR_FORBIDDEN', { role: p?.role ?? 'public', action: 'set the replay clock' });
    if (typeof header !== 'string' || !EPOCH_MS_TEXT.test(header)) throw new ServerError('SRV_ERR_BAD_REQUEST', { reason: `${REPLAY_CLOCK_HEADER} must be epoch milliseconds` });
    const ms = Number(header);
    clock.set(ms);
    req.replayNow = ms;
  });
}
