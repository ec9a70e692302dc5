/**
 * A display name goes to the log and, after a restart or on another instance, comes back from it:
 * what is accepted must be stored exactly. A lone UTF-16 surrogate cannot be (UTF-8 in msgpack
 * has no form for it: it came back as U+FFFD), and control characters have no place on a board:
 * both are refused (400) and change nothing; any other Unicode name is kept as given.
 */
import { describe, expect, it } from 'vitest';
import { C, DESK, json, listeningTestApp, tempDir, testApp } from './helpers.ts';

const issue = (app: Awaited<ReturnType<typeof testApp>>['app'], nameJson: string) =>
  app.inject({ method: 'POST', url: `${C}/tickets`, headers: { ...DESK, 'content-type': 'application/json' }, payload: `{"service":"id-card","name":${nameJson}}` });

describe('display names', () => {
  it('refuses lone surrogates and control characters; keeps any other name exactly across a restart', async () => {
    const tmp = tempDir();
    const first = await testApp({ dataDir: tmp.dir });
    const host = first.app.ctx.network.get('baku-1');
    // Blank names and bidirectional embeddings, overrides and isolates (they reorder the text after
    // them on the board: a name could show another name) were accepted before.
    for (const bad of ['"Ay\\ud800sel"', '"\\udfffAysel"', '"Aysel\\nAliyeva"', '"\\u0000"', '"\\u001b[31mAysel"', '"Aysel\\u007f"', '" "', '"   "', '"\\u00a0\\u3000"', '"\\u202eAysel"', '"Ay\\u202asel"', '"Aysel\\u2066"', '"\\u2069Aysel"']) {
      const res = await issue(first.app, bad);
      expect({ name: bad, status: res.statusCode, code: json(res).code }).toEqual({ name: bad, status: 400, code: 'SRV_ERR_BAD_REQUEST' });
    }
    expect(host.centre.version).toBe(0);
    expect(await first.app.ctx.store.version('baku-1')).toBe(0);
    const good = ['Ayşə Əliyeva', 'Məmmədov 👨‍👩‍👧', 'Zöhrə — ZWNJ\u200cok'];
    const ids: number[] = [];
    for (const name of good) {
      const res = await issue(first.app, JSON.stringify(name));
      expect(res.statusCode).toBe(201);
      ids.push(json<{ ticket: number }>(res).ticket);
    }
    await first.close();
    const second = await testApp({ dataDir: tmp.dir });
    const again = second.app.ctx.network.get('baku-1');
    expect(ids.map((id) => again.centre.ticket(id)?.name)).toEqual(good);
    await second.close();
    tmp.remove();
  });

  it('refuses a name longer than the engine keeps (100 UTF-16 units) with 400 saying why, walk-in and booking (real socket)', async () => {
    const { t, port } = await listeningTestApp();
    const send = async (name: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${C}/tickets`, { method: 'POST', headers: { ...DESK, 'content-type': 'application/json' }, body: JSON.stringify({ service: 'id-card', name }) });
      return { status: res.status, body: (await res.json()) as { code?: string; message?: string } };
    };
    const host = t.app.ctx.network.get('baku-1');
    // 60 characters of the Basic Multilingual Plane: the limit.
    expect((await send('Ə'.repeat(60))).status).toBe(201);
    // Characters outside it (emoji, 𝐀…) are two UTF-16 units each; the engine keeps at most 100 units.
    // Before: 51–60 such characters passed the schema (60 characters) and the engine refused them
    // 422 SRV_ERR_INVALID_COMMAND "name must be 1–100 characters", to a caller who sent 60.
    expect((await send('😀'.repeat(50))).status).toBe(201);
    expect((await send('Ə'.repeat(40) + '😀'.repeat(20))).status).toBe(201); // 80 units
    const before = host.centre.version;
    for (const name of ['😀'.repeat(51), '😀'.repeat(60), 'Ə'.repeat(10) + '😀'.repeat(46)]) {
      const res = await send(name);
      expect({ units: name.length, status: res.status, code: res.body.code }).toEqual({ units: name.length, status: 400, code: 'SRV_ERR_BAD_REQUEST' });
      expect(res.body.message).toContain(`name is ${name.length} UTF-16 code units long; at most 100`);
    }
    const booking = await fetch(`http://127.0.0.1:${port}${C}/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ citizenId: 'AZE1234', service: 'id-card', slot: '2026-11-24T11:00:00+04:00', name: '😀'.repeat(51) }),
    });
    expect([booking.status, ((await booking.json()) as { message: string }).message]).toEqual([400, expect.stringContaining('name is 102 UTF-16 code units long; at most 100')]);
    const long = await send('Ə'.repeat(61));
    expect([long.status, long.body.message]).toEqual([400, 'Request is malformed: body/name must NOT have more than 60 characters']);
    expect(host.centre.version).toBe(before);
    await t.close();
  });
});
