/**
 * Fuzz, full run: 10,000 seeded hostile requests per route through `app.inject`, then a smaller run
 * over a real socket against a real server process on a private redis-server.
 *
 *   node --import tsx packages/server/scripts/reliability/fuzz.ts [--inject 10000] [--socket 500] [--seed 20261123]
 *
 * Exits 1 on any finding (a 5xx, a refusal or read that changed state, an uncoded refusal, a replay
 * that did not get its first answer).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzz, type FuzzReport } from '../../test/reliability/support/fuzz-runner.ts';
import { injectSetup, socketSetup } from '../../test/reliability/support/fuzz-worlds.ts';
import { networkInput, writeNetwork } from '../../test/reliability/support/network-config.ts';
import { RedisProcess } from '../../test/reliability/support/redis-process.ts';
import { ServerProcess } from '../../test/reliability/support/server-process.ts';
import { main, numberFlags, progress, report } from './script-io.ts';

function summary(r: FuzzReport) {
  const statuses: Record<string, number> = {};
  for (const counts of Object.values(r.routes)) for (const [s, n] of Object.entries(counts)) statuses[s] = (statuses[s] ?? 0) + n;
  return { seed: r.seed, routes: Object.keys(r.routes).length, requests: r.requests, replays: r.replays, elapsedS: +(r.elapsedMs / 1000).toFixed(1), statuses, findings: r.findings, perRoute: r.routes };
}

main(async () => {
  const flags = numberFlags({ inject: 10_000, socket: 500, seed: 20_261_123 });
  progress(`fuzz: ${JSON.stringify(flags)}`);

  const local = await injectSetup();
  const injected = await fuzz(local.routes, local.world, local.transport, { perRoute: flags.inject, seed: flags.seed });
  await local.close();
  progress(`inject: ${injected.requests} requests, ${injected.findings.length} findings`);

  const dir = mkdtempSync(join(tmpdir(), 'asan-fuzz-'));
  const redis = await RedisProcess.start();
  const server = await ServerProcess.start({ configFile: writeNetwork(dir, networkInput()), redis: redis.url, logLevel: 'warn', captureOutput: true });
  let socket: FuzzReport;
  let errorLogLines = 0;
  try {
    const remote = await socketSetup(server.url, redis.url);
    socket = await fuzz(remote.routes, remote.world, remote.transport, { perRoute: flags.socket, seed: flags.seed + 1 });
    await remote.close();
    errorLogLines = server.log.split('\n').filter((l) => /"level":(50|60)/.test(l)).length;
  } finally {
    await server.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  progress(`socket: ${socket.requests} requests, ${socket.findings.length} findings`);
  const ok = injected.findings.length === 0 && socket.findings.length === 0 && errorLogLines === 0;
  report('fuzz', { ok, inject: summary(injected), socket: { ...summary(socket), serverErrorLogLines: errorLogLines } });
  return ok;
});
