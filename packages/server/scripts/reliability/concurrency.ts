/**
 * Concurrency, full size: 4 server processes on one private redis-server, 40 windows calling and
 * completing as fast as they can while desks issue 50,000 tickets; then the log is reconciled.
 *
 *   node --import tsx packages/server/scripts/reliability/concurrency.ts [--processes 4] [--windows 40] [--tickets 50000] [--desks 8]
 *
 * Exits 1 when a ticket was called twice or lost, or is not in exactly one final state.
 */
import { runConcurrency } from '../../test/reliability/support/concurrency-scenario.ts';
import { main, numberFlags, progress, report } from './script-io.ts';

main(async () => {
  const flags = numberFlags({ processes: 4, windows: 40, tickets: 50_000, desks: 8 });
  progress(`concurrency: ${JSON.stringify(flags)}`);
  const r = await runConcurrency({ ...flags, progress });
  const rec = r.reconciliation;
  const ok =
    r.acknowledged === flags.tickets &&
    rec.lost.length === 0 &&
    rec.calledTwice.length === 0 &&
    rec.windowDoubleCalls.length === 0 &&
    r.clientDoubleCalls.length === 0 &&
    rec.afterFinal.length === 0 &&
    rec.orphans === 0 &&
    rec.finals.completed === rec.tickets &&
    Object.keys(rec.open).length === 0 &&
    r.statsMismatches.length === 0;
  report('concurrency', {
    ok,
    ...r.options,
    elapsedS: +(r.elapsedMs / 1000).toFixed(1),
    requests: r.tally.requests,
    requestsPerS: Math.round(r.tally.requests / (r.elapsedMs / 1000)),
    resentAfter503: r.tally.resends,
    statuses: r.tally.statuses,
    codes: r.tally.codes,
    acknowledged: r.acknowledged,
    unacknowledged: r.unacknowledged,
    logEvents: rec.events,
    logTickets: rec.tickets,
    calls: rec.calls,
    calledTwice: rec.calledTwice.length,
    windowDoubleCalls: rec.windowDoubleCalls.length,
    clientDoubleCalls: r.clientDoubleCalls.length,
    lost: rec.lost.length,
    finals: rec.finals,
    notFinal: rec.open,
    eventsAfterFinal: rec.afterFinal.length,
    orphanEvents: rec.orphans,
    statsMismatches: r.statsMismatches,
    windowFailures: r.windowFailures.slice(0, 20),
  });
  return ok;
});
