/**
 * One load run against a server process that is already up: an autocannon warm-up, then the
 * measured autocannon run, bounded in time, to 127.0.0.1 only.
 *
 * Each connection is its own autocannon instance (1 connection each, all running at once in this
 * process), because a connection may need its own request sequence (an operator's window, a
 * ticket's token) and autocannon refuses per-connection requests when pipelining > 1. Latencies of
 * every response go into one HDR histogram (p50, p99 over all connections).
 *
 * CPU is read around the measured run: the server's from /proc/<pid>/stat, Redis's from INFO cpu,
 * the load generator's (autocannon runs in this process) from process.cpuUsage. It is reported in
 * cores (CPU seconds ÷ wall seconds; 1 = one core busy) and in µs per request.
 */
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import type { Redis } from 'ioredis';
import { redisCpuSeconds } from './private-redis.ts';
import { cpuSecondsOf, ownCpuSeconds } from './proc-cpu.ts';

export type Requests = NonNullable<autocannon.Options['requests']>;

export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly pipelining: number;
  readonly warmupS: number;
  readonly durationS: number;
  /** The request sequence connection `i` cycles through. */
  readonly requestsFor: (connection: number) => Requests;
  /** Run between the warm-up and the measured run (a volley stops mid-sequence: e.g. free the windows). */
  readonly afterWarmup?: () => Promise<void>;
}

export interface CpuUse {
  /** CPU seconds ÷ wall seconds of the measured run (1 = one core busy); NaN when not measured. */
  readonly cores: number;
  readonly usPerRequest: number;
}

export interface LoadResult {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly durationS: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly cpu: { readonly server: CpuUse; readonly redis: CpuUse | null; readonly loadGenerator: CpuUse };
}

export interface Measured {
  readonly serverPid: number;
  readonly redis: Redis | null;
}

interface Volley {
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  readonly histogram: hdr.Histogram;
}

/** All connections at once for `durationS`; resolves when every instance has finished. */
async function volley(spec: LoadSpec, durationS: number): Promise<Volley> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(spec.url)) throw new Error(`load runs go to 127.0.0.1 only, not ${spec.url}`);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  const statusCodes: Record<string, number> = {};
  const results = await Promise.all(
    Array.from(
      { length: spec.connections },
      (_, i) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const options = { url: spec.url, connections: 1, pipelining: spec.pipelining, duration: durationS, timeout: 10, requests: spec.requestsFor(i) };
          const instance = autocannon(options, (err: unknown, result: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)));
          instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
            histogram.recordValue(Math.max(1, Math.round(responseTimeMs * 1000)));
            statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
          });
        }),
    ),
  );
  const sum = (f: (r: autocannon.Result) => number): number => results.reduce((n, r) => n + f(r), 0);
  return { requests: histogram.totalCount, non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors), timeouts: sum((r) => r.timeouts), statusCodes, histogram };
}

export async function loadRun(spec: LoadSpec, measured: Measured): Promise<LoadResult> {
  if (spec.warmupS > 0) (await volley(spec, spec.warmupS)).histogram.destroy();
  await spec.afterWarmup?.();
  const server0 = cpuSecondsOf(measured.serverPid);
  const redis0 = measured.redis ? await redisCpuSeconds(measured.redis) : NaN;
  const own0 = ownCpuSeconds();
  const t0 = process.hrtime.bigint();
  const v = await volley(spec, spec.durationS);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const own = ownCpuSeconds() - own0;
  const server = cpuSecondsOf(measured.serverPid) - server0;
  const redis = measured.redis ? (await redisCpuSeconds(measured.redis)) - redis0 : NaN;
  const use = (cpuS: number): CpuUse => ({ cores: cpuS / wallS, usPerRequest: v.requests > 0 ? (cpuS / v.requests) * 1e6 : NaN });
  const result: LoadResult = {
    reqPerSec: v.requests / wallS,
    p50Ms: v.histogram.getValueAtPercentile(50) / 1000,
    p99Ms: v.histogram.getValueAtPercentile(99) / 1000,
    requests: v.requests,
    non2xx: v.non2xx,
    errors: v.errors,
    timeouts: v.timeouts,
    durationS: wallS,
    statusCodes: v.statusCodes,
    cpu: { server: use(server), redis: measured.redis ? use(redis) : null, loadGenerator: use(own) },
  };
  v.histogram.destroy();
  return result;
}
