/**
 * A centre: the engine's public face. `execute(command)` decides the events of a command from the
 * current state and applies them; `decide` only decides (for callers that persist first, such as
 * a server with optimistic append); `apply` folds events in; `Centre.replay` rebuilds from a log;
 * `snapshot` / `Centre.restore` save and load the whole state at one version (src/snapshot.ts).
 */
import type { Command, CommandOf, CommandType, Outcome, OutcomeOf } from './commands.ts';
import { createConfig, isBuiltConfig, type CentreConfig } from './config.ts';
import type { CentreInput } from './config-types.ts';
import { decideBook, decideCheckIn, decideHoldSlot, decideReleaseHold } from './decide-bookings.ts';
import { refuse } from './decide-common.ts';
import { show } from './errors.ts';
import { isTime } from './time.ts';
import { decideCancel, decideIssueWalkIn, decidePark, decideResume, decideTransfer } from './decide-tickets.ts';
import {
  decideCallNext,
  decideCloseWindow,
  decideComplete,
  decideEndBreak,
  decideNoShow,
  decideOpenWindow,
  decideRecall,
  decideRequeue,
  decideStart,
  decideStartBreak,
} from './decide-windows.ts';
import type { QueueEvent } from './events.ts';
import { restoreState, takeSnapshot, type CentreSnapshot } from './snapshot.ts';
import { CentreState } from './state.ts';
import { decideTick } from './tick.ts';
import { CentreQueries } from './queries.ts';

type Decider<T extends CommandType> = (st: CentreState, cmd: CommandOf<T>, now: number) => OutcomeOf<T>;

const DECIDERS: { [T in CommandType]: Decider<T> } = {
  issueWalkIn: decideIssueWalkIn,
  holdSlot: decideHoldSlot,
  releaseHold: decideReleaseHold,
  book: decideBook,
  cancel: decideCancel,
  checkIn: decideCheckIn,
  openWindow: decideOpenWindow,
  closeWindow: decideCloseWindow,
  startBreak: decideStartBreak,
  endBreak: decideEndBreak,
  callNext: decideCallNext,
  recall: decideRecall,
  start: decideStart,
  complete: decideComplete,
  noShow: decideNoShow,
  requeue: decideRequeue,
  park: decidePark,
  resume: decideResume,
  transfer: decideTransfer,
  tick: decideTick,
};

export const COMMAND_TYPES = Object.keys(DECIDERS) as CommandType[];

/** How many idempotent answers a centre remembers for exact repeats (older keys still dedupe). */
const ANSWERS_KEPT = 10_000;

export class Centre extends CentreQueries {
  private readonly answers = new Map<string, { fingerprint: string; outcome: Outcome }>();
  /** The idempotency key of the command `decide` last read (execute remembers the answer under it). */
  private decidedKey: unknown = undefined;

  constructor(config: CentreConfig | CentreInput) {
    super(new CentreState(isBuiltConfig(config) ? config : createConfig(config)));
  }

  get config(): CentreConfig {
    return this.st.config;
  }
  /** Number of events applied: the version an optimistic append expects. */
  get version(): number {
    return this.st.version;
  }
  /** Time of the last applied event (ms), -Infinity before the first. */
  get clock(): number {
    return this.st.clock;
  }

  /** Rebuilds a centre by folding a log of events from empty. */
  static replay(config: CentreConfig | CentreInput, events: Iterable<QueueEvent>): Centre {
    const c = new Centre(config);
    for (const ev of events) c.st.apply(ev);
    return c;
  }

  /**
   * Rebuilds a centre from a snapshot taken with the same configuration (then `apply` the events
   * after `snapshot.version`). Throws SnapshotMismatchError (QC_ERR_SNAPSHOT_MISMATCH) for a
   * snapshot of another centre, configuration or format.
   */
  static restore(config: CentreConfig | CentreInput, snapshot: CentreSnapshot): Centre {
    const c = new Centre(config);
    restoreState(c.st, snapshot);
    return c;
  }

