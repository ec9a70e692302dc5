/** Largest key kept in a dense array (window numbers are 1–99,999). */
const DENSE_MAX = 99_999;

/** The memo's key before the first lookup: no key a caller passes equals it (`undefined` would). */
const NO_KEY: unique symbol = Symbol('no key yet');

/**
 * A config index by string (service id or class id → index) with a one-entry memo of the last key
 * found: a command's decide and then its events' fold name the same service or class, so the
 * second lookup is a comparison instead of a map probe.
 */
export class MemoIndex {
  private lastKey: unknown = NO_KEY;
  private last = -1;

  constructor(private readonly map: ReadonlyMap<string, number>) {}

  /** The index of `key`, undefined when it is not a string or not in the index. */
  find(key: unknown): number | undefined {
    if (key === this.lastKey) return this.last;
    if (typeof key !== 'string') return undefined;
    const v = this.map.get(key);
    if (v !== undefined) {
      this.lastKey = key;
      this.last = v;
    }
    return v;
  }
}

/** Per config map of window numbers: its dense array (read-only, shared by every centre), or null when the numbers are not small. */
const DENSE = new WeakMap<ReadonlyMap<number, number>, Int32Array | null>();

function denseOf(map: ReadonlyMap<number, number>): Int32Array | null {
  let dense = DENSE.get(map);
  if (dense !== undefined) return dense;
  dense = null;
  let max = 0;
  let small = true;
  for (const k of map.keys()) {
    if (!(Number.isInteger(k) && k >= 0 && k <= DENSE_MAX)) small = false;
    else if (k > max) max = k;
  }
  if (small) {
    dense = new Int32Array(max + 1).fill(-1);
    for (const [k, v] of map) dense[k] = v;
  }
  DENSE.set(map, dense);
  return dense;
}

/**
 * A config index by number (window number → index), looked up in a dense array by number when the
 * numbers are small non-negative integers (always, for a validated config), else in the map. A
 * class of its own rather than a mode of MemoIndex: each lookup site then sees one shape and the
 * compiler inlines it (window numbers name the window of every call, start and complete).
 */
export class NumberIndex {
  private readonly dense: Int32Array | null;

  constructor(private readonly map: ReadonlyMap<number, number>) {
    this.dense = denseOf(map);
  }

  /** The index of `key`, undefined when it is not a number in the index. */
  find(key: unknown): number | undefined {
    const dense = this.dense;
    if (dense !== null) {
      // a typed array answers undefined for a fractional, negative, NaN or too large index
      const v = typeof key === 'number' ? dense[key] : undefined;
      return v === undefined || v === -1 ? undefined : v;
    }
    return typeof key === 'number' ? this.map.get(key) : undefined;
  }
}
