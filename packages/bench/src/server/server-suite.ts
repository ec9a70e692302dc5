/**
 * The server suite: for each repeat and pipelining factor, every subject — the two anchors and the
 * real server's hot routes on each store — in its own fresh process, warm-up then measured run.
 * The order of subjects rotates with the repeat, so no subject always runs first or last on a
 * machine whose load drifts. Ratios are taken per repeat between runs of the same repeat and
 * pipelining (ours ÷ anchor), then summarised as median and min–max.
 */
import { BenchError } from '../lib/errors.ts';
import { describeMachine, finishMachine, type Machine } from '../lib/machine.ts';
import { spread, type Spread } from '../lib/stats.ts';
import type { StoreKind } from './bench-network.ts';
import { loadRun, type LoadResult } from './load-run.ts';
import { startPrivateRedis, type PrivateRedis } from './private-redis.ts';
import { afterWarmupOf, REQUESTS_PER_OP, requestsFor, type RouteName } from './routes-under-load.ts';
import { startSubject, subjectName, type Subject } from './subject-process.ts';
import { serverTargets, type TargetCheck } from './server-targets.ts';

export interface ServerSuiteOptions {
  readonly stores: readonly StoreKind[];
  readonly routes: readonly RouteName[];
  readonly pipelinings: readonly number[];
  readonly connections: number;
  readonly warmupS: number;
  readonly durationS: number;
  readonly repeats: number;
  readonly prefillCall: number;
  readonly prefillOther: number;
  /** Embedded store without flushing every commit (the server's default flushes). */
  readonly noSync: boolean;
  readonly log: (line: string) => void;
}

export const FULL_OPTIONS: Omit<ServerSuiteOptions, 'log'> = {
  stores: ['embedded', 'redis'],
  routes: ['issue', 'call', 'status', 'load'],
  pipelinings: [1, 10],
  connections: 100,
  warmupS: 3,
  durationS: 10,
  repeats: 3,
  prefillCall: 400_000,
  prefillOther: 1_000,
  noSync: false,
};

export const QUICK_OPTIONS: Omit<ServerSuiteOptions, 'log'> = {
  ...FULL_OPTIONS,
  connections: 4,
  warmupS: 0.5,
  durationS: 1,
  repeats: 1,
  // Deep enough that a fast machine's 1.5 s of calls at 4 windows does not empty their services
  // (3,000 did on session 5's host: call-next found nobody, start was refused).
  prefillCall: 150_000,
  prefillOther: 100,
};

export interface ServerRun {
  readonly repeat: number;
  readonly pipelining: number;
  readonly subject: string;
  readonly kind: Subject['kind'];
  readonly store: StoreKind | null;
  readonly route: string;
  /** Waiting tickets in the store when the server started (ours only). */
  readonly prefill: number | null;
  readonly serverStartMs: number;
  readonly result: LoadResult;
}

export interface SubjectSummary {
  readonly subject: string;
  readonly pipelining: number;
  readonly reqPerSec: Spread;
  /** Operations per second (a call cycle is three requests). */
  readonly opsPerSec: Spread;
  readonly p50Ms: Spread;
  readonly p99Ms: Spread;
  /** Medians over repeats, in cores. */
  readonly cpu: { readonly server: number; readonly redis: number | null; readonly loadGenerator: number };
  readonly serverUsPerRequest: number;
  readonly redisUsPerRequest: number | null;
  /** Ours ÷ anchor, per repeat, same pipelining. */
  readonly perHello: Spread | null;
  readonly perEvalsha: Spread | null;
  /** The issue route ÷ the bare Fastify POST of the same request (issue route only). */
  readonly perPost: Spread | null;
  readonly non2xx: number;
  readonly errors: number;
}

export interface ServerSuiteResult {
  readonly suite: 'server';
  readonly options: Omit<ServerSuiteOptions, 'log'>;
  readonly machine: Machine;
  readonly redisVersion: string | null;
  readonly runs: readonly ServerRun[];
  readonly summaries: readonly SubjectSummary[];
  readonly targets: readonly TargetCheck[];
}

