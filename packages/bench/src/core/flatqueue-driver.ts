/**
 * The anchor: flatqueue (v3, growable, the default array-backed queue) holding the same EDD keys the
 * engine computes (d = now + T_class, ~10 % priority). Pre-filled to depth N; one pair is exactly
 * push(id, key) + pop(), so the depth stays N. It decides nothing else: no services, no windows,
 * no events, no ticket slip — the floor a single binary heap sets.
 */
import FlatQueue from 'flatqueue';
import { DAY_OPENS_AT } from './centre-fixture.ts';
import type { BatchTiming } from './engine-driver.ts';
import { STEP_MS, Workload } from './workload.ts';

/** Pairs per batch: enough to make the cost of reading the clock (~50 ns) negligible. */
export const FLATQUEUE_BATCH = 64;

const hr = process.hrtime.bigint;

export class FlatQueueDriver {
  readonly queue = new FlatQueue<number>();
  private readonly workload: Workload;
  private readonly planKey = new Float64Array(FLATQUEUE_BATCH);
  private now = DAY_OPENS_AT;
  private nextId = 1;
  pairs = 0;
  /** Sum of popped ids, so that the pops cannot be optimised away. */
  sink = 0;

  constructor(workloadSeed: number, popularity: readonly number[]) {
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
    const t0 = hr();
    for (let i = 0; i < k; i++) {
      q.push(id++, key[i]!);
      sink += q.pop()!;
    }
    const t1 = hr();
    this.sink += sink;
    this.nextId = id;
    this.now += k * STEP_MS;
    this.pairs += k;
    const ms = Number(t1 - t0) / 1e6;
    return { pairs: k, perPairMs: ms / k, batchMs: ms };
  }
}
