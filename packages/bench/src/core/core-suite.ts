/**
 * The core suite: engine issue + callNext pairs against flatqueue push + pop at several queue
 * depths, in the same tinybench run, repeated; plus heap bytes per waiting ticket. Returns plain
 * data: rendering and writing live elsewhere (core-report.ts, lib/results-files.ts).
 */
import { Bench, type Task } from 'tinybench';
import { BlockTimer, type BenchClock } from '../lib/cpu-clock.ts';
import { describeMachine, finishMachine, type Machine } from '../lib/machine.ts';
import { spread, type Spread } from '../lib/stats.ts';
import { benchCentre, SERVICE_COUNT, WINDOW_COUNT } from './centre-fixture.ts';
import { ENGINE_BATCH, EngineDriver, type BatchTiming } from './engine-driver.ts';
import { FLATQUEUE_BATCH, FlatQueueDriver } from './flatqueue-driver.ts';
import { measureMemoryInChild, type MemoryResult } from './memory-probe.ts';
import { STEP_MS } from './workload.ts';
import { evaluateTargets, type TargetCheck } from './targets.ts';

export interface CoreOptions {
  readonly depths: readonly number[];
  readonly repeats: number;
  /** tinybench time budget per task (ms), and its warm-up. */
  readonly timeMs: number;
  readonly warmupMs: number;
  readonly centreSeed: number;
  readonly workloadSeed: number;
  /** Depth of the memory probe; null skips it. */
  readonly memoryDepth: number | null;
  readonly quick: boolean;
  /** 'cpu': process CPU time per batch (robust on a shared machine); 'wall': hrtime. */
  readonly clock: BenchClock;
  readonly log?: (line: string) => void;
}

export const FULL_OPTIONS: CoreOptions = {
  depths: [1_000, 10_000, 100_000],
  repeats: 5,
  timeMs: 1_000,
  warmupMs: 250,
  centreSeed: 20261123,
  workloadSeed: 42,
  memoryDepth: 100_000,
  quick: false,
  clock: 'cpu',
};

export const QUICK_OPTIONS: CoreOptions = {
  ...FULL_OPTIONS,
  depths: [1_000, 10_000],
  repeats: 2,
  timeMs: 150,
  warmupMs: 50,
  memoryDepth: 10_000,
  quick: true,
};

export interface TaskRun {
  /** Mean time of one pair (ns) over the measured batches, on the run's clock. */
  readonly nsPerPair: number;
  /** Mean wall time of one pair (ns) over all batches, warm-up included. */
  readonly wallNsPerPair: number;
  readonly pairsPerSec: number;
  /** Median over batches of the per-pair time (ns). */
  readonly p50NsPerPair: number;
  readonly batches: number;
  /** Pairs run, warm-up included. */
  readonly pairs: number;
  /** Queue depth after the run (the engine's own count for the engine). */
  readonly depthAfter: number;
}

export interface DepthRun {
  readonly depth: number;
  readonly repeat: number;
  readonly engine: TaskRun & { readonly bookkeepingNsPerPair: number; readonly prefillNsPerTicket: number };
  readonly flatqueue: TaskRun;
  /** engine pairs/s ÷ flatqueue pairs/s in this repeat. */
  readonly ratio: number;
}

export interface DepthSummary {
  readonly depth: number;
  readonly enginePairsPerSec: Spread;
  readonly flatqueuePairsPerSec: Spread;
  readonly engineNsPerPair: Spread;
  readonly flatqueueNsPerPair: Spread;
  readonly ratio: Spread;
  readonly bookkeepingNsPerPair: Spread;
  /** Median batch (per pair): robust to the process being descheduled, but blind to GC pauses. */
  readonly engineP50NsPerPair: Spread;
  readonly flatqueueP50NsPerPair: Spread;
  readonly engineWallNsPerPair: Spread;
  readonly flatqueueWallNsPerPair: Spread;
}

