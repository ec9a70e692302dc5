/**
 * Smoke test of the replay: the mobile-bus example day (116 citizens, ~1,000 commands) replayed over
 * HTTP against a real server process with the replay clock, as fast as possible and paced; the
 * end-to-end consistency check must hold (every answer, the day statistics before the end of day
 * and at the end, the event count). And the check itself must catch a difference. No speed assertion.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_ROOT } from '../src/lib/machine.ts';
import { CommandMapper } from '../src/replay/http-commands.ts';
import { replayMarkdown, replayTable } from '../src/replay/replay-report.ts';
import { runReplaySuite } from '../src/replay/replay-suite.ts';

const SPEC = path.join(BENCH_ROOT, '..', 'sim', 'examples', 'mobile-bus.json');

describe('replay of a simulated day (small spec)', () => {
  it('replays the day over HTTP and the server ends with the simulator’s statistics', async () => {
    const r = await runReplaySuite({ specFile: SPEC, spec: JSON.parse(readFileSync(SPEC, 'utf8')), seed: 2025, store: 'redis', speeds: [100_000], window: 16, log: () => {} });
    expect(r.runs).toHaveLength(2);
    for (const run of r.runs) {
      expect(run.commands).toBe(r.day.commands);
      expect(run.mismatches, run.firstMismatches.join('\n')).toBe(0);
      expect(run.dayEndChecks.length).toBeGreaterThan(0);
      expect(run.statsEqual).toBe(true);
      expect(run.serverEvents).toBe(r.day.events);
      expect(run.consistent).toBe(true);
      expect(run.speedUp).toBeGreaterThan(0);
    }
    expect(r.runs[0]!.lagMs).toBeNull();
    expect(r.runs[1]!.lagMs).not.toBeNull();
    expect(r.day.closingStats.total.issued).toBeGreaterThan(100);
    expect(r.targets[0]!.pass).toBe(true);
    expect(r.targets[1]!.pass).toBeNull(); // not a 2,500-citizen day
    expect(replayTable(r)).toContain('| as fast as possible |');
    expect(replayMarkdown(r)).toContain('## Machine');
  });

  it('catches an answer that differs from the simulator’s', () => {
    const m = new CommandMapper('c');
    const rec = { cmd: { type: 'callNext' as const, now: 1, window: 1 }, refused: null, ticket: 7, events: 1 };
    expect(m.check(rec, { status: 200, body: { ticket: 7 } })).toBeNull();
    expect(m.check(rec, { status: 200, body: { ticket: 8 } })).toMatch(/ticket 8 from the server, 7 from the simulator/);
    expect(m.check(rec, { status: 409, body: { code: 'SRV_ERR_STATE_CONFLICT' } })).toMatch(/answered 409/);
    expect(m.check({ ...rec, refused: 'QC_ERR_WINDOW_BUSY', ticket: null }, { status: 200, body: { ticket: 7 } })).toMatch(/refused/);
  });
});
