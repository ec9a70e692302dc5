/**
 * Process CPU time as a benchmark clock. On a shared machine a wall-clock sample also counts the
 * time the process waited for a core; CPU time (user + system, all threads of this process, µs
 * resolution) does not, while it still counts garbage collection. Reading it costs about a
 * microsecond (a getrusage call), so callers time blocks of tens of microseconds and subtract the
 * calibrated cost of one read.
 */
export function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** CPU µs that one pair of back-to-back reads adds to a measured block (mean of many). */
export function calibrateCpuReadCost(reads = 20_000): number {
  for (let i = 0; i < 1_000; i++) cpuMicros();
  let sum = 0;
  for (let i = 0; i < reads; i++) {
    const a = cpuMicros();
    sum += cpuMicros() - a;
  }
  return sum / reads;
}

export type BenchClock = 'cpu' | 'wall';

const hr = process.hrtime.bigint;

/** The time of one block: in the chosen clock, and always on the wall clock. */
export interface BlockTime {
  readonly ms: number;
  readonly wallMs: number;
}

/** Times blocks of work with the chosen clock (wall time is always measured too). */
export class BlockTimer {
  private c0 = 0;
  private t0 = 0n;

  /** `readCostUs`: see calibrateCpuReadCost; ignored on the wall clock. */
  constructor(
    readonly clock: BenchClock,
    readonly readCostUs = 0,
  ) {}

  static wall(): BlockTimer {
    return new BlockTimer('wall');
  }

  static cpu(): BlockTimer {
    return new BlockTimer('cpu', calibrateCpuReadCost());
  }

  start(): void {
    if (this.clock === 'cpu') this.c0 = cpuMicros();
    this.t0 = hr();
  }

  stop(): BlockTime {
    const t1 = hr();
    const wallMs = Number(t1 - this.t0) / 1e6;
    if (this.clock === 'wall') return { ms: wallMs, wallMs };
    const us = cpuMicros() - this.c0 - this.readCostUs;
    return { ms: Math.max(0, us) / 1000, wallMs };
  }
}
