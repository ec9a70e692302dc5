/**
 * The fuzz of fuzz.test.ts, smaller, over a real socket against a real server process (on a private
 * redis-server, so the test reads the stored versions of both centres itself): every route,
 * including the live event stream, with no 5xx, no dropped connection, coded refusals that change
 * nothing, and replays answered as first. Full run: scripts/reliability/fuzz.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz } from './support/fuzz-runner.ts';
import { socketSetup } from './support/fuzz-worlds.ts';
import { networkInput, writeNetwork } from './support/network-config.ts';
import { RedisProcess } from './support/redis-process.ts';
import { ServerProcess } from './support/server-process.ts';

const PER_ROUTE = 60;
const SEED = 20_261_124;

let dir: string;
let redis: RedisProcess;
let server: ServerProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'asan-fuzz-'));
  redis = await RedisProcess.start();
  server = await ServerProcess.start({ configFile: writeNetwork(dir, networkInput()), redis: redis.url, logLevel: 'warn', captureOutput: true });
});
afterAll(async () => {
  await server?.stop();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('fuzzing every route of a real server process over HTTP', () => {
  it(`${PER_ROUTE} hostile requests per route: no 5xx, refusals coded and without effect`, async () => {
    const setup = await socketSetup(server.url, redis.url);
    try {
      expect(setup.routes.some((r) => r.stream)).toBe(true);
      const r = await fuzz(setup.routes, setup.world, setup.transport, { perRoute: PER_ROUTE, seed: SEED });
      expect(r.findings, `seed ${SEED}`).toEqual([]);
      expect(r.requests).toBeGreaterThan(PER_ROUTE * setup.routes.length * 0.8);
    } finally {
      await setup.close();
    }
    expect(server.running).toBe(true);
    // Nothing the server logged at error level or above (an unexpected error is logged at 50).
    expect(server.log).not.toMatch(/"level":(50|60)/);
  }, 240_000);
});
