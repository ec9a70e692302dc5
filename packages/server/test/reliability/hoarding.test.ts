/**
 * A scripted hoarding attempt on a real server process: a person books and holds slot after slot
 * with their ID typed in different ways, cancels and tries again; then a bot books with invented IDs
 * and forged X-Forwarded-For addresses, and guesses ticket tokens. The per-person limits hold (at
 * most 3 active bookings and holds, 1 per service and day — checked on the answers and, event by
 * event, on the stored log) and the per-address rate limit lets exactly `publicMax` requests of a
 * route through in its window, whatever the bot claims its address is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueEvent } from '@asan/queue-core';
import { describe, expect, it } from 'vitest';
import { KeyedHash } from '../../src/security/keyed-hash.ts';
import { LmdbStore } from '../../src/store/lmdb-store.ts';
import { codeOf, send, type Reply } from './support/http-client.ts';
import { CENTRE, localSlot, networkInput, SECRET, SERVICES, writeNetwork } from './support/network-config.ts';
import { ServerProcess } from './support/server-process.ts';

const PUBLIC_MAX = 40;
const HOARDER = ['AZE4242424', 'aze4242424', 'AZE 424 2424', ' aze 4242424 '];

/** The largest number of active bookings and holds a citizen key had at any point of the log. */
function maxActive(log: readonly QueueEvent[], citizen: string): number {
  const active = new Set<string>();
  const mine = new Set<number>();
  const holds = new Set<number>();
  let max = 0;
  for (const e of log) {
    if (e.type === 'booking.made' && e.citizen === citizen) {
      active.add(`b${e.id}`);
      mine.add(e.id);
    } else if (e.type === 'hold.placed' && e.citizen === citizen) {
      active.add(`h${e.hold}`);
      holds.add(e.hold);
    } else if (e.type === 'hold.released' && holds.has(e.hold)) active.delete(`h${e.hold}`);
    else if ((e.type === 'ticket.cancelled' || e.type === 'booking.expired' || e.type === 'booking.checkedIn') && mine.has(e.id)) active.delete(`b${e.id}`);
    max = Math.max(max, active.size);
  }
  return max;
}

describe('hoarding', () => {
  it('per-person booking limits and per-address rate limits hold under a scripted attempt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asan-hoard-'));
    const dataDir = join(dir, 'data');
    const input = networkInput({ publicMax: PUBLIC_MAX, publicWindowMs: 600_000 });
    const offset = input.centres[0]!.utcOffsetMin!;
    const server = await ServerProcess.start({ configFile: writeNetwork(dir, input), dataDir, logLevel: 'warn' });
    const c = `/api/centres/${CENTRE}`;
    const post = (path: string, body: unknown, headers?: Record<string, string>) => send(server.url, { method: 'POST', path, body, ...(headers ? { headers } : {}) });
    try {
      // 1. One person, ID typed four ways, twelve bookings over services and days, and four holds.
      let bookingCalls = 0;
      const booked: Reply[] = [];
      for (let k = 0; k < 12; k++) {
        bookingCalls++;
        booked.push(await post(`${c}/bookings`, { citizenId: HOARDER[k % 4], service: SERVICES[k % 3], slot: localSlot(offset, 1 + (k % 7), '11:00') }));
      }
      const held = await Promise.all([0, 1, 2, 3].map((k) => post(`${c}/holds`, { citizenId: HOARDER[k], service: SERVICES[k % 3], slot: localSlot(offset, 5, '15:00') })));
      expect(booked.filter((r) => r.status === 201)).toHaveLength(3);
      expect(held.filter((r) => r.status === 201)).toHaveLength(0);
      for (const r of [...booked, ...held].filter((x) => x.status !== 201)) {
        expect([r.status, codeOf(r), (r.body as { engineCode?: string }).engineCode]).toEqual([422, 'SRV_ERR_BOOKING_REFUSED', 'QC_ERR_BOOKING_LIMIT']);
      }
      // Cancelling one frees one place, but not a second booking of a service on a day already booked.
      const first = (booked[0]!.body as { token: string }).token;
      expect((await post(`${c}/status/${first}/cancel`, {})).status).toBe(200);
      bookingCalls += 2;
      const sameServiceDay = await post(`${c}/bookings`, { citizenId: HOARDER[2], service: SERVICES[1], slot: localSlot(offset, 2, '16:00') });
      expect((sameServiceDay.body as { engineCode?: string }).engineCode).toBe('QC_ERR_BOOKING_LIMIT');
      const another = await post(`${c}/bookings`, { citizenId: HOARDER[3], service: SERVICES[0], slot: localSlot(offset, 6, '11:00') });
      expect(another.status).toBe(201);

      // 2. A bot with invented IDs and a new X-Forwarded-For each time: the limit is per real address.
      const bot: Reply[] = [];
      for (let i = 0; i < 100; i++) {
        bot.push(await post(`${c}/bookings`, { citizenId: `BOT${String(i).padStart(7, '0')}`, service: SERVICES[i % 3], slot: localSlot(offset, 1 + (i % 7), `1${i % 8}:${i % 2 ? '30' : '00'}`) }, { 'x-forwarded-for': `10.0.${i}.1` }));
      }
      const through = bot.filter((r) => r.status !== 429);
      expect(through).toHaveLength(PUBLIC_MAX - bookingCalls);
      for (const r of bot.filter((x) => x.status === 429)) expect(codeOf(r)).toBe('SRV_ERR_RATE_LIMITED');
      const botBooked = through.filter((r) => r.status === 201).length;

      // 3. Guessing ticket tokens: the status route has its own limit, as exact.
      const guesses: Reply[] = [];
      for (let i = 0; i < 60; i++) guesses.push(await send(server.url, { path: `${c}/status/${(i + 1).toString(36)}.${'A'.repeat(22)}` }));
      expect(guesses.filter((r) => r.status === 404)).toHaveLength(PUBLIC_MAX);
      expect(guesses.filter((r) => r.status === 429)).toHaveLength(60 - PUBLIC_MAX);

      // The log agrees: the hoarder never held more than 3 at once; the bookings are those answered 201.
      expect(await server.stop()).toBe(0);
      const store = new LmdbStore({ dataDir, noSync: true, overlappingSync: false });
      const log = await store.load(CENTRE, 0);
      await store.close();
      const hoarderKey = new KeyedHash(SECRET).citizenKey(HOARDER[0]!);
      expect(maxActive(log, hoarderKey)).toBe(3);
      expect(log.filter((e) => e.type === 'booking.made' && e.citizen === hoarderKey)).toHaveLength(4);
      expect(log.filter((e) => e.type === 'booking.made')).toHaveLength(4 + botBooked);
      expect(log.filter((e) => e.type === 'hold.placed')).toHaveLength(0);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
