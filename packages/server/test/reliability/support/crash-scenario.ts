/**
 * The crash scenario: desks issue tickets to a real server process as fast as it answers; once a
 * given number more were acknowledged (HTTP 201) the victim — the server process or redis-server —
 * is killed with SIGKILL and started again (redis-server from its append-only file), for several
 * rounds. Then every acknowledged ticket must be there with the number its slip showed: asked of the
 * restarted server by its public token, and read from the store's files through the store module.
 * Issues that got no answer are resent with their Idempotency-Key after the restart (a client's
 * retry): each gets one ticket, never a second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueEvent } from '@asan/queue-core';
import { LmdbStore } from '../../../src/store/lmdb-store.ts';
import { RedisStore } from '../../../src/store/redis-store.ts';
import { codeOf, send } from './http-client.ts';
import { runDesks, type DeskResult } from './load-driver.ts';
import { CENTRE, networkInput, SERVICES, TOKENS, writeNetwork } from './network-config.ts';
import { prefixesOf, reconcile, type Acknowledged, type Reconciliation } from './reconcile.ts';
import { RedisProcess, type Fsync } from './redis-process.ts';
import { ServerProcess } from './server-process.ts';
import { until } from './wait.ts';

export interface CrashOptions {
  /** Embedded LMDB (`noSync` or not) or Redis (its AOF fsync policy). */
  readonly store: { readonly kind: 'embedded'; readonly noSync: boolean } | { readonly kind: 'redis'; readonly fsync: Fsync };
  readonly victim: 'server' | 'redis';
  readonly rounds: number;
  /** Kill after this many more acknowledged issues in each round. */
  readonly acksPerRound: number;
  readonly desks: number;
  readonly progress?: (line: string) => void;
}

export interface CrashRound {
  readonly acknowledged: number;
  /** Issues in flight at the kill (or refused while the victim was down): no 2xx. */
  readonly unanswered: number;
  /** Statuses of the unanswered issues (0: the connection died). */
  readonly unansweredStatuses: Readonly<Record<string, number>>;
  /** Milliseconds from the kill until every request in flight had its answer (or lost its connection). */
  readonly settledMs: number;
  /** Milliseconds from the victim's restart until the server answered /ready again. */
  readonly recoveryMs: number;
}

export interface CrashReport {
  readonly rounds: readonly CrashRound[];
  readonly acknowledged: number;
  /** Acknowledged tickets whose status by token, after the restart, is missing or shows another number. */
  readonly lostByHttp: readonly string[];
  readonly reconciliation: Reconciliation;
  /** Resent unanswered issues: answers by status; a 201 for a ticket already acknowledged would be a double. */
  readonly resent: Readonly<Record<string, number>>;
  /** Tickets in the log that nobody was told about after all resends (a resend creates no second one). */
  readonly unclaimed: number;
  /** The number of the first ticket issued after the last restart, and whether an acknowledged one had it. */
  readonly freshNumberReused: boolean;
}

