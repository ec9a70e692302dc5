/**
 * Personal data on real server processes (embedded LMDB, and Redis with an append-only file), logs
 * at trace level: citizens take tickets and book with their IDs (as typed: any case, spaces), a hoarder
 * is refused, windows call and serve. Then the citizen IDs used appear nowhere in clear:
 * - in any public answer: every public GET route of the OpenAPI document with every centre,
 *   service, window and public token, the live stream's first snapshot, the pages, the metrics, the
 *   answers and refusals of the public writes (nor does any citizen key `h1:…`);
 * - in the store: the LMDB files; every Redis key and value (lists, hashes, strings, streams, sets)
 *   and the append-only files;
 * - in the server's pino output (nor the names given at the desk).
 */
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { send, type Reply } from './support/http-client.ts';
import { CENTRE, localSlot, networkInput, OTHER_CENTRE, SERVICES, TOKENS, writeNetwork } from './support/network-config.ts';
import { RedisProcess } from './support/redis-process.ts';
import { routesOf } from './support/route-list.ts';
import { ServerProcess } from './support/server-process.ts';

const IDS = ['AZE9137462', 'qwe7rty', 'AZE 551 0042', 'Bxr-4410', 'MMX8842010'];
const NAMES = ['Gunay Mammadova', 'Rashad Aliyev'];
/** Every way an ID could show: as typed, upper and lower case, without spaces. */
const NEEDLES = [...new Set(IDS.flatMap((id) => [id, id.toUpperCase(), id.toLowerCase(), id.replace(/\s+/g, ''), id.replace(/\s+/g, '').toUpperCase()]))];

const found = (text: string, needles: readonly string[]) => needles.filter((n) => text.includes(n));

/** All files below `dir`, as latin1 text. */
function filesText(dir: string): string {
  let out = '';
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    out += statSync(p).isDirectory() ? filesText(p) : readFileSync(p).toString('latin1');
  }
  return out;
}

/** Every key of a Redis and every value, whatever its type, as latin1 text. */
async function redisText(r: Redis): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      parts.push(key);
      const type = await r.type(key);
      const values: Buffer[] =
        type === 'string' ? [(await r.getBuffer(key))!]
        : type === 'list' ? await r.lrangeBuffer(key, 0, -1)
        : type === 'hash' ? Object.entries(await r.hgetallBuffer(key)).flatMap(([k, v]) => [Buffer.from(k), v])
        : type === 'set' ? await r.smembersBuffer(key)
        : type === 'zset' ? await r.zrangeBuffer(key, 0, -1)
        : type === 'stream' ? (await r.xrangeBuffer(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields])
        : [];
      parts.push(...values.map((b) => b.toString('latin1')));
    }
  } while (cursor !== '0');
  return parts.join('\n');
}

