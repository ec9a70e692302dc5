/**
 * Concurrency, CI size: 2 server processes on one private redis-server, 8 windows calling and
 * completing as fast as they can over HTTP while 4 desks issue 1,500 tickets. The log, read from
 * Redis through the store module, must show no ticket called twice, none lost, every ticket in
 * exactly one final state, and every process's statistics must equal a replay of the log.
 * Full size (4 processes, 40 windows, 50,000 tickets): scripts/reliability/concurrency.ts.
 */
import { describe, expect, it } from 'vitest';
import { runConcurrency } from './support/concurrency-scenario.ts';

describe('several server processes on one Redis under load', () => {
  it('calls no ticket twice, loses none, and ends every ticket in exactly one final state', async () => {
    const r = await runConcurrency({ processes: 2, windows: 8, tickets: 1_500, desks: 4 });
    const rec = r.reconciliation;
    expect(r.acknowledged).toBe(1_500);
    expect(r.unacknowledged).toBe(0);
    expect(r.windowFailures).toEqual([]);
    expect(rec.lost).toEqual([]);
    expect(rec.calledTwice).toEqual([]);
    expect(rec.windowDoubleCalls).toEqual([]);
    expect(r.clientDoubleCalls).toEqual([]);
    expect(rec.afterFinal).toEqual([]);
    expect(rec.orphans).toBe(0);
    expect(rec.tickets).toBe(1_500);
    expect(rec.calls).toBe(1_500);
    expect(rec.finals).toEqual({ completed: 1_500, cancelled: 0, noShow: 0, expired: 0 });
    expect(rec.open).toEqual({});
    expect(r.completedByClients).toBe(1_500);
    expect(r.statsMismatches).toEqual([]);
    // Nothing but lost races may answer 5xx, and those were resent with their key.
    const fiveHundreds = [...r.tally.codes].filter(([code]) => code !== 'SRV_ERR_CONFLICT' && !code.startsWith('SRV_ERR_STATE') && !code.startsWith('SRV_ERR_CENTRE'));
    expect(fiveHundreds).toEqual([]);
  }, 240_000);
});