  /** The whole logical state at `version` as plain data (a copy; see src/snapshot.ts). */
  snapshot(): CentreSnapshot {
    return takeSnapshot(this.st);
  }

  /**
   * Decides a command without applying it. `now` earlier than the last event is taken as the last
   * event's time (clocks of several servers may differ slightly; the log stays ordered).
   */
  decide<T extends CommandType>(cmd: CommandOf<T>): OutcomeOf<T>;
  decide(cmd: Command): Outcome;
  decide(cmd: Command): Outcome {
    if (cmd === null || typeof cmd !== 'object') return refuse('QC_ERR_BAD_COMMAND', { reason: 'a command is an object' });
    const type = cmd.type;
    const cmdNow = cmd.now;
    if (!isTime(cmdNow)) {
      if (!Object.hasOwn(DECIDERS, type)) return unknownType(type);
      return refuse('QC_ERR_BAD_TIME', { now: cmdNow });
    }
    const key = (cmd as { key?: unknown }).key;
    this.decidedKey = key;
    if (key !== undefined) {
      if (!Object.hasOwn(DECIDERS, type)) return unknownType(type);
      if (typeof key !== 'string' || key.length === 0 || key.length > 128) return refuse('QC_ERR_BAD_COMMAND', { reason: 'key must be 1–128 characters' });
      const seen = this.seen(key, cmd);
      if (seen) return seen;
    }
    const st = this.st;
    const out = decideCommand(st, cmd, cmdNow < st.clock ? st.clock : cmdNow);
    if (key !== undefined && out.ok && out.events.length > 0) {
      const [first, ...rest] = out.events;
      return { ...out, events: [{ ...first!, key }, ...rest] };
    }
    return out;
  }