/** Citizens and staff at work; returns every public answer (writes and refusals included). */
async function dayWithPersonalData(base: string): Promise<Reply[]> {
  const c = `/api/centres/${CENTRE}`;
  const offset = networkInput().centres[0]!.utcOffsetMin!;
  const publicAnswers: Reply[] = [];
  const tokens: string[] = [];
  const post = (path: string, body: unknown, token?: string) => send(base, { method: 'POST', path, body, ...(token ? { token } : {}) });
  for (const w of [1, 2]) expect((await post(`${c}/windows/${w}/open`, {}, TOKENS.operator(CENTRE, w))).status).toBe(200);
  for (const [i, id] of IDS.entries()) {
    const slip = await post(`${c}/tickets`, { service: SERVICES[i % 3], citizenId: id, ...(i < NAMES.length ? { name: NAMES[i] } : {}) }, i % 2 ? TOKENS.kiosk : TOKENS.desk);
    expect(slip.status).toBe(201);
    tokens.push((slip.body as { token: string }).token);
  }
  // Online: bookings, a hold confirmed, and a hoarder (the same person, typed differently) refused.
  for (const [i, id] of IDS.slice(0, 3).entries()) {
    const b = await post(`${c}/bookings`, { citizenId: id, service: 'passport', slot: localSlot(offset, 1 + i, '11:00') });
    publicAnswers.push(b);
    tokens.push((b.body as { token: string }).token);
  }
  const hold = await post(`${c}/holds`, { citizenId: IDS[3], service: 'notary', slot: localSlot(offset, 2, '12:00') });
  publicAnswers.push(hold, await post(`${c}/bookings`, { citizenId: IDS[3], holdToken: (hold.body as { holdToken: string }).holdToken }));
  for (let i = 0; i < 4; i++) publicAnswers.push(await post(`${c}/bookings`, { citizenId: IDS[0]!.toLowerCase(), service: SERVICES[i % 3], slot: localSlot(offset, 3, `1${i}:00`) }));
  expect(publicAnswers.some((a) => (a.body as { engineCode?: string }).engineCode === 'QC_ERR_BOOKING_LIMIT')).toBe(true);
  // Windows call (the board shows the display name) and serve.
  const op1 = TOKENS.operator(CENTRE, 1);
  for (const step of ['call-next', 'start', 'complete', 'call-next']) await post(`${c}/windows/1/${step}`, {}, op1);
  await post(`${c}/windows/2/call-next`, {}, TOKENS.operator(CENTRE, 2));
  publicAnswers.push(await post(`${c}/status/${tokens[4]}/cancel`, {}));

  // Every public read, with every value of every path parameter.
  const doc = (await send(base, { path: '/docs/json' })).body;
  const values: Record<string, readonly string[]> = { centre: [CENTRE, OTHER_CENTRE], service: SERVICES, token: tokens, window: ['1', '2'] };
  const expand = (path: string): string[] => {
    const m = /\{(\w+)\}/.exec(path);
    return m ? (values[m[1]!] ?? ['x']).flatMap((v) => expand(path.replace(m[0], v))) : [path];
  };
  for (const r of routesOf(doc).filter((x) => !x.secured && x.method === 'GET')) {
    for (const path of expand(r.path)) {
      if (r.stream) publicAnswers.push(await firstEvent(base + path));
      else publicAnswers.push(await send(base, { path }));
    }
  }
  expect(publicAnswers.filter((a) => a.status === 200).length).toBeGreaterThan(30);
  return publicAnswers;
}

/** The first server-sent event of a live stream, as a reply. */
async function firstEvent(url: string): Promise<Reply> {
  const res = await fetch(url);
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString('utf8');
  }
  await reader.cancel();
  return { status: res.status, body: text, text, ms: 0 };
}

function expectNoPersonalData(publicAnswers: readonly Reply[], log: string, stored: string): void {
  // Positive controls: the scans do see text in clear — the board's display names (shown by design),
  // the names kept in the store for the board, the URLs in the log.
  expect(publicAnswers.some((a) => a.text.includes(NAMES[0]!))).toBe(true);
  expect(stored).toContain(NAMES[0]!);
  expect(log).toContain(`/api/centres/${CENTRE}/tickets`);
  const leaks = publicAnswers.flatMap((a) => found(a.text, [...NEEDLES, 'h1:']).map((n) => `${n} in a public answer: ${a.text.slice(0, 200)}`));
  expect(leaks).toEqual([]);
  expect(log.length).toBeGreaterThan(10_000);
  expect(found(log, [...NEEDLES, ...NAMES])).toEqual([]);
  expect(stored.length).toBeGreaterThan(1_000);
  expect(found(stored, NEEDLES)).toEqual([]);
}

describe('no citizen ID in clear, anywhere', () => {
  it('embedded LMDB store: public answers, metrics, logs and the store files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asan-privacy-'));
    const dataDir = join(dir, 'data');
    const server = await ServerProcess.start({ configFile: writeNetwork(dir, networkInput()), dataDir, logLevel: 'trace', captureOutput: true });
    try {
      const answers = await dayWithPersonalData(server.url);
      expect(await server.stop()).toBe(0);
      expectNoPersonalData(answers, server.log, filesText(dataDir));
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('Redis store: public answers, metrics, logs, every key and value, the append-only files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asan-privacy-'));
    const redis = await RedisProcess.start({ aof: 'always' });
    const server = await ServerProcess.start({ configFile: writeNetwork(dir, networkInput()), redis: redis.url, logLevel: 'trace', captureOutput: true });
    try {
      const answers = await dayWithPersonalData(server.url);
      expect(await server.stop()).toBe(0);
      const client = redis.client();
      const stored = (await redisText(client)) + filesText(redis.dir);
      await client.quit();
      expectNoPersonalData(answers, server.log, stored);
    } finally {
      await server.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
