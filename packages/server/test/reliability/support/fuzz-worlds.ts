/**
 * The two places the fuzz runs: an app in this process (`app.inject`, fast) and a real server
 * process over a socket (on a private redis-server, whose log versions the test reads directly).
 * Each is set up with a little state first — open windows, waiting and called tickets, a booking,
 * a hold — so that a share of the generated requests reach the engine.
 */
import type { FastifyInstance } from 'fastify';
import { RedisStore } from '../../../src/store/redis-store.ts';
import { at, DESK, json, op, post, testApp, testConfig, TUE, type TestApp } from '../../helpers.ts';
import { DEMO_CENTRE, demoTokens } from '../../../src/config/demo-network.ts';
import type { FuzzRequest, FuzzWorld } from './fuzz-requests.ts';
import type { FuzzAnswer, FuzzTransport } from './fuzz-runner.ts';
import { send } from './http-client.ts';
import { CENTRE, localSlot, networkInput, OTHER_CENTRE, SERVICES, TOKENS } from './network-config.ts';
import { routesOf, type RouteSpec } from './route-list.ts';

export interface FuzzSetup {
  readonly routes: RouteSpec[];
  readonly world: FuzzWorld;
  readonly transport: FuzzTransport;
}

/** The demo centre in this process, on a temporary LMDB store, public rate limits off. */
export async function injectSetup(): Promise<FuzzSetup & { close: () => Promise<void> }> {
  const t: TestApp = await testApp({ config: testConfig({ rateLimit: { publicMax: 1_000_000, publicWindowMs: 60_000 } }) });
  const { app } = t;
  const c = `/api/centres/${DEMO_CENTRE.id}`;
  const slot = new Date(at(TUE, '11:00')).toISOString().replace('.000Z', 'Z');
  const publicTokens: string[] = [];
  for (const w of [1, 2, 3, 4, 6, 7]) await post(app, `${c}/windows/${w}/open`, op(w));
  for (let i = 0; i < 12; i++) {
    const service = ['id-card', 'passport', 'fee-payment', 'notary'][i % 4]!;
    publicTokens.push(json<{ token: string }>(await post(app, `${c}/tickets`, DESK, { service, citizenId: `AZE00000${10 + i}` })).token);
  }
  await post(app, `${c}/windows/1/call-next`, op(1));
  publicTokens.push(json<{ token: string }>(await post(app, `${c}/bookings`, {}, { citizenId: 'AZE0000099', service: 'passport', slot })).token);
  publicTokens.push(json<{ holdToken: string }>(await post(app, `${c}/holds`, {}, { citizenId: 'AZE0000098', service: 'notary', slot })).holdToken);
  const store = app.ctx.store;
  const host = app.ctx.network.get(DEMO_CENTRE.id);
  const routes = routesOf((app as FastifyInstance & { swagger(): unknown }).swagger()).filter((r) => !r.stream);
  return {
    routes,
    world: {
      centres: [DEMO_CENTRE.id],
      windows: DEMO_CENTRE.windows.map((w) => w.number),
      services: DEMO_CENTRE.services.map((s) => s.id),
      tickets: Array.from({ length: 14 }, (_, i) => i + 1),
      bearers: demoTokens(DEMO_CENTRE).map((r) => r.token),
      publicTokens,
      slots: [slot, '2026-11-24T11:00:00+04:00', '2026-11-30T10:00:00+04:00'],
    },
    transport: {
      send: async (req: FuzzRequest): Promise<FuzzAnswer> => {
        const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
        return { status: res.statusCode, body: res.body };
      },
      versions: async () => [await store.version(DEMO_CENTRE.id), host.centre.version],
    },
    close: () => t.close(),
  };
}

/** A real server process (already started on `redisUrl` with the reliability network) over HTTP. */
export async function socketSetup(base: string, redisUrl: string): Promise<FuzzSetup & { close: () => Promise<void> }> {
  const input = networkInput();
  const offset = input.centres[0]!.utcOffsetMin!;
  const slot = localSlot(offset, 1, '11:00');
  const c = `/api/centres/${CENTRE}`;
  const publicTokens: string[] = [];
  for (const w of [1, 2, 3]) await send(base, { method: 'POST', path: `${c}/windows/${w}/open`, token: TOKENS.operator(CENTRE, w), body: {} });
  for (let i = 0; i < 8; i++) publicTokens.push(((await send(base, { method: 'POST', path: `${c}/tickets`, token: TOKENS.desk, body: { service: SERVICES[i % 3], citizenId: `AZE10000${10 + i}` } })).body as { token: string }).token);
  await send(base, { method: 'POST', path: `${c}/windows/1/call-next`, token: TOKENS.operator(CENTRE, 1), body: {} });
  publicTokens.push(((await send(base, { method: 'POST', path: `${c}/bookings`, body: { citizenId: 'AZE1000099', service: 'passport', slot } })).body as { token: string }).token);
  publicTokens.push(((await send(base, { method: 'POST', path: `${c}/holds`, body: { citizenId: 'AZE1000098', service: 'notary', slot } })).body as { holdToken: string }).holdToken);
  const doc = (await send(base, { path: '/docs/json' })).body;
  const store = new RedisStore({ url: redisUrl, prefix: 'asan' });
  return {
    routes: routesOf(doc),
    world: {
      centres: [CENTRE, OTHER_CENTRE],
      windows: [1, 2, 3, 4, 12],
      services: [...SERVICES],
      tickets: Array.from({ length: 10 }, (_, i) => i + 1),
      bearers: input.tokens!.map((r) => r.token),
      publicTokens,
      slots: [slot, localSlot(offset, 2, '10:15'), localSlot(offset, 9, '11:00')],
    },
    transport: {
      send: async (req: FuzzRequest): Promise<FuzzAnswer> => {
        try {
          // A redirect is an answer (the documentation's static index redirects, to itself when given a query string).
          const res = await fetch(base + req.url, { method: req.method, redirect: 'manual', headers: req.headers, ...(req.payload !== undefined ? { body: req.payload } : {}), signal: AbortSignal.timeout(30_000) });
          // A live stream never ends: its status and headers are the answer.
          if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
            await res.body?.cancel();
            return { status: res.status, body: '' };
          }
          return { status: res.status, body: await res.text() };
        } catch (err) {
          // undici says 'fetch failed' when the connection failed; anything else is a request it would not send.
          if (err instanceof Error && (err.message === 'fetch failed' || err.name === 'TimeoutError')) return { status: 0, body: `no answer: ${String(err.cause ?? err)}` };
          throw err;
        }
      },
      versions: async () => [await store.version(CENTRE), await store.version(OTHER_CENTRE)],
    },
    close: () => store.close(),
  };
}
