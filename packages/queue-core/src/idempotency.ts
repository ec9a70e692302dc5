/**
 * The idempotency keys the state knows, and how long it keeps them. The fold records the key of
 * each keyed command's first event (`add`) and, as each local day starts, forgets the keys of days
 * more than `keepIdempotencyKeysDays` ago (`startDay`); Centre asks whether a key is known (`get`).
 * Its plain-data form (snapshots, the state dump) is the two lists it always was: `idempotency`
 * (key, version) in the order the keys came, and `keyDays` (day, first version of that day).
 */
export class IdempotencyKeys {
  /**
   * idempotency key → version of the first event its command produced, in the order the keys came
   * (so in version order): keys of days more than `keepDays` ago are dropped from the front when a
   * day starts (see startDay).
   */
  private readonly versions = new Map<string, number>();
  /**
   * [day, version of the day's first event] for the days with events that may still have known
   * keys, oldest first: where the versions of a day begin, to find the keys to forget.
   */
  private readonly days: [number, number][] = [];

  /** `keepDays`: the config's keepIdempotencyKeysDays. */
  constructor(private readonly keepDays: number) {}

  /** The version of the first event of the command that came with `key`; undefined when the key is not known (new, or forgotten). */
  get(key: string): number | undefined {
    return this.versions.get(key);
  }

  /** Records `key` as that of the event of version `version` (the fold; a key on an event is new to this state). */
  add(key: string, version: number): void {
    // (at the end, so the map stays in version order)
    this.versions.delete(key);
    this.versions.set(key, version);
  }

  /**
   * Idempotency keys are kept for `keepDays` days after the day of their command: as day `day`
   * starts (its first event, of version `version`, not yet counted), the keys of days before
   * day − keep are forgotten — those with a version below the first version of the oldest day still
   * kept. Only the events decide this, so a replay and a restored snapshot forget the same keys at
   * the same event.
   */
  startDay(day: number, version: number): void {
    const marks = this.days;
    const oldest = day - this.keepDays;
    let drop = 0;
    while (drop < marks.length && marks[drop]![0] < oldest) drop++;
    if (drop > 0) {
      // Versions below this one belong to forgotten days (the next kept day's start, or now).
      const cut = drop < marks.length ? marks[drop]![1] : version;
      marks.splice(0, drop);
      for (const [key, v] of this.versions) {
        if (v >= cut) break;
        this.versions.delete(key);
      }
    }
    marks.push([day, version]);
  }

  /** The known keys with their versions, in the order they came (a snapshot's `idempotency`). */
  entries(): [string, number][] {
    return [...this.versions.entries()];
  }

  /** [day, first version of that day] of the days whose keys are still known, oldest first (a snapshot's `keyDays`; copies). */
  dayMarks(): [number, number][] {
    return this.days.map(([d, v]) => [d, v]);
  }

  /** Loads `entries()` and `dayMarks()` of a snapshot (into a state with no keys). */
  load(entries: readonly (readonly [string, number])[], days: readonly (readonly [number, number])[]): void {
    for (const [k, v] of entries) this.versions.set(k, v);
    for (const [d, v] of days) this.days.push([d, v]);
  }
}
