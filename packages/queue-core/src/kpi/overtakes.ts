/**
 * Overtakes (fairness-research.md §1.3): customer i is overtaken by j when j became callable
 * later (e_j > e_i) but was called first (c_j < c_i) at a window that serves i's service, while i
 * was callable. "Callable" is read from the record: from e_i until i's first call, or until it
 * ended uncalled (cancelled, abandoned); a park in between is not visible in a record, so a parked
 * ticket counts as callable (records of tickets that were parked over-count, never under-count).
 * Calls at the same instant cannot be ordered from records: a j called at the very time i was
 * called (or left) is not counted, even if its window chose it first. A record's e, service and call
 * window are those of its first wait (`callableOf`, `serviceOf`, `firstWindow`): a ticket called, then
 * sent to the bank or to another service and called back, neither overtakes nor is overtaken by its
 * second call.
 */
import { callableOf, serviceOf, type KpiRecord } from './record.ts';

/** Window number → ids of the services it serves. */
export type WindowServices = ReadonlyMap<number, readonly string[]> | Readonly<Record<number, readonly string[]>>;

/** The window map of an engine configuration (`centre.config`). */
export function windowServicesOf(cfg: {
  readonly windows: readonly { readonly number: number; readonly services: readonly number[] }[];
  readonly services: readonly { readonly id: string }[];
}): Map<number, readonly string[]> {
  return new Map(cfg.windows.map((w) => [w.number, w.services.map((s) => cfg.services[s]!.id)]));
}

function servesOf(map: WindowServices): (window: number, service: string) => boolean {
  const sets = new Map<number, Set<string>>();
  const entries: [number, readonly string[]][] =
    map instanceof Map ? [...map.entries()] : Object.entries(map).map(([k, v]) => [Number(k), v as readonly string[]]);
  for (const [w, svcs] of entries) sets.set(w, new Set(svcs));
  return (w, s) => sets.get(w)?.has(s) ?? false;
}

/**
 * n_i for every record (same order as `records`). A record without a call window (firstWindow,
 * else lastWindow) cannot overtake anyone. O(n log n + Σ calls inside each wait).
 */
export function overtakes(records: readonly KpiRecord[], windows: WindowServices): number[] {
  const serves = servesOf(windows);
  const called = records
    .map((r, k) => ({ r, k, c: r.firstCalledAt, w: r.firstWindow ?? r.lastWindow ?? null, e: callableOf(r) }))
    .filter((x): x is { r: KpiRecord; k: number; c: number; w: number; e: number } => x.c !== null && x.w !== null && x.e !== null)
    .sort((a, b) => a.c - b.c || a.k - b.k);
  return records.map((ri, i) => {
    const ei = callableOf(ri);
    const si = serviceOf(ri);
    if (ei === null) return 0;
    const end = ri.firstCalledAt ?? ri.endedAt ?? Number.POSITIVE_INFINITY;
    // first call at or after e_i
    let lo = 0;
    let hi = called.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (called[mid]!.c < ei) lo = mid + 1;
      else hi = mid;
    }
    let n = 0;
    for (let q = lo; q < called.length && called[q]!.c < end; q++) {
      const j = called[q]!;
      if (j.k !== i && j.e > ei && serves(j.w, si)) n++;
    }
    return n;
  });
}