export async function runCrash(o: CrashOptions): Promise<CrashReport> {
  const log = o.progress ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'asan-crash-'));
  const redis = o.store.kind === 'redis' ? await RedisProcess.start({ aof: o.store.fsync }) : undefined;
  const input = networkInput();
  const dataDir = join(dir, 'data');
  const server = await ServerProcess.start({
    configFile: writeNetwork(dir, input),
    logLevel: 'error',
    ...(redis ? { redis: redis.url } : { dataDir, noSync: o.store.kind === 'embedded' && o.store.noSync }),
  });
  const run = `crash${Date.now().toString(36)}`;
  try {
    const rounds: CrashRound[] = [];
    const acknowledged: Acknowledged[] = [];
    const unanswered: DeskResult['unacknowledged'] = [];
    for (let r = 0; r < o.rounds; r++) {
      let killed = false;
      // Kill on the desks' own count of answers (201) in this round: the day's issued count also holds
      // tickets committed whose answer had not reached the desk yet, so waiting on it could kill a
      // round with fewer than acksPerRound acknowledged (seen: 299 of 2 × 150 under load).
      let roundAcks = 0;
      const desks = runDesks({ servers: [server.url], centre: CENTRE, run: `${run}-r${r}`, token: TOKENS.desk, tickets: Number.MAX_SAFE_INTEGER, desks: o.desks, services: SERVICES, stopped: () => killed, transportRetries: false, attempts: 1, onAcknowledged: (n) => (roundAcks = n) });
      const acks = await until(`${o.acksPerRound} acknowledged issues`, async () => (roundAcks >= o.acksPerRound ? roundAcks : undefined), { timeoutMs: 120_000, everyMs: 5 });
      const killedAt = performance.now();
      if (o.victim === 'server') await server.kill('SIGKILL');
      else await redis!.kill('SIGKILL');
      killed = true;
      const result = await desks;
      const settledMs = performance.now() - killedAt;
      const restartedAt = performance.now();
      if (o.victim === 'server') await server.restart();
      else await redis!.restart();
      await until('the server ready again', async () => (await send(server.url, { path: '/ready' })).status === 200, { timeoutMs: 60_000 });
      const recoveryMs = performance.now() - restartedAt;
      acknowledged.push(...result.acknowledged);
      unanswered.push(...result.unacknowledged);
      const statuses: Record<string, number> = {};
      for (const u of result.unacknowledged) statuses[u.status] = (statuses[u.status] ?? 0) + 1;
      rounds.push({ acknowledged: result.acknowledged.length, unanswered: result.unacknowledged.length, unansweredStatuses: statuses, settledMs, recoveryMs });
      log(`round ${r + 1}: ${acks} acknowledged when killed, ${result.acknowledged.length} acknowledged, ${result.unacknowledged.length} unanswered (settled in ${(settledMs / 1000).toFixed(1)} s), ready ${(recoveryMs / 1000).toFixed(1)} s after the restart`);
    }

    // The restarted server knows every acknowledged ticket by its token, with the same number.
    const lostByHttp: string[] = [];
    for (const a of acknowledged) {
      const st = await send(server.url, { path: `/api/centres/${CENTRE}/status/${a.token}` });
      const number = (st.body as { number?: string }).number;
      if (st.status !== 200 || number !== a.number) lostByHttp.push(`${a.number}: ${st.status} ${codeOf(st) || number}`);
    }
    // A client resends what got no answer, with its key: the first answer, or a first ticket.
    const resent: Record<string, number> = {};
    const resentAcks: Acknowledged[] = [];
    for (const u of unanswered) {
      const reply = await send(server.url, { method: 'POST', path: `/api/centres/${CENTRE}/tickets`, token: TOKENS.desk, key: u.key, body: u.body });
      resent[reply.status] = (resent[reply.status] ?? 0) + 1;
      if (reply.status === 201) resentAcks.push(reply.body as Acknowledged);
    }
    const fresh = await send(server.url, { method: 'POST', path: `/api/centres/${CENTRE}/tickets`, token: TOKENS.desk, body: { service: SERVICES[0] } });
    const freshNumber = (fresh.body as { number?: string }).number;
    await server.stop();

    const events = await readLog(o.store.kind === 'embedded' ? { dataDir } : { url: redis!.url });
    const everyone = [...acknowledged, ...resentAcks];
    const reconciliation = reconcile(events, everyone, prefixesOf(input.centres[0]!.services));
    const told = new Set(everyone.map((a) => a.ticket));
    const issuedIds = events.filter((e) => e.type === 'ticket.issued').map((e) => (e as { id: number }).id);
    return {
      rounds,
      acknowledged: acknowledged.length,
      lostByHttp,
      reconciliation,
      resent,
      unclaimed: issuedIds.filter((id) => !told.has(id)).length - (fresh.status === 201 ? 1 : 0),
      freshNumberReused: freshNumber === undefined || everyone.some((a) => a.number === freshNumber),
    };
  } finally {
    await server.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The centre's whole log, read through the store module (the server is stopped). */
async function readLog(where: { dataDir: string } | { url: string }): Promise<QueueEvent[]> {
  const store = 'dataDir' in where ? new LmdbStore({ dataDir: where.dataDir, noSync: true, overlappingSync: false }) : new RedisStore({ url: where.url, prefix: 'asan' });
  try {
    return await store.load(CENTRE, 0);
  } finally {
    await store.close();
  }
}