  /** Decides and applies a command. */
  execute<T extends CommandType>(cmd: CommandOf<T>): OutcomeOf<T>;
  execute(cmd: Command): Outcome;
  execute(cmd: Command): Outcome {
    // A well-formed command without a key (the usual case) goes straight to its decider; anything
    // else takes the general path below, which also gives every refusal of a malformed command.
    if (cmd !== null && typeof cmd === 'object' && (cmd as { key?: unknown }).key === undefined) {
      const cmdNow = cmd.now;
      if (isTime(cmdNow)) {
        const st = this.st;
        const now = cmdNow < st.clock ? st.clock : cmdNow;
        // The commands the simulator sends most, each with its own loop: its reads of each event's
        // type, time and key (CentreState.fold) see only that command's few event shapes
        // (monomorphic loads); in `apply`, which sees every shape, they were megamorphic.
        switch (cmd.type) {
          case 'issueWalkIn': {
            const out = decideIssueWalkIn(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
          case 'callNext': {
            const out = decideCallNext(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
          case 'start': {
            const out = decideStart(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
          case 'complete': {
            const out = decideComplete(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
          case 'park': {
            const out = decidePark(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
          case 'resume': {
            const out = decideResume(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
          case 'book': {
            const out = decideBook(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
          case 'checkIn': {
            const out = decideCheckIn(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
          case 'cancel': {
            const out = decideCancel(st, cmd, now);
            if (out.ok) {
              const events = out.events;
              for (let i = 0; i < events.length; i++) {
                const ev = events[i]!;
                st.fold(ev, ev.type, ev.at, ev.key);
              }
            }
            return out;
          }
        }
        const out = decideCommand(st, cmd, now);
        if (out.ok) {
          const events = out.events;
          for (let i = 0; i < events.length; i++) st.apply(events[i]!);
        }
        return out;
      }
    }
    this.decidedKey = undefined;
    const out = this.decide(cmd);
    // A duplicate's answer has no events: nothing to apply or remember.
    if (out.ok && out.events.length > 0) {
      const events = out.events;
      for (let i = 0; i < events.length; i++) this.st.apply(events[i]!);
      const key = this.decidedKey;
      if (typeof key === 'string') this.remember(key, cmd, out);
    }
    return out;
  }

  /** Folds events decided elsewhere (another server instance, or a store at start-up). */
  apply(events: readonly QueueEvent[]): void {
    for (const ev of events) this.st.apply(ev);
  }

  /**
   * Records the answer of a command decided with `decide` and applied with `apply`, so that a
   * repeat of its idempotency key returns the same answer.
   */
  remember(key: string, cmd: Command, outcome: Outcome): void {
    this.answers.set(key, { fingerprint: fingerprint(cmd), outcome: { ...outcome, events: [], duplicate: true } as Outcome });
    if (this.answers.size > ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value!);
  }

  private seen(key: string, cmd: Command): Outcome | null {
    // The state decides whether a key is known (the log, or forgotten after keepIdempotencyKeysDays);
    // the answers of this process only add the first answer to a repeat of a key still known.
    const version = this.st.idempotency.get(key);
    if (version === undefined) {
      this.answers.delete(key);
      return null;
    }
    const known = this.answers.get(key);
    if (known) {
      return known.fingerprint === fingerprint(cmd) ? known.outcome : refuse('QC_ERR_IDEMPOTENCY_KEY_REUSED', { key });
    }
    // Known from the log but not answered by this process (after a restart): nothing new happens.
    return { ok: true, events: [], result: { replayed: true, version }, duplicate: true };
  }
}

/**
 * Decides a well-formed command on `st` at `now`. Every command by name: direct calls the compiler
 * can inline (a lookup in DECIDERS is a megamorphic call); the table stays the list of command types.
 * A standalone function, called by `decide` and by `execute`'s path for commands without a key.
 */
function decideCommand(st: CentreState, cmd: Command, now: number): Outcome {
  const type = cmd.type;
  let out: Outcome;
  switch (type) {
    case 'issueWalkIn':
      out = decideIssueWalkIn(st, cmd, now);
      break;
    case 'callNext':
      out = decideCallNext(st, cmd, now);
      break;
    case 'start':
      out = decideStart(st, cmd, now);
      break;
    case 'complete':
      out = decideComplete(st, cmd, now);
      break;
    case 'park':
      out = decidePark(st, cmd, now);
      break;
    case 'resume':
      out = decideResume(st, cmd, now);
      break;
    case 'book':
      out = decideBook(st, cmd, now);
      break;
    case 'checkIn':
      out = decideCheckIn(st, cmd, now);
      break;
    case 'cancel':
      out = decideCancel(st, cmd, now);
      break;
    case 'tick':
      out = decideTick(st, cmd, now);
      break;
    case 'recall':
      out = decideRecall(st, cmd, now);
      break;
    case 'noShow':
      out = decideNoShow(st, cmd, now);
      break;
    case 'requeue':
      out = decideRequeue(st, cmd, now);
      break;
    case 'transfer':
      out = decideTransfer(st, cmd, now);
      break;
    case 'holdSlot':
      out = decideHoldSlot(st, cmd, now);
      break;
    case 'releaseHold':
      out = decideReleaseHold(st, cmd, now);
      break;
    case 'openWindow':
      out = decideOpenWindow(st, cmd, now);
      break;
    case 'closeWindow':
      out = decideCloseWindow(st, cmd, now);
      break;
    case 'startBreak':
      out = decideStartBreak(st, cmd, now);
      break;
    case 'endBreak':
      out = decideEndBreak(st, cmd, now);
      break;
    default:
      // \`satisfies never\`: a command type without a case here does not compile
      return unknownType(type satisfies never);
  }
  return out;
}

function unknownType(type: unknown): Outcome<never> {
  return refuse('QC_ERR_BAD_COMMAND', { reason: `unknown command type ${show(type)}` });
}

function fingerprint(cmd: Command): string {
  const { now: _now, key: _key, ...rest } = cmd as Command & { key?: string };
  const keys = Object.keys(rest).sort();
  try {
    return JSON.stringify(rest, keys);
  } catch {
    // A field JSON cannot write (a BigInt, a cyclic object): field by field, so that making the
    // fingerprint never throws (execute remembers an answer after its events are applied).
    const fields = rest as Record<string, unknown>;
    return `!${keys.map((k) => `${JSON.stringify(k)}:${show(fields[k])}`).join(',')}`;
  }
}

