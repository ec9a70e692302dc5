/**
 * A config index (service id, class id or window number → index) with a one-entry memo of the
 * last key it found: a command's decide and then its events' fold name the same service, class or
 * window, so the second lookup is a comparison instead of a map probe.
 */
export class MemoIndex {
  private lastKey: unknown = undefined;
  private last = -1;

  constructor(
    private readonly map: ReadonlyMap<string, number> | ReadonlyMap<number, number>,
    private readonly keyType: 'string' | 'number',
  ) {}

  /** The index of `key`, undefined when it is not a key of the right type or not in the index. */
  find(key: unknown): number | undefined {
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
