/**
 * The system under test: a real `Centre`, driven through its public API only, plus an observer
 * centre that folds the same events (queries that promote pending bookings run there, so they can
 * never hide a decider that forgot to promote). A `Tamper` turns it into a deliberately broken
 * engine: decide → tamper with the events → apply (fairness-broken.prop.test.ts).
 */
import { Centre, type CentreInput, type Command, type Outcome, type QueueEvent } from '../../src/index.ts';

export interface Tamper {
  readonly name: string;
  /** Replaces the engine's decision (return undefined to keep it). */
  decide?(cmd: Command, sut: Sut): Outcome | undefined;
  /** Rewrites the events of an accepted command before they are applied. */
  events?(cmd: Command, events: readonly QueueEvent[], sut: Sut): QueueEvent[];
  /** Rewrites the log handed to replay. */
  replayLog?(log: readonly QueueEvent[]): QueueEvent[];
}

export class Sut {
  readonly live: Centre;
  readonly observer: Centre;
  readonly log: QueueEvent[] = [];
  readonly commands: Command[] = [];
  readonly outcomes: Outcome[] = [];

  constructor(
    readonly input: CentreInput,
    readonly tamper?: Tamper,
  ) {
    this.live = new Centre(input);
    this.observer = new Centre(input);
  }

  execute(cmd: Command): Outcome {
    this.commands.push(cmd);
    const out = this.tamper ? this.tampered(cmd) : this.live.execute(cmd);
    if (out.ok && !out.duplicate) {
      this.log.push(...out.events);
      this.observer.apply(out.events);
    }
    this.outcomes.push(out);
    return out;
  }

  private tampered(cmd: Command): Outcome {
    const t = this.tamper!;
    const decided = t.decide?.(cmd, this) ?? this.live.decide(cmd);
    if (!decided.ok || decided.duplicate) return decided;
    const events = t.events ? t.events(cmd, decided.events, this) : [...decided.events];
    this.live.apply(events);
    const out = { ...decided, events };
    const key = 'key' in cmd ? cmd.key : undefined;
    if (key !== undefined && events.length > 0) this.live.remember(key, cmd, out);
    return out;
  }

  /** A centre rebuilt from the log (INV-14). */
  replay(): Centre {
    return Centre.replay(this.input, this.tamper?.replayLog ? this.tamper.replayLog(this.log) : this.log);
  }

  /** A fresh system of the same kind, for the determinism check. */
  fresh(): Sut {
    return new Sut(this.input, this.tamper);
  }
}
