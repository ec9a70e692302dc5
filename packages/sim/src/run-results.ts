/** What a finished run gives back: per-citizen records (`simulate`) or counts only (`sim year`). */
import { C_DONE, C_PLANNED, tallyRows } from './citizen.ts';
import type { RunResult, SimRecord } from './records.ts';
import type { Run } from './simulate.ts';

/** What a run did, summed over its days (no per-citizen records). */
export interface RunCounts {
  readonly days: number;
  readonly citizens: number;
  /** Walk-ins who took a ticket and bookings who checked in (not turned away). */
  readonly arrived: number;
  readonly served: number;
  readonly abandoned: number;
  readonly noShows: number;
  readonly turnedAway: number;
  readonly transfers: number;
  readonly commands: number;
  readonly events: number;
}

/** The final engine state of citizens still live when the run ended. */
function settle(run: Run): void {
  const cs = run.citizens;
  const at = run.table.A;
  for (let k = 0; k < run.table.n; k++) {
    if (at[k] === C_DONE) continue; // (most: read where they are from the dense array, not the handle)
    const c = cs[k]!;
    if (c.ticket !== -1) c.state = run.centre.ticket(c.ticket)!.state;
    else if (c.at === C_PLANNED) c.state = 'none';
  }
}

/** Counts only (no per-citizen records): for long runs that need totals (`sim year`). */
export function countsOf(run: Run): RunCounts {
  settle(run);
  const { arrived, served, abandoned, noShows, turnedAway, transfers } = tallyRows(run.table);
  return { days: run.days, citizens: run.table.n, arrived, served, abandoned, noShows, turnedAway, transfers, commands: run.commands, events: run.centre.version };
}

export function resultOf(run: Run): RunResult {
  run.win.endAll(run.now);
  settle(run);
  const wn = run.windowNumbers;
  const services = run.cfg.services;
  const cs = run.citizens;
  const n = run.table.n;
  // (sized once: growing the array by push copied it ~10 times for a day of 800 citizens)
  const records = new Array<SimRecord>(n);
  for (let k = 0; k < n; k++) records[k] = cs[k]!.record(wn, services);
  return Object.freeze({
    scenario: run.sc.id,
    seed: run.seed,
    days: run.days,
    originMs: run.sc.originMs,
    endMs: run.now,
    records: Object.freeze(records),
    duty: Object.freeze(run.win.duty),
    commands: run.commands,
    events: run.centre.version,
  });
}
