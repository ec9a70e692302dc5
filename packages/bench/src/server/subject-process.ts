/**
 * Starts what one load run measures, in a fresh process: an anchor (hello, EVALSHA) or the real
 * server (`packages/server/src/main.ts --config <file>`) on a fresh store — a new LMDB directory,
 * or a new key prefix on the private Redis — prefilled at library level, and for the status route
 * with tickets issued over HTTP whose public tokens the connections will ask for.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServerConfig } from '@asan/server';
import { BENCH_ROOT } from '../lib/machine.ts';
import { benchNetwork, CENTRE_ID, serviceId, SERVICE_COUNT, TOKENS, type StoreKind } from './bench-network.ts';
import { startChildServer, type ChildServer } from './child-server.ts';
import { freePort } from './free-port.ts';
import { prefillStore, type Prefill } from './prefill.ts';
import type { PrivateRedis } from './private-redis.ts';
import type { AnchorName, RouteName, RouteSetup } from './routes-under-load.ts';

export type Subject = { readonly kind: 'anchor'; readonly anchor: AnchorName } | { readonly kind: 'ours'; readonly store: StoreKind; readonly route: RouteName };

export function subjectName(s: Subject): string {
  return s.kind === 'anchor' ? s.anchor : `${s.store}:${s.route}`;
}

export interface SubjectContext {
  readonly redis: PrivateRedis | null;
  /** Waiting tickets put in the store before the server starts: for the call route, and for the others. */
  readonly prefillCall: number;
  readonly prefillOther: number;
  readonly noSync: boolean;
  readonly connections: number;
}

export interface RunningSubject {
  readonly server: ChildServer;
  readonly setup: RouteSetup;
  readonly prefill: Prefill | null;
  /** From spawning the process to its first 200 on the readiness route (includes the log replay). */
  readonly startMs: number;
  close(): Promise<void>;
}

/**
 * The real server's entry point (what `pnpm start` runs), in the workspace next to this package.
 * BENCH_SERVER_MAIN=<path to another checkout's packages/server/src/main.ts>: measure that server
 * instead (before/after comparisons against anchors of the same run; its node_modules must resolve).
 */
export const SERVER_MAIN = process.env.BENCH_SERVER_MAIN ?? path.join(BENCH_ROOT, '..', 'server', 'src', 'main.ts');
const ANCHOR_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'anchors');

/** The child's environment without the server's own variables (they would override the config file). */
export function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['REDIS_URL', 'PORT', 'HOST', 'DATA_DIR', 'LOG_LEVEL', 'ASAN_SECRET'].includes(k)) env[k] = v;
  return env;
}

let runCounter = 0;

export async function startSubject(subject: Subject, ctx: SubjectContext): Promise<RunningSubject> {
  const port = await freePort();
  const t0 = Date.now();
  if (subject.kind === 'anchor') {
    if (subject.anchor === 'evalsha' && !ctx.redis) throw new Error('the EVALSHA anchor needs Redis');
    const args = subject.anchor === 'evalsha' ? [String(port), ctx.redis!.url, `bench-anchor-${process.pid}-${++runCounter}`] : [String(port)];
    const server = await startChildServer({ script: path.join(ANCHOR_DIR, `${subject.anchor}-server.ts`), args, port, readyPath: subject.anchor === 'hello' ? '/hello' : '/ready', env: childEnv(), nodeArgs: profileArgs() });
    return { server, setup: { tokens: [] }, prefill: null, startMs: Date.now() - t0, close: () => server.stop() };
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'asan-bench-server-'));
  const prefix = `bench-${process.pid}-${++runCounter}`;
  const cleanup = async (): Promise<void> => {
    rmSync(dir, { recursive: true, force: true });
    if (subject.store === 'redis' && ctx.redis) await ctx.redis.client.flushall(); // our private Redis only
  };
  try {
    if (subject.store === 'redis' && !ctx.redis) throw new Error('the Redis store needs Redis');
    const now = Date.now();
    const input = benchNetwork(now, subject.store === 'redis' ? { kind: 'redis', location: ctx.redis!.url, prefix } : { kind: 'embedded', location: path.join(dir, 'data'), noSync: ctx.noSync });
    const configFile = path.join(dir, 'network.json');
    writeFileSync(configFile, JSON.stringify(input));
    const waiting = subject.route === 'call' ? ctx.prefillCall : ctx.prefillOther;
    const prefill = await prefillStore(createServerConfig(input), waiting, now);
    const t1 = Date.now();
    const server = await startChildServer({ script: SERVER_MAIN, args: ['--config', configFile, '--port', String(port)], port, readyPath: '/ready', env: childEnv(), nodeArgs: profileArgs() });
    const startMs = Date.now() - t1;
    try {
      const tokens = subject.route === 'status' ? await issueTickets(server.url, ctx.connections) : [];
      return {
        server,
        setup: { tokens },
        prefill,
        startMs,
        async close() {
          await server.stop();
          await cleanup();
        },
      };
    } catch (err) {
      await server.stop();
      throw err;
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * BENCH_CPU_PROF_DIR=<dir>: every server of the run, anchors included, writes a V8 CPU profile there
 * when it stops (profiling only; it slows the server).
 */
function profileArgs(): string[] {
  const profDir = process.env.BENCH_CPU_PROF_DIR;
  return profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
}

/** Issues `n` tickets over HTTP (before the measured run) and returns their public tokens. */
async function issueTickets(url: string, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/centres/${CENTRE_ID}/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.desk}` },
      body: JSON.stringify({ service: serviceId(i % SERVICE_COUNT) }),
    });
    if (res.status !== 201) throw new Error(`issuing a ticket for the status route: HTTP ${res.status} ${await res.text()}`);
    tokens.push(((await res.json()) as { token: string }).token);
  }
  return tokens;
}
