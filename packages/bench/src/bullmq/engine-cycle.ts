/**
 * Ours, at library level (no HTTP), exactly as the server runs a command: `centre.decide(cmd)` →
 * `RedisStore.append` (one EVALSHA of the compare-and-append script at the centre's version) →
 * `centre.apply(events)`. `lanes` centres on the same Redis run at once (as many commands in flight
 * as BullMQ gets adds), each one command at a time, as the server's per-centre mutex does.
 *
 * Two phases, like BullMQ's: issue `tickets` walk-ins, then call them all. A centre here has one
 * agency, 4 services and 20 windows serving all 4; after each round of 20 call-nexts, the 20 windows
 * are freed by one append holding their 20 starts and 20 completes (decided and applied in memory),
 * counted in the call phase. So one ticket costs 2 + 1/20 appends.
 */
import { Centre, type CentreInput, type Command } from '@asan/queue-core';
import { RedisStore } from '@asan/server';
import type { Redis } from 'ioredis';
import { redisCpuSeconds } from '../server/private-redis.ts';
import { phaseOf, type Phase } from './bullmq-cycle.ts';

export const LANE_WINDOWS = 20;
const SERVICES = ['s0', 's1', 's2', 's3'];
const ALL_DAY = { open: '00:00', close: '24:00' };

export function laneCentre(id: string, utcOffsetMin: number): CentreInput {
  return {
    id,
    name: `Lane ${id}`,
    utcOffsetMin,
    openingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    agencies: [{ id: 'a', name: 'Agency', kind: 'public' }],
    services: SERVICES.map((s, i) => ({ id: s, name: s, agency: 'a', prefix: String.fromCharCode(65 + i), meanHandleMin: 6 })),
    windows: Array.from({ length: LANE_WINDOWS }, (_, w) => ({ number: w + 1, floor: 1, agency: 'a', services: SERVICES })),
  };
}

export interface EngineCycle {
  readonly issue: Phase;
  readonly call: Phase;
  readonly cyclesPerSec: number;
  readonly redisUsPerCycle: number;
  /** Appends (EVALSHA calls) made in both phases. */
  readonly appends: number;
  /** Tickets still waiting at the end, all lanes (0: every issued ticket was called). */
  readonly leftWaiting: number;
}

export interface EngineCycleOptions {
  readonly url: string;
  readonly admin: Redis;
  readonly tickets: number;
  readonly lanes: number;
  readonly prefix: string;
  readonly nowMs: number;
  readonly utcOffsetMin: number;
}

class Lane {
  appends = 0;
  constructor(
    readonly centre: Centre,
    private readonly store: RedisStore,
  ) {}

  /** decide → append at our version → apply: the server's path for one command. */
  async run(cmd: Command): Promise<unknown> {
    const out = this.centre.decide(cmd);
    if (!out.ok) throw new Error(`${cmd.type} refused: ${out.error.code} ${out.error.message}`);
    if (out.events.length === 0) return out.result;
    const r = await this.store.append(this.centre.config.id, this.centre.version, { events: out.events });
    this.appends++;
    if (!r.ok) throw new Error(`append conflict at version ${this.centre.version} (store has ${r.version}): nobody else writes here`);
    this.centre.apply(out.events);
    return out.result;
  }

  /** Frees every window holding a ticket with one append of their starts and completes. */
  async freeWindows(now: number): Promise<void> {
    const scratch: Command[] = [];
    for (const w of this.centre.windows()) if (w.ticket !== null) scratch.push({ type: 'start', now, window: w.number }, { type: 'complete', now, window: w.number });
    if (scratch.length === 0) return;
    const version = this.centre.version;
    const events = [];
    for (const cmd of scratch) {
      const out = this.centre.execute(cmd);
      if (!out.ok) throw new Error(`${cmd.type} refused: ${out.error.code}`);
      events.push(...out.events);
    }
    const r = await this.store.append(this.centre.config.id, version, { events });
    this.appends++;
    if (!r.ok) throw new Error('append conflict while freeing windows');
  }
}

export async function engineCycle(o: EngineCycleOptions): Promise<EngineCycle> {
  const store = new RedisStore({ url: o.url, prefix: o.prefix });
  try {
    await store.ping();
    const lanes: Lane[] = [];
    for (let i = 0; i < o.lanes; i++) {
      const lane = new Lane(new Centre(laneCentre(`lane-${i}`, o.utcOffsetMin)), store);
      for (let w = 1; w <= LANE_WINDOWS; w++) await lane.run({ type: 'openWindow', now: o.nowMs, window: w });
      lanes.push(lane);
    }
    const setupAppends = lanes.reduce((n, l) => n + l.appends, 0);
    const share = (i: number) => Math.floor(o.tickets / o.lanes) + (i < o.tickets % o.lanes ? 1 : 0);
    let now = o.nowMs;

    const cpu0 = await redisCpuSeconds(o.admin);
    const t0 = process.hrtime.bigint();
    await Promise.all(
      lanes.map(async (lane, li) => {
        for (let k = 0; k < share(li); k++) {
          await lane.run({ type: 'issueWalkIn', now: ++now, service: SERVICES[k % SERVICES.length]!, citizen: `h1:lane${li}-${k}`, channel: 'desk' });
        }
      }),
    );
    const issue = phaseOf(o.tickets, Number(process.hrtime.bigint() - t0) / 1e9, (await redisCpuSeconds(o.admin)) - cpu0);

    const cpu1 = await redisCpuSeconds(o.admin);
    const t1 = process.hrtime.bigint();
    await Promise.all(
      lanes.map(async (lane, li) => {
        for (let k = 0; k < share(li); k++) {
          const w = (k % LANE_WINDOWS) + 1;
          const called = (await lane.run({ type: 'callNext', now: ++now, window: w })) as { ticket: number | null };
          if (called.ticket === null) throw new Error(`lane ${li}: call-next at window ${w} found nobody`);
          if (w === LANE_WINDOWS || k === share(li) - 1) await lane.freeWindows(++now);
        }
      }),
    );
    const call = phaseOf(o.tickets, Number(process.hrtime.bigint() - t1) / 1e9, (await redisCpuSeconds(o.admin)) - cpu1);
    return {
      issue,
      call,
      cyclesPerSec: 1 / (1 / issue.perSec + 1 / call.perSec),
      redisUsPerCycle: issue.redisUsPerJob + call.redisUsPerJob,
      appends: lanes.reduce((n, l) => n + l.appends, 0) - setupAppends,
      leftWaiting: lanes.reduce((n, l) => n + l.centre.load().waiting, 0),
    };
  } finally {
    await store.close();
  }
}
