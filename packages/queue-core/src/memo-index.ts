/** Largest key kept in a dense array (window numbers are 1–99,999). */
const DENSE_MAX = 99_999;

/** The memo's key before the first lookup: no key a caller passes equals it (`undefined` would). */
const NO_KEY: unique symbol = Symbol('no key yet');

/**
 * A config index (service id, class id or window number → index). String keys keep a one-entry
 * memo of the last key found: a command's decide and then its events' fold name the same service
 * or class, so the second lookup is a comparison instead of a map probe. Small integer keys (window
 * numbers) are looked up in a dense array instead.
 */
export class MemoIndex {
  private lastKey: unknown = NO_KEY;
  private last = -1;
  /** For small non-negative integer keys (window numbers): index by key, -1 for none, instead of the map. */
  private readonly dense: Int32Array | null = null;

  constructor(
    private readonly map: ReadonlyMap<string, number> | ReadonlyMap<number, number>,
    private readonly keyType: 'string' | 'number',
  ) {
    if (keyType === 'number') {
      const keys = [...(map as ReadonlyMap<number, number>).keys()];
      const max = Math.max(0, ...keys);
      if (keys.every((k) => Number.isInteger(k) && k >= 0) && max <= DENSE_MAX) {
        const dense = new Int32Array(max + 1).fill(-1);
        for (const [k, v] of map as ReadonlyMap<number, number>) dense[k] = v;
        this.dense = dense;
      }
    }
  }

  /** The index of `key`, undefined when it is not a key of the right type or not in the index. */
  find(key: unknown): number | undefined {
    const dense = this.dense;
    if (dense !== null) {
      // a typed array answers undefined for a fractional, negative, NaN or too large index
      const v = typeof key === 'number' ? dense[key] : undefined;
      return v === undefined || v === -1 ? undefined : v;
    }
    if (key === this.lastKey) return this.last;
    if (typeof key !== this.keyType) return undefined;
    const v = (this.map as ReadonlyMap<unknown, number>).get(key);
    if (v !== undefined) {
      this.lastKey = key;
      this.last = v;
    }
    return v;
  }
}