export interface CoreResult {
  readonly suite: 'core';
  readonly options: Omit<CoreOptions, 'log'>;
  readonly setup: Readonly<Record<string, string | number>>;
  readonly machine: Machine;
  readonly runs: readonly DepthRun[];
  readonly depths: readonly DepthSummary[];
  /** Pair time at the largest depth ÷ pair time at the smallest, per repeat. */
  readonly slowdown: { readonly from: number; readonly to: number; readonly factor: Spread } | null;
  readonly memory: MemoryResult | null;
  readonly targets: readonly TargetCheck[];
}

export async function runCoreSuite(options: CoreOptions): Promise<CoreResult> {
  const { log = () => {}, ...opts } = options;
  if (opts.depths.length === 0) throw new Error('core suite needs at least one depth');
  const machine = describeMachine(['@asan/queue-core', 'tinybench', 'flatqueue', 'tsx']);
  const fixture = benchCentre(opts.centreSeed);
  const timer = opts.clock === 'cpu' ? BlockTimer.cpu() : BlockTimer.wall();
  // A discarded round first: the first measured repeat should not pay for compiling the engine
  // (on the CPU clock, the compiler threads' time counts too).
  log(`JIT warm-up round at depth ${opts.depths[0]} (discarded)`);
  await runDepth(opts.depths[0]!, -1, { ...opts, timeMs: Math.max(opts.warmupMs, 100) }, fixture, timer);
  const runs: DepthRun[] = [];
  for (let repeat = 0; repeat < opts.repeats; repeat++) {
    for (const depth of opts.depths) {
      const run = await runDepth(depth, repeat, opts, fixture, timer);
      runs.push(run);
      log(
        `repeat ${repeat + 1}/${opts.repeats} depth ${depth}: engine ${fmt(run.engine.pairsPerSec)} pairs/s, ` +
          `flatqueue ${fmt(run.flatqueue.pairsPerSec)} pairs/s, ratio ${run.ratio.toFixed(4)} (${opts.clock} clock)`,
      );
    }
  }
  let memory: MemoryResult | null = null;
  if (opts.memoryDepth !== null) {
    log(`memory probe at depth ${opts.memoryDepth} (child process, --expose-gc)`);
    memory = await measureMemoryInChild(opts.memoryDepth, opts.centreSeed, opts.workloadSeed);
  }
  const depths = opts.depths.map((depth) => summarise(depth, runs.filter((r) => r.depth === depth)));
  const from = Math.min(...opts.depths);
  const to = Math.max(...opts.depths);
  const slowdown =
    from === to
      ? null
      : {
          from,
          to,
          factor: spread(
            Array.from({ length: opts.repeats }, (_, repeat) => {
              const at = (d: number) => runs.find((r) => r.repeat === repeat && r.depth === d)!.engine.nsPerPair;
              return at(to) / at(from);
            }),
          ),
        };
  const result = {
    suite: 'core' as const,
    options: opts,
    setup: {
      services: SERVICE_COUNT,
      windows: WINDOW_COUNT,
      agencies: fixture.input.agencies.length,
      servicesPerWindow: `${Math.min(...fixture.windowServices.map((s) => s.length))}–${Math.max(...fixture.windowServices.map((s) => s.length))}`,
      engineBatch: ENGINE_BATCH,
      flatqueueBatch: FLATQUEUE_BATCH,
      stepMs: STEP_MS,
      clock: opts.clock,
      cpuReadCostUs: Math.round(timer.readCostUs * 1000) / 1000,
    },
    machine: finishMachine(machine),
    runs,
    depths,
    slowdown,
    memory,
  };
  return { ...result, targets: evaluateTargets(result) };
}

