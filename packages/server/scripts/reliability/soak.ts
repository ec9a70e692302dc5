/**
 * Soak: a day of the simulator's large example at `factor` times its load (default 10: ~25,000
 * applicants, 900 windows) against a real server process with its replay clock, compressed into
 * `minutes` of wall time. Afterwards the log is read through the store module and reconciled.
 *
 *   node --import tsx packages/server/scripts/reliability/soak.ts [--minutes 10] [--factor 10] [--seed 1] [--redis 0|1]
 *
 * Exits 1 on a 5xx, an unanswered request, an unexpected refusal, a ticket called twice or lost, a
 * ticket left in no final state, or memory that kept growing (heap at the end > 2 × after warm-up).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueEvent } from '@asan/queue-core';
import { LmdbStore } from '../../src/store/lmdb-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { writeNetwork } from '../../test/reliability/support/network-config.ts';
import { prefixesOf, reconcile } from '../../test/reliability/support/reconcile.ts';
import { RedisProcess } from '../../test/reliability/support/redis-process.ts';
import { ServerProcess } from '../../test/reliability/support/server-process.ts';
import { main, numberFlags, progress, report } from './script-io.ts';
import { driveSoakDay, type KindStats, type MetricSample } from './soak-driver.ts';
import { planSoak, soakNetwork } from './soak-plan.ts';

/** Refusals a correct day produces: the roster closing a window between a poll and a call, a slot full on the eve, a check-in too late. */
const EXPECTED = /QC_ERR_(WINDOW_CLOSED|WINDOW_STATE|SLOT_FULL|BOOKING_EXPIRED|CHECKIN_TOO_EARLY|TICKET_STATE)$/;

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function kindSummary(k: KindStats) {
  const l = [...k.latenciesMs].sort((a, b) => a - b);
  return { count: k.count, statuses: k.statuses, codes: k.codes, p50Ms: +quantile(l, 0.5).toFixed(1), p99Ms: +quantile(l, 0.99).toFixed(1), maxMs: +(l.at(-1) ?? NaN).toFixed(1) };
}

function thirds(samples: readonly MetricSample[]) {
  const n = samples.length;
  const part = (from: number, to: number) => samples.slice(Math.floor(from * n), Math.floor(to * n));
  const stat = (xs: readonly MetricSample[]) => ({
    samples: xs.length,
    heapUsedMbMean: +(xs.reduce((s, x) => s + x.heapUsedMb, 0) / xs.length).toFixed(1),
    rssMbMax: Math.max(...xs.map((x) => x.rssMb)),
    lagMeanMs: +(xs.reduce((s, x) => s + x.lagMeanMs, 0) / xs.length).toFixed(1),
    lagP99MsMax: Math.max(...xs.map((x) => x.lagP99Ms)),
    lagMaxMs: Math.max(...xs.map((x) => x.lagMaxMs)),
  });
  return { first: stat(part(0, 1 / 3)), second: stat(part(1 / 3, 2 / 3)), third: stat(part(2 / 3, 1)) };
}

main(async () => {
  const flags = numberFlags({ minutes: 10, factor: 10, seed: 1, redis: 0 });
  progress(`soak: ${JSON.stringify(flags)}`);
  const plan = planSoak(flags.factor, flags.seed);
  const dir = mkdtempSync(join(tmpdir(), 'asan-soak-'));
  const dataDir = join(dir, 'data');
  const redis = flags.redis ? await RedisProcess.start({ aof: 'everysec' }) : undefined;
  const server = await ServerProcess.start({ configFile: writeNetwork(dir, soakNetwork(plan)), logLevel: 'warn', captureOutput: true, extraArgs: ['--clock', 'replay'], ...(redis ? { redis: redis.url } : { dataDir }) });
  let events: QueueEvent[];
  let day;
  try {
    progress(`server on ${server.url}: ${plan.windows.size} windows, ${plan.walkIns.length} walk-ins and ${plan.bookings.length} bookings planned`);
    day = await driveSoakDay(server.url, plan, flags.minutes * 60_000, progress);
    await server.stop();
    const store = redis ? new RedisStore({ url: redis.url, prefix: 'asan' }) : new LmdbStore({ dataDir, noSync: true, overlappingSync: false });
    events = await store.load(plan.centre.id, 0);
    await store.close();
  } finally {
    await server.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const rec = reconcile(events, day.acknowledged, prefixesOf(plan.centre.services));
  const kinds = Object.fromEntries([...day.kinds].map(([k, v]) => [k, kindSummary(v)]));
  let requests = 0;
  const errors: Record<string, number> = {};
  const expected: Record<string, number> = {};
  for (const [kind, k] of day.kinds) {
    requests += k.count;
    for (const [code, n] of Object.entries(k.codes)) (EXPECTED.test(code) ? expected : errors)[`${kind}: ${code}`] = n;
  }
  const memory = thirds(day.samples);
  const warm = day.samples[Math.floor(day.samples.length / 10)];
  const last = day.samples.at(-1);
  const heapGrowth = warm && last ? +(last.heapUsedMb / warm.heapUsedMb).toFixed(2) : NaN;
  const serverErrorLines = server.log.split('\n').filter((l) => /"level":(50|60)/.test(l)).length;
  const ok =
    Object.keys(errors).length === 0 &&
    serverErrorLines === 0 &&
    rec.calledTwice.length === 0 &&
    rec.windowDoubleCalls.length === 0 &&
    rec.lost.length === 0 &&
    rec.afterFinal.length === 0 &&
    rec.orphans === 0 &&
    Object.keys(rec.open).length === 0 &&
    heapGrowth < 2;
  report('soak', {
    ok,
    ...flags,
    store: redis ? 'redis (appendfsync everysec)' : 'embedded LMDB (flush on commit)',
    windows: plan.windows.size,
    speed: +day.speed.toFixed(1),
    realS: Math.round(day.realMs / 1000),
    requests,
    requestsPerS: Math.round(requests / (day.realMs / 1000)),
    walkInsPlanned: plan.walkIns.length,
    walkInsIssued: day.acknowledged.length,
    bookingsPlanned: plan.bookings.length,
    bookingsMade: day.bookingsMade,
    served: day.served,
    liveSnapshots: day.liveSnapshots,
    errors,
    expectedRefusals: expected,
    serverErrorLogLines: serverErrorLines,
    reconciliation: { events: rec.events, tickets: rec.tickets, calls: rec.calls, calledTwice: rec.calledTwice.length, windowDoubleCalls: rec.windowDoubleCalls.length, lost: rec.lost.length, finals: rec.finals, notFinal: rec.open, eventsAfterFinal: rec.afterFinal.length, orphans: rec.orphans },
    memoryAndLag: { heapGrowthEndOverWarm: heapGrowth, ...memory },
    kinds,
    samples: day.samples,
  });
  return ok;
});
