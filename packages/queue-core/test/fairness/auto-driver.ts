/**
 * Auto-call mode (fairness-research.md §3.3, INV-8 and INV-9): a free open window calls at once,
 * the citizen starts at once, and the service ends after a handle time the generator chose (at most
 * h_max). The driver moves the clock from event to event (completions, bookings becoming callable),
 * calling at every free window, and checks the invariants at each step.
 */
import type fc from 'fast-check';
import { callAt, runSpec, type CmdSpec, type Harness } from './model-commands.ts';
import type { RefModel } from './model.ts';

/** Handle time of a call: by call index (auto property) or by ticket (conservation test). */
export type HandleTime = (ticket: number, callIndex: number) => number;

export class AutoDriver {
  /** window number → when its current service ends */
  readonly busyUntil = new Map<number, number>();
  private calls = 0;

  constructor(
    readonly h: Harness,
    readonly handle: HandleTime,
  ) {
    h.advance = (to, label) => this.advanceTo(to, label);
  }

  /** Every free open window calls (in window order) and starts the citizen at once. */
  fill(label: string): void {
    const m = this.h.model;
    for (const w of m.windows) {
      if (!m.isOpen(w) || w.holding !== null) continue;
      const id = callAt(this.h, w.number, label);
      if (id === null) continue;
      this.h.exec({ type: 'start', now: m.now, window: w.number }, m.start(w.number), `${label}: start at ${w.number}`);
      this.busyUntil.set(w.number, m.now + this.handle(id, this.calls++));
    }
  }

  /** Moves the clock to `to`, completing services and calling as windows free up and bookings become callable. */
  advanceTo(to: number, label: string): void {
    const m = this.h.model;
    this.fill(label);
    for (;;) {
      const pending = m.tickets.filter((t) => t.state === 'waiting' && t.e! > m.now).map((t) => t.e!);
      const next = Math.min(...this.busyUntil.values(), ...pending);
      if (!(next <= to)) break;
      m.now = next;
      for (const w of m.windows) {
        if (this.busyUntil.get(w.number) !== next) continue;
        this.busyUntil.delete(w.number);
        this.h.exec({ type: 'complete', now: next, window: w.number }, m.complete(w.number), `${label}: complete at ${w.number}`);
      }
      this.fill(label);
      this.h.checker.afterCommand(`${label} (auto step at ${new Date(next).toISOString()})`, true);
    }
    m.now = Math.max(m.now, to);
    this.fill(label);
  }
}

export interface AutoWorld {
  readonly h: Harness;
  readonly driver: AutoDriver;
}

/** A command of the auto-call property: arrivals, check-ins, cancels and clock moves; calls are the driver's. */
export class AutoCommand implements fc.Command<RefModel, AutoWorld> {
  constructor(readonly spec: CmdSpec) {}
  check(): boolean {
    return true;
  }
  run(m: RefModel, world: AutoWorld): void {
    const label = JSON.stringify(this.spec);
    runSpec(this.spec, m, world.h);
    world.driver.fill(label);
    world.h.checker.afterCommand(label);
  }
  toString(): string {
    return JSON.stringify(this.spec);
  }
}
