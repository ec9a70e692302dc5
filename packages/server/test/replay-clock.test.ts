/**
 * The replay clock (`--clock replay`, for replays and benchmarks): time stands still unless an admin
 * request sets it with `x-asan-now`; commands take exactly that `now`; time never goes back; other
 * roles cannot set it; and without the option the header changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { parseCli } from '../src/config/cli.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { ReplayClock } from '../src/http/replay-clock.ts';
import { ADMIN, at, C, configInputOf, DESK, json, MON, post, tempDir, testApp, testConfig } from './helpers.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function replayApp(start: number) {
  const tmp = tempDir();
  const config = createServerConfig({ ...configInputOf(testConfig()), store: { kind: 'embedded', dataDir: tmp.dir, noSync: true } });
  const clock = new ReplayClock(start);
  const app = await buildApp({ config, replayClock: clock, logger: false, jobs: false, defaultMetrics: false });
  await app.ready();
  cleanups.push(() => tmp.remove(), () => app.close());
  return { app, clock };
}

describe('replay clock', () => {
  it('takes now from x-asan-now on admin requests and keeps it until the next one', async () => {
    const { app, clock } = await replayApp(at(MON, '09:00'));
    const ten = at(MON, '10:00');
    expect((await post(app, `${C}/windows/1/open`, { ...ADMIN, 'x-asan-now': String(ten) })).statusCode).toBe(200);
    const t = await post(app, `${C}/tickets`, { ...ADMIN, 'x-asan-now': String(ten + 5_000) }, { service: 'id-card' });
    expect(t.statusCode).toBe(201);
    expect(clock.now()).toBe(ten + 5_000);
    // No header: the clock stands still (the desk's request runs at the last time set).
    expect((await post(app, `${C}/tickets`, DESK, { service: 'id-card' })).statusCode).toBe(201);
    const call = await post(app, `${C}/windows/1/call-next`, { ...ADMIN, 'x-asan-now': String(ten + 65_000) });
    expect(json(call)).toMatchObject({ ticket: 1, waitedMs: 60_000 });
    // Simulated times are continuous: a fraction of a millisecond is kept exactly.
    const exact = ten + 70_000.123456;
    expect((await post(app, `${C}/windows/1/start`, { ...ADMIN, 'x-asan-now': String(exact) })).statusCode).toBe(200);
    expect(clock.now()).toBe(exact);
  });

  it('decides each write at the time its own request set, even when requests overlap (pipelined replays)', async () => {
    const { app } = await replayApp(at(MON, '09:00'));
    const ten = at(MON, '10:00');
    await post(app, `${C}/windows/1/open`, { ...ADMIN, 'x-asan-now': String(ten) });
    // Sent together: queued on the centre and decided later, each at its own time.
    const issued = await Promise.all([1, 2, 3].map((k) => post(app, `${C}/tickets`, { ...ADMIN, 'x-asan-now': String(ten + k * 1_000) }, { service: 'id-card' })));
    expect(issued.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const waited = [];
    for (let k = 0; k < 3; k++) {
      const call = json<{ waitedMs: number }>(await post(app, `${C}/windows/1/call-next`, { ...ADMIN, 'x-asan-now': String(ten + 10_000 + k) }));
      waited.push(call.waitedMs);
      await post(app, `${C}/windows/1/start`, { ...ADMIN, 'x-asan-now': String(ten + 10_000 + k) });
      await post(app, `${C}/windows/1/complete`, { ...ADMIN, 'x-asan-now': String(ten + 10_000 + k) });
    }
    expect(waited).toEqual([9_000, 8_001, 7_002]);
  });

  it('refuses time going back, malformed values and non-admin tokens', async () => {
    const { app, clock } = await replayApp(at(MON, '10:00'));
    const back = await post(app, `${C}/windows/1/open`, { ...ADMIN, 'x-asan-now': String(at(MON, '09:59')) });
    expect(back.statusCode).toBe(400);
    expect(json(back).code).toBe('SRV_ERR_BAD_REQUEST');
    expect((await post(app, `${C}/windows/1/open`, { ...ADMIN, 'x-asan-now': '12abc' })).statusCode).toBe(400);
    const desk = await post(app, `${C}/tickets`, { ...DESK, 'x-asan-now': String(at(MON, '11:00')) }, { service: 'id-card' });
    expect(desk.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `${C}/load`, headers: { 'x-asan-now': String(at(MON, '11:00')) } })).statusCode).toBe(403);
    expect(clock.now()).toBe(at(MON, '10:00'));
  });

  it('is off by default: the header changes nothing', async () => {
    const t = await testApp();
    cleanups.push(() => t.close());
    await post(t.app, `${C}/windows/1/open`, ADMIN);
    const later = at(MON, '15:00');
    await post(t.app, `${C}/tickets`, { ...ADMIN, 'x-asan-now': String(later) }, { service: 'id-card' });
    const status = json<{ total: { issued: number } }>(await t.app.inject({ method: 'GET', url: `${C}/stats/day`, headers: ADMIN }));
    expect(status.total.issued).toBe(1);
    expect(t.clock.now()).toBe(at(MON, '10:00'));
    const call = await post(t.app, `${C}/windows/1/call-next`, ADMIN);
    expect(json(call)).toMatchObject({ ticket: 1, waitedMs: 0 });
  });

  it('is chosen on the command line with --clock replay (default wall)', () => {
    const wall = parseCli([], {});
    const replay = parseCli(['--clock', 'replay'], {});
    expect(!wall.help && wall.clock).toBe('wall');
    expect(!replay.help && replay.clock).toBe('replay');
    expect(() => parseCli(['--clock', 'fast'], {})).toThrow(/--clock must be wall or replay/);
  });
});
