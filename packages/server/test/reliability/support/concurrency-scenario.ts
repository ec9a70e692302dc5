/**
 * The concurrency scenario: N server processes on one private Redis; operators at W windows call,
 * start and complete as fast as the servers answer while desks issue T tickets, each request to the
 * next process in turn. Afterwards the log is read from Redis through the store module and
 * reconciled with what the clients were told, and every process's day statistics are compared with
 * a replay of the log. Used by the CI test (small) and by scripts/reliability/concurrency.ts (full).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Centre, createConfig } from '@asan/queue-core';
import { RedisStore } from '../../../src/store/redis-store.ts';
import { send } from './http-client.ts';
import { merge, newTally, runDesks, runWindows, type Tally } from './load-driver.ts';
import { CENTRE, networkInput, SERVICES, TOKENS, writeNetwork } from './network-config.ts';
import { prefixesOf, reconcile, type Reconciliation } from './reconcile.ts';
import { RedisProcess } from './redis-process.ts';
import { ServerProcess } from './server-process.ts';

export interface ConcurrencyOptions {
  readonly processes: number;
  readonly windows: number;
  readonly tickets: number;
  readonly desks: number;
  /** Progress lines (scripts). */
  readonly progress?: (line: string) => void;
}

export interface ConcurrencyReport {
  readonly options: Omit<ConcurrencyOptions, 'progress'>;
  readonly elapsedMs: number;
  readonly acknowledged: number;
  readonly unacknowledged: number;
  readonly completedByClients: number;
  readonly windowFailures: readonly string[];
  readonly reconciliation: Reconciliation;
  /** Processes whose day statistics differ from a replay of the log. */
  readonly statsMismatches: readonly string[];
  readonly tally: Tally;
  /** Ticket ids the clients saw called more than once (across all windows). */
  readonly clientDoubleCalls: readonly number[];
}

export async function runConcurrency(o: ConcurrencyOptions): Promise<ConcurrencyReport> {
  const log = o.progress ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'asan-concurrency-'));
  const redis = await RedisProcess.start();
  const servers: ServerProcess[] = [];
  const input = networkInput({ windows: o.windows, appendAttempts: 8 });
  const configFile = writeNetwork(dir, input);
  try {
    for (let i = 0; i < o.processes; i++) servers.push(await ServerProcess.start({ configFile, redis: redis.url, logLevel: 'error' }));
    log(`${o.processes} server processes on redis-server :${redis.port}`);
    const target = { servers: servers.map((s) => s.url), centre: CENTRE, run: `c${Date.now().toString(36)}` };
    const started = performance.now();
    let issuing = true;
    const progress = setInterval(() => log(`  … ${((performance.now() - started) / 1000).toFixed(0)} s`), 15_000);
    const windowsRun = runWindows({ ...target, windows: Array.from({ length: o.windows }, (_, i) => i + 1), token: (w) => TOKENS.operator(CENTRE, w), issuingDone: () => !issuing });
    const desks = await runDesks({ ...target, token: TOKENS.desk, tickets: o.tickets, desks: o.desks, services: SERVICES });
    issuing = false;
    const windows = await windowsRun;
    clearInterval(progress);
    const elapsedMs = performance.now() - started;

    const store = new RedisStore({ url: redis.url, prefix: 'asan' });
    const events = await store.load(CENTRE, 0);
    await store.close();
    const config = createConfig(input.centres[0]!);
    const reconciliation = reconcile(events, desks.acknowledged, prefixesOf(config.input.services));
    const replayed = canonical(Centre.replay(config, events).dayStats());
    const statsMismatches: string[] = [];
    for (const s of servers) {
      const stats = await send(s.url, { path: `/api/centres/${CENTRE}/stats/day`, token: TOKENS.admin });
      if (canonical(stats.body) !== replayed) statsMismatches.push(`${s.url}: ${stats.text.slice(0, 300)}`);
    }
    const seen = new Map<number, number>();
    for (const list of windows.called.values()) for (const t of list) seen.set(t, (seen.get(t) ?? 0) + 1);
    return {
      options: { processes: o.processes, windows: o.windows, tickets: o.tickets, desks: o.desks },
      elapsedMs,
      acknowledged: desks.acknowledged.length,
      unacknowledged: desks.unacknowledged.length,
      completedByClients: windows.completed,
      windowFailures: windows.failures,
      reconciliation,
      statsMismatches,
      tally: merge(merge(newTally(), desks.tally), windows.tally),
      clientDoubleCalls: [...seen].filter(([, n]) => n > 1).map(([t]) => t),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** JSON with object keys sorted (answers are serialised in their schema's key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}
