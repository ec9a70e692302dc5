/**
 * Ours, at library level (no HTTP), through the server's own write path: a `CentreHost` (what the
 * server runs every write route through) on a `RedisStore`, with the server's default settings
 * (append attempts, snapshots every 1,000 events). `inFlight` clients — as many commands in flight
 * as BullMQ gets adds — each send one command at a time to ONE centre with `host.run`, as 50 HTTP
 * connections to one centre would: commands that wait together are decided as a group (in arrival
 * order, each applied in memory at once) and appended in one EVALSHA of the compare-and-append
 * script, and each is answered only after its group's append succeeded (group commit,
 * packages/server/README.md). Not included: HTTP, auth, the answer's JSON and public token, metrics.
 *
 * Two phases, like BullMQ's: issue `tickets` walk-ins, then serve them all. The centre has one
 * agency, 4 services and one window per client serving all 4; in phase 2 client i, at window i + 1,
 * runs call-next, start and complete for each of its tickets (the server's call cycle: one ticket
 * called and its window freed for the next), so one ticket is 4 commands through the host.
 */
import { Centre, type CentreInput, type Command } from '@asan/queue-core';
import { CentreHost, DEFAULTS, jitterBackoff, RedisStore, type Answer } from '@asan/server';
import type { Redis } from 'ioredis';
import { redisCpuSeconds } from '../server/private-redis.ts';
import { phaseOf, type Phase } from './bullmq-cycle.ts';

/** Commands through the host per ticket: issue, call-next, start, complete. */
export const COMMANDS_PER_TICKET = 4;
const SERVICES = ['s0', 's1', 's2', 's3'];
const ALL_DAY = { open: '00:00', close: '24:00' };

export function laneCentre(id: string, utcOffsetMin: number, windows: number): CentreInput {
  return {
    id,
    name: `Centre ${id}`,
    utcOffsetMin,
    openingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    agencies: [{ id: 'a', name: 'Agency', kind: 'public' }],
    services: SERVICES.map((s, i) => ({ id: s, name: s, agency: 'a', prefix: String.fromCharCode(65 + i), meanHandleMin: 6 })),
    windows: Array.from({ length: windows }, (_, w) => ({ number: w + 1, floor: 1, agency: 'a', services: SERVICES })),
  };
}

export interface EngineCycle {
  readonly issue: Phase;
  readonly call: Phase;
  readonly cyclesPerSec: number;
  readonly redisUsPerCycle: number;
  /** Commands run through the host in both phases (COMMANDS_PER_TICKET per ticket). */
  readonly commands: number;
  /** Successful appends (EVALSHA calls) in both phases: commands ÷ appends is the mean group size. */
  readonly appends: number;
  /** Appends that lost a race (none expected: nobody else writes this centre). */
  readonly conflicts: number;
  /** Tickets still waiting at the end (0: every issued ticket was called). */
  readonly leftWaiting: number;
}

export interface EngineCycleOptions {
  readonly url: string;
  readonly admin: Redis;
  readonly tickets: number;
  /** Clients, each with one command in flight (BullMQ's adds in flight). */
  readonly inFlight: number;
  readonly prefix: string;
  readonly nowMs: number;
  readonly utcOffsetMin: number;
}

const answer = (result: unknown): Answer => ({ status: 200, body: result });

export async function engineCycle(o: EngineCycleOptions): Promise<EngineCycle> {
  const store = new RedisStore({ url: o.url, prefix: o.prefix });
  let host: CentreHost | undefined;
  try {
    await store.ping();
    let now = o.nowMs;
    let appends = 0;
    let conflicts = 0;
    let commands = 0;
    const config = new Centre(laneCentre('bench', o.utcOffsetMin, o.inFlight)).config;
    host = await CentreHost.open(config, {
      store,
      clock: () => ++now,
      appendAttempts: DEFAULTS.appendAttempts,
      backoffMs: jitterBackoff,
      onEvents: () => {},
      onAppend: (_h, outcome) => (outcome === 'ok' ? appends++ : conflicts++),
      snapshotEveryEvents: DEFAULTS.snapshotEveryEvents,
    });
    const h = host;
    const run = <R>(build: (now: number) => Command): Promise<R> => {
      commands++;
      return h.run(build, answer).then((a) => a.body as R);
    };
    for (let w = 1; w <= o.inFlight; w++) await run((t) => ({ type: 'openWindow', now: t, window: w }));
    const setup = { appends, commands };
    const share = (i: number) => Math.floor(o.tickets / o.inFlight) + (i < o.tickets % o.inFlight ? 1 : 0);
    const clients = Array.from({ length: o.inFlight }, (_, i) => i);

    const cpu0 = await redisCpuSeconds(o.admin);
    const t0 = process.hrtime.bigint();
    await Promise.all(
      clients.map(async (c) => {
        for (let k = 0; k < share(c); k++) {
          await run((t) => ({ type: 'issueWalkIn', now: t, service: SERVICES[k % SERVICES.length]!, citizen: `h1:client${c}-${k}`, channel: 'desk' }));
        }
      }),
    );
    const issue = phaseOf(o.tickets, Number(process.hrtime.bigint() - t0) / 1e9, (await redisCpuSeconds(o.admin)) - cpu0);

    const cpu1 = await redisCpuSeconds(o.admin);
    const t1 = process.hrtime.bigint();
    await Promise.all(
      clients.map(async (c) => {
        const window = c + 1;
        for (let k = 0; k < share(c); k++) {
          const called = await run<{ ticket: number | null }>((t) => ({ type: 'callNext', now: t, window }));
          if (called.ticket === null) throw new Error(`client ${c}: call-next at window ${window} found nobody`);
          await run((t) => ({ type: 'start', now: t, window }));
          await run((t) => ({ type: 'complete', now: t, window }));
        }
      }),
    );
    const call = phaseOf(o.tickets, Number(process.hrtime.bigint() - t1) / 1e9, (await redisCpuSeconds(o.admin)) - cpu1);
    return {
      issue,
      call,
      cyclesPerSec: 1 / (1 / issue.perSec + 1 / call.perSec),
      redisUsPerCycle: issue.redisUsPerJob + call.redisUsPerJob,
      commands: commands - setup.commands,
      appends: appends - setup.appends,
      conflicts,
      leftWaiting: h.centre.load().waiting,
    };
  } finally {
    await host?.snapshots.idle();
    await store.close();
  }
}
