/** Shared test fixtures: a manual clock, a configuration, an app on a temporary embedded store. */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CentreInput } from '@asan/queue-core';
import { time } from '@asan/queue-core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../src/app.ts';
import { DEMO_CENTRE, demoTokens } from '../src/config/demo-network.ts';
import type { ServerConfig, ServerConfigInput } from '../src/config/server-config.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import type { EventStore } from '../src/store/event-store.ts';

/** Epoch ms of a Baku local time (UTC+4). 2026-11-23 is a Monday. */
export function at(date: string, clock: string): number {
  return time.epochOf(time.parseDate(date), time.parseClock(clock), 240 * time.MINUTE_MS);
}
export const MON = '2026-11-23';
export const TUE = '2026-11-24';

/** A clock the test moves by hand; the server reads only this. */
export class ManualClock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const SECRET = 'test-secret-0123456789abcdef0123456789';
export const DESK = { authorization: 'Bearer demo-desk' };
export const KIOSK = { authorization: 'Bearer demo-kiosk' };
export const ADMIN = { authorization: 'Bearer demo-admin' };
export const op = (window: number) => ({ authorization: `Bearer demo-operator-${window}` });

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'asan-server-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(overrides: Partial<ServerConfigInput> = {}, centres: CentreInput[] = [DEMO_CENTRE]): ServerConfig {
  return createServerConfig({
    centres,
    tokens: demoTokens(centres[0]!),
    secret: SECRET,
    demo: true,
    logLevel: 'silent',
    store: { kind: 'embedded', dataDir: '/nonexistent', noSync: true },
    ...overrides,
  });
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

/** An app on a fresh embedded store (or the given one), jobs off, logger off. */
export async function testApp(options: { clock?: ManualClock; dataDir?: string; store?: EventStore; config?: ServerConfig } = {}): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock(at(MON, '10:00'));
  const tmp = options.dataDir || options.store ? null : tempDir();
  const base = options.config ?? testConfig();
  const config = options.store ? base : createServerConfig({ ...configInputOf(base), store: { kind: 'embedded', dataDir: options.dataDir ?? tmp!.dir, noSync: true } });
  const app = await buildApp({ config, clock: clock.now, logger: false, jobs: false, defaultMetrics: false, ...(options.store ? { store: options.store } : {}) });
  await app.ready();
  return {
    app,
    clock,
    async close() {
      await app.close();
      tmp?.remove();
    },
  };
}

/** A test app (as `testApp`) listening on a free port of 127.0.0.1, for tests that need real sockets. */
export async function listeningTestApp(options: Parameters<typeof testApp>[0] = {}): Promise<{ t: TestApp; port: number }> {
  const t = await testApp(options);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return { t, port: (t.app.server.address() as AddressInfo).port };
}

/** The input a frozen config came from (to rebuild it with another store). */
export function configInputOf(c: ServerConfig): ServerConfigInput {
  return {
    http: { ...c.http },
    store: { ...c.store },
    secret: c.secret,
    centres: c.centres.map((x) => JSON.parse(JSON.stringify(x.input)) as CentreInput),
    tokens: c.tokens.map((t) => ({ ...t })),
    jobs: { ...c.jobs },
    rateLimit: { ...c.rateLimit },
    appendAttempts: c.appendAttempts,
    snapshotEveryEvents: c.snapshotEveryEvents,
    centreQueueMaxRequests: c.centreQueueMaxRequests,
    idempotencyTtlHours: c.idempotencyTtlHours,
    logLevel: c.logLevel,
    demo: c.demo,
  };
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}

/** POST with a JSON body (or none) through inject. */
export function post(app: FastifyInstance, url: string, headers: Record<string, string> = {}, body?: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
}

export const C = '/api/centres/baku-1';

/**
 * A store whose appends wait at a gate in front of a real store, so a test can hold writes in
 * flight: `reached` resolves when the first append arrives, `open()` lets them all through.
 */
export function gatedStore(inner: EventStore): { store: EventStore; open: () => void; reached: Promise<void> } {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let reachedGate!: () => void;
  const reached = new Promise<void>((r) => (reachedGate = r));
  const store = delegatingStore(inner, {
    append: async (c, v, r) => {
      reachedGate();
      await gate;
      return inner.append(c, v, r);
    },
  });
  return { store, open, reached };
}

/**
 * A store that hands every call of the event store's required methods to `inner`, except those
 * `over` gives (a test's gate, switch or counter). Optional methods (snapshots, subscribe) only
 * when `over` gives them.
 */
export function delegatingStore(inner: EventStore, over: Partial<EventStore>): EventStore {
  return {
    kind: inner.kind,
    shared: inner.shared,
    load: (c, f) => inner.load(c, f),
    version: (c) => inner.version(c),
    answer: (c, k) => inner.answer(c, k),
    ping: () => inner.ping(),
    close: () => inner.close(),
    append: (c, v, r) => inner.append(c, v, r),
    ...over,
  };
}

/** Runs `run` and checks that the centre's version (store and memory) and its state are what they were. */
export async function unchanged(t: TestApp, run: () => Promise<void>, centre = 'baku-1'): Promise<void> {
  const host = t.app.ctx.network.get(centre);
  const version = await t.app.ctx.store.version(centre);
  const dump = JSON.stringify(host.centre.dump());
  await run();
  expect(await t.app.ctx.store.version(centre)).toBe(version);
  expect(host.centre.version).toBe(version);
  expect(JSON.stringify(host.centre.dump())).toBe(dump);
}