async function runDepth(
  depth: number,
  repeat: number,
  opts: Omit<CoreOptions, 'log'>,
  fixture: ReturnType<typeof benchCentre>,
  timer: BlockTimer,
): Promise<DepthRun> {
  const engine = new EngineDriver(opts.centreSeed, opts.workloadSeed + repeat, fixture, timer);
  const t0 = process.hrtime.bigint();
  engine.prefill(depth);
  const prefillNs = Number(process.hrtime.bigint() - t0) / depth;
  const flat = new FlatQueueDriver(opts.workloadSeed + repeat, fixture.popularity, timer);
  flat.prefill(depth);

  const bench = new Bench({ time: opts.timeMs, warmupTime: opts.warmupMs, throws: true });
  const asSample = (t: BatchTiming) => ({ overriddenDuration: t.perPairMs, overriddenIterationCost: t.batchMs });
  const tasks: [string, () => ReturnType<typeof asSample>][] = [
    ['engine', () => asSample(engine.runBatch())],
    ['flatqueue', () => asSample(flat.runBatch())],
  ];
  // Alternate the order across repeats, so neither side always runs on a warmer (or hotter) machine.
  if (repeat % 2 !== 0) tasks.reverse();
  for (const [name, fn] of tasks) bench.add(name, fn, { async: false });
  await bench.run();

  const engineDepth = engine.engineDepth();
  if (engineDepth !== depth || engine.depth !== depth) throw new Error(`engine depth drifted: ${engineDepth} (harness ${engine.depth}), expected ${depth}`);
  if (flat.depth !== depth) throw new Error(`flatqueue depth drifted: ${flat.depth}, expected ${depth}`);
  const e = taskRun(bench.getTask('engine'), engine.pairs, engine.wallMs, engineDepth);
  const f = taskRun(bench.getTask('flatqueue'), flat.pairs, flat.wallMs, flat.depth);
  return {
    depth,
    repeat,
    engine: { ...e, bookkeepingNsPerPair: (engine.bookkeepingMs * 1e6) / engine.pairs, prefillNsPerTicket: prefillNs },
    flatqueue: f,
    ratio: e.pairsPerSec / f.pairsPerSec,
  };
}

function taskRun(task: Task | undefined, pairs: number, wallMs: number, depthAfter: number): TaskRun {
  const r = task?.result;
  if (!r || (r.state !== 'completed' && r.state !== 'aborted-with-statistics')) {
    throw new Error(`task ${task?.name} did not complete: ${r?.state}${r?.state === 'errored' ? ` (${r.error.message})` : ''}`);
  }
  const meanMs = r.latency.mean;
  return {
    nsPerPair: meanMs * 1e6,
    wallNsPerPair: (wallMs * 1e6) / pairs,
    pairsPerSec: 1e3 / meanMs,
    p50NsPerPair: r.latency.p50 * 1e6,
    batches: r.latency.samplesCount,
    pairs,
    depthAfter,
  };
}

function summarise(depth: number, runs: readonly DepthRun[]): DepthSummary {
  return {
    depth,
    enginePairsPerSec: spread(runs.map((r) => r.engine.pairsPerSec)),
    flatqueuePairsPerSec: spread(runs.map((r) => r.flatqueue.pairsPerSec)),
    engineNsPerPair: spread(runs.map((r) => r.engine.nsPerPair)),
    flatqueueNsPerPair: spread(runs.map((r) => r.flatqueue.nsPerPair)),
    ratio: spread(runs.map((r) => r.ratio)),
    bookkeepingNsPerPair: spread(runs.map((r) => r.engine.bookkeepingNsPerPair)),
    engineP50NsPerPair: spread(runs.map((r) => r.engine.p50NsPerPair)),
    flatqueueP50NsPerPair: spread(runs.map((r) => r.flatqueue.p50NsPerPair)),
    engineWallNsPerPair: spread(runs.map((r) => r.engine.wallNsPerPair)),
    flatqueueWallNsPerPair: spread(runs.map((r) => r.flatqueue.wallNsPerPair)),
  };
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
