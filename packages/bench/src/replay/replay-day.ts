/**
 * Sends a recorded day's commands to a server over HTTP, in order on one connection with up to
 * `window` requests pipelined (1: each waits for the previous answer), each with the simulator's
 * `now` in `x-asan-now` (the server's replay clock decides each write at its own time). As fast as
 * the server answers, or
 * paced at `speed` × real time over the centre's active span (from the first arrival to the last
 * command other than a tick; commands outside it are sent at once). Every answer is checked
 * against the simulator's.
 */
import { isDeepStrictEqual } from 'node:util';
import { spread, type Spread } from '../lib/stats.ts';
import { PipelinedClient } from './pipelined-client.ts';
import { CommandMapper } from './http-commands.ts';
import type { RecordedCommand } from './record-day.ts';

export interface ActiveSpan {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface DayReplay {
  readonly speed: number | null;
  readonly window: number;
  readonly commands: number;
  readonly wallS: number;
  readonly commandsPerSec: number;
  /** Simulated active span ÷ wall time of the whole replay. */
  readonly speedUp: number;
  /** Paced runs: how late each command of the active span was sent (ms). */
  readonly lagMs: Spread | null;
  readonly lagP99Ms: number | null;
  readonly maxLagMs: number | null;
  readonly mismatches: number;
  readonly firstMismatches: readonly string[];
  /** Day statistics compared just before each end of day (where the simulator's day ended). */
  readonly dayEndChecks: readonly { readonly at: string; readonly equal: boolean; readonly server: unknown }[];
}

export function activeSpan(commands: readonly RecordedCommand[]): ActiveSpan {
  const arrivals = commands.filter((c) => c.cmd.type === 'issueWalkIn' || c.cmd.type === 'checkIn');
  const work = commands.filter((c) => c.cmd.type !== 'tick');
  if (arrivals.length === 0 || work.length === 0) throw new Error('the recorded day has no arrivals');
  return { fromMs: arrivals[0]!.cmd.now, toMs: work[work.length - 1]!.cmd.now };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function replayDay(url: string, centre: string, adminToken: string, commands: readonly RecordedCommand[], speed: number | null, window: number): Promise<DayReplay> {
  const client = new PipelinedClient(url, window);
  const mapper = new CommandMapper(centre);
  const span = activeSpan(commands);
  const lags: number[] = [];
  const firstMismatches: string[] = [];
  const dayEndChecks: { at: string; equal: boolean; server: unknown }[] = [];
  const checks: Promise<void>[] = [];
  let mismatches = 0;
  const auth = `Bearer ${adminToken}`;
  const differ = (i: number, now: number, diff: string | null) => {
    if (diff === null) return;
    mismatches++;
    if (firstMismatches.length < 20) firstMismatches.push(`#${i} at ${new Date(now).toISOString()}: ${diff}`);
  };
  try {
    const t0 = performance.now();
    for (let i = 0; i < commands.length; i++) {
      const rec = commands[i]!;
      const now = rec.cmd.now;
      if (speed !== null && now >= span.fromMs && now <= span.toMs) {
        const due = t0 + (now - span.fromMs) / speed;
        const wait = due - performance.now();
        if (wait >= 1) await sleep(wait);
        lags.push(Math.max(0, performance.now() - due));
      }
      // A check-in needs its booking's token, and the end-of-day checkpoint every answer before it.
      if ((rec.cmd.type === 'checkIn' && !mapper.knows(rec.cmd.ticket)) || rec.statsBeforeDayEnd) await client.drain();
      if (rec.statsBeforeDayEnd) {
        const server = await serverDayStats(client, centre, adminToken);
        dayEndChecks.push({ at: new Date(now).toISOString(), equal: isDeepStrictEqual(server, rec.statsBeforeDayEnd), server });
      }
      const call = mapper.call(rec.cmd);
      const { answer } = await client.send(call.method, call.path, { authorization: auth, 'x-asan-now': String(now) }, call.body);
      checks.push(answer.then((a) => differ(i, now, mapper.check(rec, a))));
    }
    await client.drain();
    await Promise.all(checks);
    const wallS = (performance.now() - t0) / 1000;
    return {
      speed,
      window,
      commands: commands.length,
      wallS,
      commandsPerSec: commands.length / wallS,
      speedUp: (span.toMs - span.fromMs) / 1000 / wallS,
      lagMs: lags.length > 0 ? spread(lags) : null,
      lagP99Ms: lags.length > 0 ? [...lags].sort((a, b) => a - b)[Math.min(lags.length - 1, Math.floor(lags.length * 0.99))]! : null,
      maxLagMs: lags.length > 0 ? lags.reduce((a, b) => Math.max(a, b)) : null,
      mismatches,
      firstMismatches,
      dayEndChecks,
    };
  } finally {
    client.close();
  }
}

/** The server's day statistics (GET …/stats/day with the admin token), after every answer before it. */
export async function serverDayStats(client: PipelinedClient, centre: string, adminToken: string): Promise<unknown> {
  await client.drain();
  const a = await (await client.send('GET', `/api/centres/${centre}/stats/day`, { authorization: `Bearer ${adminToken}` })).answer;
  if (a.status !== 200) throw new Error(`stats/day answered ${a.status}: ${JSON.stringify(a.body)}`);
  return a.body;
}
