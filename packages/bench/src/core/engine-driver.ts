/**
 * Drives the real engine for the core benchmark. A centre with all 40 windows open is pre-filled to
 * a depth of N waiting walk-ins; then each batch runs up to 16 pairs, one pair being exactly
 *
 *   issueWalkIn (service drawn by popularity, ~10 % priority)
 *   + callNext (at a random window, free in this batch, that serves that service),
 *
 * both through `centre.execute` (decide + apply, events built, ticket slip with people ahead and
 * ETA computed). The windows called in a batch are freed afterwards with start + complete, timed
 * separately and not part of the pair. Each pair issues one ticket and calls one, so the queue
 * stays at depth N.
 */
import { Centre, type CentreInput } from '@asan/queue-core';
import { BlockTimer } from '../lib/cpu-clock.ts';
import { benchCentre, citizenKey, DAY_CLOSES_AT, DAY_OPENS_AT, type BenchCentre } from './centre-fixture.ts';
import { STEP_MS, Workload } from './workload.ts';

/** Most pairs per batch: each needs its own free window (there are 40); 16 keeps a real choice. */
export const ENGINE_BATCH = 16;

export interface BatchTiming {
  /** Pairs in this batch. */
  readonly pairs: number;
  /** Mean time of one pair in this batch, on the driver's clock (CPU or wall), in ms. */
  readonly perPairMs: number;
  /** Wall time of the whole batch, freeing the windows included (ms): what tinybench's budget counts. */
  readonly batchMs: number;
}

const hr = process.hrtime.bigint;

export class EngineDriver {
  readonly fixture: BenchCentre;
  readonly centre: Centre;
  private readonly workload: Workload;
  private now = DAY_OPENS_AT;
  private issued = 0;
  private called = 0;
  /** Pairs run, their wall time, and the wall time spent freeing windows (start + complete), over all batches. */
  pairs = 0;
  wallMs = 0;
  bookkeepingMs = 0;

  // batch plan, reused
  private readonly planService = new Array<string>(ENGINE_BATCH);
  private readonly planClass = new Array<string>(ENGINE_BATCH);
  private readonly planCitizen = new Array<string>(ENGINE_BATCH);
  private readonly planWindow = new Array<number>(ENGINE_BATCH);
  private readonly usedWindow: Uint8Array;
  /** A service drawn for a batch that had no free window left for it: it opens the next batch. */
  private carry = -1;
  private carryPriority = false;

  constructor(
    centreSeed: number,
    workloadSeed: number,
    fixture: BenchCentre = benchCentre(centreSeed),
    private readonly timer: BlockTimer = BlockTimer.wall(),
  ) {
    this.fixture = fixture;
    this.centre = new Centre(fixture.input as CentreInput);
    this.workload = new Workload(workloadSeed, fixture.popularity);
    this.usedWindow = new Uint8Array(fixture.windowNumbers.length);
    for (const window of fixture.windowNumbers) must(this.centre.execute({ type: 'openWindow', now: this.now, window }), 'openWindow');
  }

  /** Waiting tickets as the harness counts them (issued − called). */
  get depth(): number {
    return this.issued - this.called;
  }

  /** Waiting tickets as the engine reports them (its load query). */
  engineDepth(): number {
    return this.centre.load().waiting;
  }

  /** Issues n walk-ins (no calls): the queue grows by n. */
  prefill(n: number): void {
    for (let i = 0; i < n; i++) {
      const s = this.workload.service();
      const cls = this.workload.isPriority() ? 'priority' : 'general';
      const out = this.centre.execute({ type: 'issueWalkIn', now: this.tick(), service: this.fixture.serviceIds[s]!, class: cls, citizen: citizenKey(this.issued) });
      must(out, 'issueWalkIn');
      this.issued++;
    }
  }

  /** One batch of up to ENGINE_BATCH pairs; returns the timing for tinybench. */
  runBatch(): BatchTiming {
    const k = this.plan();
    const centre = this.centre;
    const service = this.planService;
    const cls = this.planClass;
    const citizen = this.planCitizen;
    const window = this.planWindow;
    let failed = '';

    const t0 = hr();
    this.timer.start();
    for (let i = 0; i < k; i++) {
      const now = this.now;
      const issued = centre.execute({ type: 'issueWalkIn', now, service: service[i]!, class: cls[i]!, citizen: citizen[i]! });
      const call = centre.execute({ type: 'callNext', now, window: window[i]! });
      if (!issued.ok || !call.ok || call.result.ticket === null) {
        failed = `pair ${i}: issue ${issued.ok ? 'ok' : issued.error.code}, callNext at window ${window[i]} ${call.ok ? 'called nobody' : call.error.code}`;
        break;
      }
      this.now = now + STEP_MS;
    }
    const time = this.timer.stop();
    const t1 = hr();
    if (failed) throw new Error(`engine benchmark: ${failed}`);

    for (let i = 0; i < k; i++) {
      must(centre.execute({ type: 'start', now: this.now, window: window[i]! }), 'start');
      must(centre.execute({ type: 'complete', now: this.now, window: window[i]! }), 'complete');
    }
    const t2 = hr();

    this.issued += k;
    this.called += k;
    this.pairs += k;
    this.wallMs += time.wallMs;
    this.bookkeepingMs += Number(t2 - t1) / 1e6;
    if (this.now >= DAY_CLOSES_AT) throw new Error('engine benchmark ran past closing time; shorten the run or STEP_MS');
    return { pairs: k, perPairMs: time.ms / k, batchMs: Number(t2 - t0) / 1e6 };
  }

  /**
   * Draws the batch outside the timing: for each pair a service (by popularity) and class, then a
   * random window that serves that service and is still free in this batch — so callNext always
   * finds someone (at least the ticket just issued) and calls follow the arrivals, which keeps the
   * mix of waiting services steady. The batch ends early when no free window serves the next
   * service (that draw opens the next batch). Returns the number of pairs planned.
   */
  private plan(): number {
    const wl = this.workload;
    const used = this.usedWindow.fill(0);
    let k = 0;
    while (k < ENGINE_BATCH) {
      const s = this.carry !== -1 ? this.carry : wl.service();
      const priority = this.carry !== -1 ? this.carryPriority : wl.isPriority();
      this.carry = -1;
      const windows = this.fixture.serviceWindows[s]!;
      let free = 0;
      for (const w of windows) if (used[w] === 0) free++;
      if (free === 0) {
        this.carry = s;
        this.carryPriority = priority;
        break;
      }
      let pick = wl.rng.int(0, free - 1);
      let w = -1;
      for (const x of windows) if (used[x] === 0 && pick-- === 0) w = x;
      used[w] = 1;
      this.planService[k] = this.fixture.serviceIds[s]!;
      this.planClass[k] = priority ? 'priority' : 'general';
      this.planCitizen[k] = citizenKey(this.issued + k);
      this.planWindow[k] = this.fixture.windowNumbers[w]!;
      k++;
    }
    return k;
  }

  private tick(): number {
    const now = this.now;
    this.now += STEP_MS;
    return now;
  }
}

function must(out: { ok: boolean; error?: { code: string; message?: string } }, what: string): void {
  if (!out.ok) throw new Error(`engine benchmark: ${what} refused: ${out.error?.code} ${out.error?.message ?? ''}`);
}
