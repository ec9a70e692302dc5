/**
 * Dependency outage: a real server process on a private redis-server (append-only file, fsync
 * always), which is then stopped. Writes must answer a coded 503 (no hang: a client time-out fails
 * the test), reads that need no store must still answer 200, reads of the shared log a coded 503, the
 * process must stay up; when redis-server comes back, the same process must serve again by itself,
 * with the log exactly as before the outage (a refused write changed nothing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.ts';
import { codeOf, send, type Call } from './support/http-client.ts';
import { CENTRE, networkInput, TOKENS, writeNetwork } from './support/network-config.ts';
import { RedisProcess } from './support/redis-process.ts';
import { ServerProcess } from './support/server-process.ts';
import { until } from './support/wait.ts';

let dir: string;
let redis: RedisProcess;
let server: ServerProcess;
const C = `/api/centres/${CENTRE}`;
const OP1 = TOKENS.operator(CENTRE, 1);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'asan-outage-'));
  redis = await RedisProcess.start({ aof: 'always' });
  server = await ServerProcess.start({ configFile: writeNetwork(dir, networkInput()), redis: redis.url, logLevel: 'warn', captureOutput: true });
});
afterAll(async () => {
  await server?.stop();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function logLength(): Promise<number> {
  const store = new RedisStore({ url: redis.url, prefix: 'asan' });
  try {
    return await store.version(CENTRE);
  } finally {
    await store.close();
  }
}

describe('redis-server stopped under a running server', () => {
  it('refuses writes with a coded 503 at once, serves what needs no store, and recovers by itself', async () => {
    expect((await send(server.url, { method: 'POST', path: `${C}/windows/1/open`, token: OP1, body: {} })).status).toBe(200);
    const before: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await send(server.url, { method: 'POST', path: `${C}/tickets`, token: TOKENS.desk, body: { service: 'id-card' } });
      expect(r.status).toBe(201);
      before.push((r.body as { token: string }).token);
    }
    const versionBefore = await logLength();

    await redis.kill('SIGTERM');

    // Writes: each answers, with a coded 503; the client gives up after 20 s (a hang fails).
    const writes: Call[] = [
      { method: 'POST', path: `${C}/tickets`, token: TOKENS.desk, body: { service: 'id-card' }, key: 'outage-issue' },
      { method: 'POST', path: `${C}/windows/1/call-next`, token: OP1, body: {} },
      { method: 'POST', path: `${C}/windows/2/open`, token: TOKENS.operator(CENTRE, 2), body: {} },
      { method: 'POST', path: `${C}/bookings`, body: { citizenId: 'AZE1234567', service: 'passport', slot: '2030-01-01T11:00:00+04:00' } },
      { method: 'POST', path: `${C}/tick`, token: TOKENS.admin, body: {} },
    ];
    const writeMs: number[] = [];
    for (const w of writes) {
      const r = await send(server.url, { ...w, timeoutMs: 20_000 });
      expect(r.status, `${w.path}: ${r.error ?? r.text}`).toBe(503);
      expect(['SRV_ERR_STORE_UNAVAILABLE', 'SRV_ERR_CONFLICT']).toContain(codeOf(r));
      writeMs.push(r.ms);
    }
    // Concurrent writes during the outage also answer (none waits for another forever).
    const burst = await Promise.all(Array.from({ length: 20 }, () => send(server.url, { method: 'POST', path: `${C}/tickets`, token: TOKENS.desk, body: { service: 'passport' }, timeoutMs: 20_000 })));
    expect(burst.map((r) => r.status)).toEqual(burst.map(() => 503));

    // Reads that need no store are served; reads of the shared log are refused with a code, not hung.
    for (const path of ['/health', '/api/centres', '/api/index', '/metrics', `/board/${CENTRE}`, `/operator/${CENTRE}/1`, '/docs/json']) {
      const r = await send(server.url, { path, timeoutMs: 20_000 });
      expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200);
    }
    const ready = await send(server.url, { path: '/ready', timeoutMs: 20_000 });
    expect([ready.status, codeOf(ready)]).toEqual([503, 'SRV_ERR_NOT_READY']);
    for (const path of [`${C}/load`, `${C}/board`, `/api/load`, `${C}/status/${before[0]}`]) {
      const r = await send(server.url, { path, timeoutMs: 20_000 });
      expect(r.status === 200 || (r.status === 503 && codeOf(r) === 'SRV_ERR_STORE_UNAVAILABLE'), `${path}: ${r.status} ${r.text.slice(0, 200)}`).toBe(true);
    }
    expect(server.running).toBe(true);

    // redis-server returns (from its AOF): the same process serves again by itself.
    await redis.restart();
    await until('ready again', async () => (await send(server.url, { path: '/ready' })).status === 200, { timeoutMs: 60_000 });
    expect(await logLength()).toBe(versionBefore);
    const again = await send(server.url, { method: 'POST', path: `${C}/tickets`, token: TOKENS.desk, body: { service: 'id-card' }, key: 'outage-issue' });
    expect(again.status).toBe(201);
    expect((again.body as { number: string }).number).toBe('A006');
    const status = await send(server.url, { path: `${C}/status/${before[4]}` });
    expect((status.body as { number: string }).number).toBe('A005');
    expect(server.running).toBe(true);
    expect(server.log).not.toMatch(/"level":(50|60)/);
    // The outage is in the log as pino lines (the store's and the jobs' connections), not as stack
    // traces printed to the console once per reconnect attempt by ioredis or BullMQ.
    expect(server.log).toMatch(/"msg":"store connection error"/);
    expect(server.log).toMatch(/"msg":"jobs connection error"/);
    expect(server.log, 'no stack trace').not.toMatch(/^\s+at /m);
    expect(server.log).not.toContain('[ioredis]');
    process.stderr.write(`outage: writes answered 503 in ${writeMs.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
  }, 180_000);
});
