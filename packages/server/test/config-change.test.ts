/**
 * The network configuration changes between restarts while the store keeps its log: a centre or a
 * window added starts as before, with what was stored; a window (or service) that the log names
 * but the configuration no longer has cannot be folded by the engine — the start is refused with a
 * coded configuration problem naming the centre and what to do, not an engine invariant's stack.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CentreInput } from '@asan/queue-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CENTRE } from '../src/config/demo-network.ts';
import { ServerConfigError } from '../src/config/validate-config.ts';
import { C, DESK, ManualClock, at, configInputOf, json, MON, op, post, tempDir, testApp, testConfig } from './helpers.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SERVER_DIR = fileURLToPath(new URL('../', import.meta.url));

const withoutWindow1: CentreInput = { ...DEMO_CENTRE, windows: DEMO_CENTRE.windows.filter((w) => w.number !== 1) };
const withoutPassport: CentreInput = {
  ...DEMO_CENTRE,
  services: DEMO_CENTRE.services.filter((s) => s.id !== 'passport'),
  windows: DEMO_CENTRE.windows.map((w) => ({ ...w, services: w.services.filter((s) => s !== 'passport') })),
};

describe('a configuration changed between restarts, on the same data directory', () => {
  const tmp = tempDir();
  const clock = new ManualClock(at(MON, '10:00'));
  let token: string;
  beforeAll(async () => {
    const t = await testApp({ dataDir: tmp.dir, clock });
    expect((await post(t.app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
    const issued = await post(t.app, `${C}/tickets`, DESK, { service: 'passport', name: 'Aysel' });
    expect(issued.statusCode).toBe(201);
    token = json<{ token: string }>(issued).token;
    expect((await post(t.app, `${C}/windows/1/call-next`, op(1))).statusCode).toBe(200);
    await t.close();
  });
  afterAll(() => tmp.remove());

  it('a centre and a window added: starts, with what was stored', async () => {
    const more: CentreInput = { ...DEMO_CENTRE, windows: [...DEMO_CENTRE.windows, { ...DEMO_CENTRE.windows[0]!, number: 99 }] };
    const t = await testApp({ dataDir: tmp.dir, clock, config: testConfig({}, [more, { ...DEMO_CENTRE, id: 'baku-2', name: 'Baku 2' }]) });
    try {
      const status = await t.app.inject({ url: `${C}/status/${token}` });
      expect(status.statusCode).toBe(200);
      expect(json(status)).toMatchObject({ state: 'called', window: { number: 1 } });
      expect((await t.app.inject({ url: '/api/centres/baku-2/load' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  for (const [what, centre, names] of [
    ['a window the log names removed', withoutWindow1, /window 1/],
    ['a service the log names removed', withoutPassport, /service passport/],
  ] as const) {
    it(`${what}: refused, SRV_ERR_CONFIG_INVALID naming the centre and what to do`, async () => {
      let caught: unknown;
      try {
        const t = await testApp({ dataDir: tmp.dir, clock, config: testConfig({}, [centre]) });
        await t.close();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ServerConfigError);
      const problems = (caught as ServerConfigError).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]!.path).toBe('centres[0]');
      expect(problems[0]!.message).toMatch(names);
      expect(problems[0]!.message).toMatch(/^centre baku-1: its stored log .* this configuration/);
      expect(problems[0]!.message).toMatch(/keep it in the configuration/);
    });
  }

  it('the same from the command line: one coded message, exit code 2, no stack trace', async () => {
    const file = join(tmp.dir, 'network.json');
    writeFileSync(file, JSON.stringify({ ...configInputOf(testConfig({}, [withoutWindow1])), store: { kind: 'embedded', dataDir: tmp.dir }, logLevel: 'warn' }));
    const env = { ...process.env };
    for (const k of ['REDIS_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'ASAN_SECRET']) delete env[k];
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--config', file, '--port', '0'], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }, 20_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(timer);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/^SRV_ERR_CONFIG_INVALID: Server configuration is invalid: 1 problem\(s\):\n {2}- centres\[0\]: centre baku-1: its stored log .*window 1/);
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 30_000);
});
