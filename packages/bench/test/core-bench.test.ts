/**
 * Smoke test of the core suite in a tiny mode: the result has the promised shape, the engine and
 * flatqueue really ran, and the engine's queue stayed at the requested depth. No timing assertion:
 * speed is shown by `pnpm bench core`, as ratios measured in one run.
 */
import { describe, expect, it } from 'vitest';
import { coreMarkdown, coreTable } from '../src/core/core-report.ts';
import { runCoreSuite, QUICK_OPTIONS } from '../src/core/core-suite.ts';
import { benchCentre, SERVICE_COUNT, WINDOW_COUNT } from '../src/core/centre-fixture.ts';
import { EngineDriver } from '../src/core/engine-driver.ts';

describe('core benchmark (tiny mode)', () => {
  it('runs engine and flatqueue pairs at constant depth and reports ratios, targets and memory', async () => {
    const r = await runCoreSuite({ ...QUICK_OPTIONS, depths: [1_000], repeats: 1, timeMs: 40, warmupMs: 10, memoryDepth: 1_000 });

    expect(r.runs).toHaveLength(1);
    const run = r.runs[0]!;
    expect(run.depth).toBe(1_000);
    expect(run.engine.pairs).toBeGreaterThan(0);
    expect(run.engine.batches).toBeGreaterThan(0);
    expect(run.flatqueue.pairs).toBeGreaterThan(0);
    expect(run.engine.depthAfter).toBe(1_000); // the engine's own count of waiting tickets
    expect(run.flatqueue.depthAfter).toBe(1_000);
    expect(run.engine.pairsPerSec).toBeGreaterThan(0);
    expect(run.ratio).toBeCloseTo(run.engine.pairsPerSec / run.flatqueue.pairsPerSec, 10);

    const d = r.depths[0]!;
    expect(d.depth).toBe(1_000);
    expect(d.ratio.min).toBeLessThanOrEqual(d.ratio.median);
    expect(d.ratio.median).toBeLessThanOrEqual(d.ratio.max);
    expect(r.slowdown).toBeNull(); // one depth: nothing to compare

    expect(r.memory?.depth).toBe(1_000);
    expect(r.memory?.waiting).toBe(1_000);
    expect(r.memory!.bytesPerTicket).toBeGreaterThan(0);

    // Depth 10k and 100k were not measured: those targets say so instead of passing.
    expect(r.targets.map((t) => t.pass)).toEqual([null, null, null]);
    expect(r.machine.node).toBe(process.version);
    expect(r.setup).toMatchObject({ services: SERVICE_COUNT, windows: WINDOW_COUNT });

    expect(coreTable(r)).toContain('| 1,000 |');
    expect(coreMarkdown(r)).toContain('## Machine');
  });

  it('builds the centre the brief asks for: 50 services, 40 windows of 3–10 services of their own agency', () => {
    const f = benchCentre(QUICK_OPTIONS.centreSeed);
    expect(f.serviceIds).toHaveLength(50);
    expect(f.windowNumbers).toHaveLength(40);
    for (const [w, services] of f.windowServices.entries()) {
      expect(services.length).toBeGreaterThanOrEqual(3);
      expect(services.length).toBeLessThanOrEqual(10);
      const agency = f.input.windows[w]!.agency;
      for (const s of services) expect(f.input.services[s]!.agency).toBe(agency);
    }
    for (const windows of f.serviceWindows) expect(windows.length).toBeGreaterThan(0);
  });

  it('keeps the depth while pairs run, and every callNext calls someone', () => {
    const driver = new EngineDriver(QUICK_OPTIONS.centreSeed, QUICK_OPTIONS.workloadSeed);
    driver.prefill(500);
    let pairs = 0;
    for (let i = 0; i < 50; i++) pairs += driver.runBatch().pairs;
    expect(pairs).toBe(driver.pairs);
    expect(driver.depth).toBe(500);
    expect(driver.engineDepth()).toBe(500);
  });
});
