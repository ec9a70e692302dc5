/**
 * Nobody where they don't belong, on a real server process: every route that names a token (from
 * the OpenAPI document) is sent a well-formed request by every kind of caller — no token, a forged
 * one, admin, the centre's desk and kiosk, another centre's desk, the operator of window 1, of
 * window 2, and of window 1 of another centre. Callers outside the role matrix below get 401 / 403
 * with a code and change nothing in the log (read from Redis before and after); callers inside it
 * are never refused for who they are.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.ts';
import { codeOf, send } from './support/http-client.ts';
import { CENTRE, localSlot, networkInput, OTHER_CENTRE, TOKENS, writeNetwork } from './support/network-config.ts';
import { RedisProcess } from './support/redis-process.ts';
import { routesOf, routeName, type RouteSpec } from './support/route-list.ts';
import { ServerProcess } from './support/server-process.ts';

const CALLERS = {
  none: undefined,
  forged: `${TOKENS.admin}-forged`,
  admin: TOKENS.admin,
  desk: TOKENS.desk,
  kiosk: TOKENS.kiosk,
  otherDesk: TOKENS.otherDesk,
  op1: TOKENS.operator(CENTRE, 1),
  op2: TOKENS.operator(CENTRE, 2),
  otherOp1: TOKENS.operator(OTHER_CENTRE, 1),
} as const;
type Caller = keyof typeof CALLERS;

/** Who may use a route of centre rel-1, window 1 (admin may do everything). */
function allowed(r: RouteSpec, who: Caller): boolean {
  if (who === 'admin') return true;
  const p = r.path;
  if (/\/windows\/\{window\}/.test(p)) return who === 'op1';
  if (r.method === 'POST' && (p.endsWith('/tickets') || p.endsWith('/check-in'))) return who === 'desk' || who === 'kiosk';
  // public without a class; the matrix sends one, which only staff may set
  if (r.method === 'POST' && p.endsWith('/bookings')) return who === 'desk';
  if (/\/tickets\/\{ticket\}\//.test(p)) return who === 'desk';
  if (/\/(windows|unserved|stats\/day)$/.test(p)) return who === 'desk' || who === 'op1' || who === 'op2';
  if (p.endsWith('/config') || p.endsWith('/tick')) return false;
  throw new Error(`no rule for ${routeName(r)}: add it to the matrix`);
}

let dir: string;
let redis: RedisProcess;
let server: ServerProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'asan-access-'));
  redis = await RedisProcess.start();
  server = await ServerProcess.start({ configFile: writeNetwork(dir, networkInput()), redis: redis.url, logLevel: 'warn' });
});
afterAll(async () => {
  await server?.stop();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('roles, centres and windows', () => {
  it('refuses every caller outside the matrix with a coded 401/403 that changes nothing, and no caller inside it', async () => {
    const c = `/api/centres/${CENTRE}`;
    const offset = networkInput().centres[0]!.utcOffsetMin!;
    const store = new RedisStore({ url: redis.url, prefix: 'asan' });
    const versions = async () => `${await store.version(CENTRE)},${await store.version(OTHER_CENTRE)}`;
    // A little state: window 1 open, tickets waiting, a booking to check in.
    expect((await send(server.url, { method: 'POST', path: `${c}/windows/1/open`, token: CALLERS.op1, body: {} })).status).toBe(200);
    for (let i = 0; i < 40; i++) expect((await send(server.url, { method: 'POST', path: `${c}/tickets`, token: TOKENS.desk, body: { service: 'id-card' } })).status).toBe(201);
    const booking = await send(server.url, { method: 'POST', path: `${c}/bookings`, body: { citizenId: 'AZE5550001', service: 'passport', slot: localSlot(offset, 1, '11:00') } });
    expect(booking.status).toBe(201);
    const bodies: Record<string, unknown> = {
      tickets: { service: 'id-card' },
      'check-in': { token: (booking.body as { token: string }).token },
      transfer: { service: 'passport' },
      complete: { rating: 5 },
      bookings: { citizenId: 'AZE5550002', service: 'notary', slot: localSlot(offset, 1, '12:00'), class: 'priority' },
    };

    const doc = (await send(server.url, { path: '/docs/json' })).body;
    const routes = routesOf(doc).filter((r) => r.secured);
    expect(routes.length).toBeGreaterThanOrEqual(24);
    const wrong: string[] = [];
    let refusals = 0;
    let ticket = 1;
    for (const r of routes) {
      for (const who of Object.keys(CALLERS) as Caller[]) {
        const path = r.path.replace('{centre}', CENTRE).replace('{window}', '1').replace('{ticket}', String(ticket));
        const before = await versions();
        const reply = await send(server.url, { method: r.method, path, ...(CALLERS[who] ? { token: CALLERS[who] } : {}), ...(r.method === 'POST' ? { body: bodies[r.path.split('/').pop()!] ?? {} } : {}) });
        const after = await versions();
        const label = `${who} ${r.method} ${path} → ${reply.status} ${codeOf(reply)}`;
        if (allowed(r, who)) {
          if (reply.status === 401 || reply.status === 403 || reply.status >= 500) wrong.push(`refused inside the matrix: ${label}`);
          // A desk action used the ticket up: the next route gets a fresh one.
          if (/\/tickets\/\{ticket\}\//.test(r.path) && reply.status === 200) ticket++;
        } else {
          refusals++;
          const expected = who === 'none' ? ['SRV_ERR_UNAUTHORIZED'] : who === 'forged' ? ['SRV_ERR_BAD_TOKEN'] : ['SRV_ERR_FORBIDDEN', 'SRV_ERR_WRONG_WINDOW'];
          if (!expected.includes(codeOf(reply))) wrong.push(`let through or miscoded: ${label}`);
          if (before !== after) wrong.push(`changed the log (${before} → ${after}): ${label}`);
        }
      }
    }
    await store.close();
    expect(wrong).toEqual([]);
    expect(refusals).toBeGreaterThan(150);
  }, 180_000);
});
