/**
 * How many bookings and live holds each (service, slot) has: one map of slot time → count per
 * service, so a booking's capacity check and its fold need no key string. Its plain-data form
 * (snapshots, the state dump) is the list of `${service}|${slot}` → count pairs it always was.
 */
export class SlotUse {
  private readonly perService: Map<number, number>[];

  constructor(services: number) {
    this.perService = Array.from({ length: services }, () => new Map<number, number>());
  }

  get(service: number, slot: number): number {
    return this.perService[service]!.get(slot) ?? 0;
  }

  add(service: number, slot: number, delta: number): void {
    const m = this.perService[service]!;
    const n = (m.get(slot) ?? 0) + delta;
    if (n <= 0) m.delete(slot);
    else m.set(slot, n);
  }

  /**
   * Forgets the slots before `t` — called as a new local day starts with `t` its midnight: nothing
   * can be booked or held on a past day, so their counts are never read again, and a long-running
   * centre would otherwise keep every slot of its history (in memory and in every snapshot).
   */
  forgetBefore(t: number): void {
    for (const m of this.perService) for (const slot of m.keys()) if (slot < t) m.delete(slot);
  }

  /** `${service}|${slot}` → count, by service then in the order the slots were first used. */
  entries(): [string, number][] {
    const out: [string, number][] = [];
    this.perService.forEach((m, s) => m.forEach((n, slot) => out.push([`${s}|${slot}`, n])));
    return out;
  }

  /** Loads `entries()` of a snapshot; false when a key names no service of this configuration. */
  load(entries: readonly (readonly [string, number])[]): boolean {
    for (const [key, n] of entries) {
      const bar = key.indexOf('|');
      const s = Number(key.slice(0, bar));
      const slot = Number(key.slice(bar + 1));
      if (bar < 1 || !Number.isInteger(s) || this.perService[s] === undefined || !Number.isFinite(slot)) return false;
      this.perService[s]!.set(slot, n);
    }
    return true;
  }
}
