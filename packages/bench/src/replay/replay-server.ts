/**
 * The server a replay runs against: a fresh process of the real server with `--clock replay`, the
 * scenario's centre, one admin token, on a fresh store (LMDB directory, or a key prefix on a
 * private Redis). After the replay the process is stopped and the store is opened at library level
 * to read the centre's version (the number of events the server appended).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CentreInput } from '@asan/queue-core';
import { createServerConfig, type ServerConfigInput } from '@asan/server';
import type { StoreKind } from '../server/bench-network.ts';
import { startChildServer, type ChildServer } from '../server/child-server.ts';
import { freePort } from '../server/free-port.ts';
import { storeOf } from '../server/prefill.ts';
import type { PrivateRedis } from '../server/private-redis.ts';
import { childEnv, SERVER_MAIN } from '../server/subject-process.ts';

export const REPLAY_ADMIN_TOKEN = 'replay-admin-token-000';

export interface ReplayServer {
  readonly server: ChildServer;
  /** Stops the process, reads the centre's version from its store, removes the store. */
  finish(): Promise<number>;
}

export async function startReplayServer(centre: CentreInput, store: StoreKind, redis: PrivateRedis | null, runId: string): Promise<ReplayServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'asan-bench-replay-'));
  const prefix = `bench-replay-${process.pid}-${runId}`;
  if (store === 'redis' && !redis) throw new Error('the Redis store needs Redis');
  const input: ServerConfigInput = {
    secret: 'bench-replay-secret-not-for-production-0123',
    centres: [centre],
    tokens: [{ token: REPLAY_ADMIN_TOKEN, role: 'admin', label: 'replay' }],
    store: store === 'redis' ? { kind: 'redis', url: redis!.url, prefix } : { kind: 'embedded', dataDir: path.join(dir, 'data'), noSync: false },
    rateLimit: { publicMax: 1_000_000, publicWindowMs: 1_000 },
    logLevel: 'warn',
  };
  const config = createServerConfig(input);
  const file = path.join(dir, 'network.json');
  writeFileSync(file, JSON.stringify(input));
  const port = await freePort();
  let server: ChildServer;
  try {
    server = await startChildServer({ script: SERVER_MAIN, args: ['--config', file, '--port', String(port), '--clock', 'replay'], port, readyPath: '/ready', env: childEnv() });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    server,
    async finish() {
      await server.stop();
      const s = storeOf(config, false);
      try {
        return await s.version(centre.id);
      } finally {
        await s.close();
        rmSync(dir, { recursive: true, force: true });
        if (store === 'redis') await redis!.client.flushall(); // our private Redis only
      }
    },
  };
}
