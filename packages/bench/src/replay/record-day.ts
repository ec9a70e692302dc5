/**
 * Records a simulated centre-day: runs the simulator (`simulate`, same spec and seed as
 * `pnpm sim`) and keeps every command it gives the engine, with the engine's answer (ok, or the
 * refusal code; the ticket id for issues and bookings), in order. The simulator is not changed: for
 * the length of the run `Centre.prototype.execute` is wrapped to take the notes (and restored
 * afterwards), which is also how the simulator's own centre is reached to read its day statistics
 * and version at the end.
 */
import { Centre, type Command, type DayStats, type Outcome } from '@asan/queue-core';
import { createScenario, simulate, summarizeRun, type RunResult, type Scenario } from '@asan/sim';

export interface RecordedCommand {
  readonly cmd: Command;
  /** null: accepted; else the engine's refusal code. */
  readonly refused: string | null;
  /** issueWalkIn / book: the ticket id the engine gave; callNext: the ticket called (or null). */
  readonly ticket: number | null;
  readonly events: number;
  /**
   * A tick that ended the day: the engine's day statistics just before it (after the end of the
   * day they start again from zero, so this is the checkpoint that says something).
   */
  readonly statsBeforeDayEnd?: DayStatsAnswer;
}

/** Day statistics as the server answers them (date NaN → null). */
export type DayStatsAnswer = Omit<DayStats, 'date'> & { readonly date: number | null };

export function statsAnswer(stats: DayStats): DayStatsAnswer {
  return { ...stats, date: Number.isNaN(stats.date) ? null : stats.date };
}

export interface RecordedDay {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly run: RunResult;
  readonly commands: readonly RecordedCommand[];
  /** The simulator's engine at the end of the day: its statistics (date NaN → null, as the server answers) and version. */
  readonly dayStats: DayStatsAnswer;
  readonly version: number;
  readonly summary: ReturnType<typeof summarizeRun>;
}

function ticketOf(cmd: Command, out: Outcome): number | null {
  if (!out.ok) return null;
  const r = out.result as { ticket?: number | null } | undefined;
  return cmd.type === 'issueWalkIn' || cmd.type === 'book' || cmd.type === 'callNext' ? (r?.ticket ?? null) : null;
}

export function recordDay(spec: unknown, seed: number): RecordedDay {
  const scenario = createScenario(spec);
  const commands: RecordedCommand[] = [];
  const centres = new Set<Centre>();
  const original = Centre.prototype.execute;
  const recorder = function (this: Centre, cmd: Command): Outcome {
    const before = cmd.type === 'tick' ? this.dayStats() : undefined;
    const out = original.call(this, cmd);
    centres.add(this);
    const endsDay = out.ok && out.events.some((e) => e.type === 'day.ended');
    commands.push({
      // a copy: the simulator reuses its command objects (the engine keeps no reference to one)
      cmd: { ...cmd },
      refused: out.ok ? null : out.error.code,
      ticket: ticketOf(cmd, out),
      events: out.ok ? out.events.length : 0,
      ...(endsDay && before ? { statsBeforeDayEnd: statsAnswer(before) } : {}),
    });
    return out;
  };
  let run: RunResult;
  Centre.prototype.execute = recorder as typeof Centre.prototype.execute;
  try {
    run = simulate(scenario, { seed, days: 1 });
  } finally {
    Centre.prototype.execute = original;
  }
  if (centres.size !== 1) throw new Error(`expected the simulator to run one centre, saw ${centres.size}`);
  const centre = [...centres][0]!;
  if (centre.version !== run.events) throw new Error(`recorded centre has ${centre.version} events, the run says ${run.events}`);
  return {
    scenario,
    seed,
    run,
    commands,
    dayStats: statsAnswer(centre.dayStats()),
    version: centre.version,
    summary: summarizeRun(scenario, run),
  };
}
