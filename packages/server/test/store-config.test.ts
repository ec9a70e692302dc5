/**
 * A store setting of the other store is refused at start, not ignored (README: "unknown settings
 * are refused, not ignored"): a file that gives `store.url` but no `store.kind: "redis"` ran on the
 * embedded store — each instance with its own log, so two instances "sharing" Redis could call one
 * ticket twice. Real process (as `pnpm start` runs it), a configuration file.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_CENTRE, demoTokens } from '../src/config/demo-network.ts';
import { createServerConfig, ServerConfigError } from '../src/config/validate-config.ts';
import { SECRET, tempDir } from './helpers.ts';
import { freePort } from './reliability/support/wait.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SERVER_DIR = fileURLToPath(new URL('../', import.meta.url));

/** Runs the server with a configuration file until it exits or prints its start line (then stopped by its pid). */
async function start(config: object, dir: string): Promise<{ code: number | null; stderr: string; started: boolean }> {
  const file = join(dir, 'network.json');
  writeFileSync(file, JSON.stringify(config));
  const env = { ...process.env };
  for (const k of ['REDIS_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'ASAN_SECRET', 'INIT_CWD']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--log-level', 'warn', '--config', file, '--port', String(await freePort())], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let started = false;
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdout.on('data', (c: Buffer) => {
    if (!started && c.toString('utf8').includes('listening on')) {
      started = true;
      if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    }
  });
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { code, stderr, started };
}

const base = { secret: SECRET, centres: [DEMO_CENTRE], tokens: demoTokens(DEMO_CENTRE), demo: true };

describe('store settings of the other store', () => {
  it('refuses store.url / store.prefix without store.kind "redis" (it ran on the embedded store)', async () => {
    const tmp = tempDir();
    try {
      const r = await start({ ...base, store: { url: 'redis://127.0.0.1:1', prefix: 'prod', dataDir: join(tmp.dir, 'data') } }, tmp.dir);
      expect(r.started, 'started on the embedded store').toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/store\.url: applies to the Redis store only; the store is embedded — set store\.kind to "redis" to use Redis, or remove it/);
      expect(r.stderr).toMatch(/store\.prefix: applies to the Redis store only/);
    } finally {
      tmp.remove();
    }
  }, 30_000);

  it('refuses embedded settings with store.kind "redis"', () => {
    let problems: string[] = [];
    try {
      createServerConfig({ ...base, store: { kind: 'redis', url: 'redis://127.0.0.1:6379', dataDir: './x', noSync: true } });
    } catch (err) {
      if (err instanceof ServerConfigError) problems = err.problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems).toEqual([
      'store.dataDir: applies to the embedded store only; the store is Redis — remove it',
      'store.noSync: applies to the embedded store only; the store is Redis — remove it',
    ]);
  });

  it('still takes each store with its own settings', () => {
    expect(createServerConfig({ ...base, store: { kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: 'p' } }).store).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: 'p' });
    expect(createServerConfig({ ...base, store: { dataDir: './d', noSync: true, overlappingSync: false } }).store).toEqual({ kind: 'embedded', dataDir: './d', noSync: true, overlappingSync: false });
  });
});