function subjectsOf(o: Omit<ServerSuiteOptions, 'log'>): Subject[] {
  const anchors: Subject[] = [{ kind: 'anchor', anchor: 'hello' }];
  if (o.stores.includes('redis')) anchors.push({ kind: 'anchor', anchor: 'evalsha' });
  if (o.routes.includes('issue')) anchors.push({ kind: 'anchor', anchor: 'post' });
  const ours: Subject[] = o.stores.flatMap((store) => o.routes.map((route): Subject => ({ kind: 'ours', store, route })));
  return [...anchors, ...ours];
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * Refuses options the suite cannot run (BENCH_ERR_BAD_OPTION): the call route has one operator per
 * window, 100 windows, so at most 100 connections. The command checks before starting anything.
 */
export function checkServerOptions(o: Pick<ServerSuiteOptions, 'routes' | 'connections'>): void {
  if (o.routes.includes('call') && o.connections > 100) {
    throw new BenchError('BENCH_ERR_BAD_OPTION', `--connections ${o.connections}: the call route has one operator per window, at most 100 connections (give fewer, or --routes without call)`);
  }
}

export async function runServerSuite(options: ServerSuiteOptions): Promise<ServerSuiteResult> {
  const { log, ...opts } = options;
  checkServerOptions(opts);
  const machine = describeMachine(['fastify', 'autocannon', 'ioredis', 'hdr-histogram-js']);
  const subjects = subjectsOf(opts);
  let redis: PrivateRedis | null = null;
  const runs: ServerRun[] = [];
  try {
    redis = opts.stores.includes('redis') ? await startPrivateRedis() : null;
    const redisVersion = redis ? (/redis_version:(\S+)/.exec(await redis.client.info('server'))?.[1] ?? 'unknown') : null;
    for (let repeat = 0; repeat < opts.repeats; repeat++) {
      for (const pipelining of opts.pipelinings) {
        for (const subject of rotate(subjects, repeat)) {
          const name = subjectName(subject);
          const running = await startSubject(subject, { redis, prefillCall: opts.prefillCall, prefillOther: opts.prefillOther, noSync: opts.noSync, connections: opts.connections });
          try {
            const route = subject.kind === 'anchor' ? subject.anchor : subject.route;
            const result = await loadRun(
              { url: running.server.url, connections: opts.connections, pipelining, warmupS: opts.warmupS, durationS: opts.durationS, requestsFor: requestsFor(route, running.setup), afterWarmup: afterWarmupOf(route, running.server.url, opts.connections) },
              { serverPid: running.server.pid, redis: redis && (subject.kind === 'ours' ? subject.store === 'redis' : subject.anchor === 'evalsha') ? redis.client : null },
            );
            runs.push({ repeat, pipelining, subject: name, kind: subject.kind, store: subject.kind === 'ours' ? subject.store : null, route, prefill: running.prefill?.waiting ?? null, serverStartMs: running.startMs, result });
            log(`repeat ${repeat + 1}/${opts.repeats} pipelining ${pipelining} ${name}: ${Math.round(result.reqPerSec)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, non-2xx ${result.non2xx}, server ${result.cpu.server.cores.toFixed(2)} cores`);
          } finally {
            await running.close();
          }
        }
      }
    }
    const summaries = summarise(runs, opts);
    return { suite: 'server', options: opts, machine: finishMachine(machine), redisVersion, runs, summaries, targets: serverTargets(summaries, opts) };
  } finally {
    await redis?.stop();
  }
}

const median = (xs: readonly number[]): number => (xs.length === 0 ? NaN : spread(xs).median);

export function summarise(runs: readonly ServerRun[], opts: Pick<ServerSuiteOptions, 'pipelinings' | 'repeats'>): SubjectSummary[] {
  const out: SubjectSummary[] = [];
  const anchorRate = (name: string, repeat: number, pipelining: number): number | undefined =>
    runs.find((r) => r.subject === name && r.repeat === repeat && r.pipelining === pipelining)?.result.reqPerSec;
  const names = [...new Set(runs.map((r) => r.subject))];
  for (const pipelining of opts.pipelinings) {
    for (const subject of names) {
      const rs = runs.filter((r) => r.subject === subject && r.pipelining === pipelining);
      if (rs.length === 0) continue;
      const per = (anchor: string): Spread | null => {
        const ratios = rs.flatMap((r) => {
          const a = anchorRate(anchor, r.repeat, pipelining);
          return a && a > 0 ? [r.result.reqPerSec / a] : [];
        });
        return ratios.length > 0 && rs[0]!.kind === 'ours' ? spread(ratios) : null;
      };
      const redisCores = rs.map((r) => r.result.cpu.redis?.cores).filter((x): x is number => x !== undefined);
      const redisUs = rs.map((r) => r.result.cpu.redis?.usPerRequest).filter((x): x is number => x !== undefined);
      out.push({
        subject,
        pipelining,
        reqPerSec: spread(rs.map((r) => r.result.reqPerSec)),
        opsPerSec: spread(rs.map((r) => r.result.reqPerSec / REQUESTS_PER_OP[r.route as RouteName])),
        p50Ms: spread(rs.map((r) => r.result.p50Ms)),
        p99Ms: spread(rs.map((r) => r.result.p99Ms)),
        cpu: {
          server: median(rs.map((r) => r.result.cpu.server.cores)),
          redis: redisCores.length > 0 ? median(redisCores) : null,
          loadGenerator: median(rs.map((r) => r.result.cpu.loadGenerator.cores)),
        },
        serverUsPerRequest: median(rs.map((r) => r.result.cpu.server.usPerRequest)),
        redisUsPerRequest: redisUs.length > 0 ? median(redisUs) : null,
        perHello: per('hello'),
        perEvalsha: per('evalsha'),
        perPost: rs[0]!.route === 'issue' ? per('post') : null,
        non2xx: rs.reduce((n, r) => n + r.result.non2xx, 0),
        errors: rs.reduce((n, r) => n + r.result.errors + r.result.timeouts, 0),
      });
    }
  }
  return out;
}
