/**
 * A display name goes to the log and, after a restart or on another instance, comes back from it:
 * what is accepted must be stored exactly. A lone UTF-16 surrogate cannot be (UTF-8 in msgpack
 * has no form for it: it came back as U+FFFD), and control characters have no place on a board:
 * both are refused (400) and change nothing; any other Unicode name is kept as given.
 */
import { describe, expect, it } from 'vitest';
import { C, DESK, json, tempDir, testApp } from './helpers.ts';

const issue = (app: Awaited<ReturnType<typeof testApp>>['app'], nameJson: string) =>
  app.inject({ method: 'POST', url: `${C}/tickets`, headers: { ...DESK, 'content-type': 'application/json' }, payload: `{"service":"id-card","name":${nameJson}}` });

describe('display names', () => {
  it('refuses lone surrogates and control characters; keeps any other name exactly across a restart', async () => {
    const tmp = tempDir();
    const first = await testApp({ dataDir: tmp.dir });
    const host = first.app.ctx.network.get('baku-1');
    for (const bad of ['"Ay\\ud800sel"', '"\\udfffAysel"', '"Aysel\\nAliyeva"', '"\\u0000"', '"\\u001b[31mAysel"', '"Aysel\\u007f"']) {
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
});
