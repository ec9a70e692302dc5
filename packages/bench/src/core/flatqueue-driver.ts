/**
 * The anchor: flatqueue (v3, growable, the default array-backed queue) holding the same EDD keys the
 * engine computes (d = now + T_class, ~10 % priority). Pre-filled to depth N; one pair is exactly
 * push(id, key) + pop(), so the depth stays N. It decides nothing else: no services, no windows,
 * no events, no ticket slip — the floor a single binary heap sets.
 */
import FlatQueue from 'flatqueue';
import { BlockTimer } from '../lib/cpu-clock.ts';
import { DAY_OPENS_AT } from './centre-fixture.ts';
import type { BatchTiming } from './engine-driver.ts';
import { STEP_MS, Workload } from './workload.ts';

/** Pairs per batch: a block of tens of microseconds, like an engine batch, so that reading the clock (up to ~1 µs for CPU time) is negligible. */
export const FLATQUEUE_BATCH = 512;

export class FlatQueueDriver {
  readonly queue = new FlatQueue<number>();
  private readonly workload: Workload;
  private readonly planKey = new Float64Array(FLATQUEUE_BATCH);
  private now = DAY_OPENS_AT;
  private nextId = 1;
  pairs = 0;
  wallMs = 0;
  /** Sum of popped ids, so that the pops cannot be optimised away. */
  sink = 0;

  constructor(
    workloadSeed: number,
    popularity: readonly number[],
    private readonly timer: BlockTimer = BlockTimer.wall(),
  ) {
    this.workload = new Workload(workloadSeed, popularity);
  }

  get depth(): number {
    return this.queue.length;
  }

  prefill(n: number): void {
    for (let i = 0; i < n; i++) {
      this.queue.push(this.nextId++, Workload.due(this.now, this.workload.isPriority()));
      this.now += STEP_MS;
    }
  }

  runBatch(): BatchTiming {
    const k = FLATQUEUE_BATCH;
    const key = this.planKey;
    for (let i = 0; i < k; i++) {
      key[i] = Workload.due(this.now + i * STEP_MS, this.workload.isPriority());
    }
    const q = this.queue;
    let id = this.nextId;
    let sink = 0;
    this.timer.start();
    for (let i = 0; i < k; i++) {
      q.push(id++, key[i]!);
      sink += q.pop()!;
    }
    const time = this.timer.stop();
    this.sink += sink;
    this.nextId = id;
    this.now += k * STEP_MS;
    this.pairs += k;
    this.wallMs += time.wallMs;
    return { pairs: k, perPairMs: time.ms / k, batchMs: time.wallMs };
  }
}
