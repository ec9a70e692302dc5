/**
 * A reply lost on the way back from Redis: the append script ran (the events are in the log), but
 * the connection broke before its answer arrived. ioredis reconnects and sends the script again,
 * which now reports a version conflict — the log has moved on, by our own events. The server must
 * recognise them as its own and answer the writes with what it decided, not decide them again:
 * deciding again would issue every ticket a second time and leave the first ones in the queue,
 * phantoms nobody holds a slip for.
 *
 * A real private redis-server behind a TCP proxy that can cut the connection that carries the next
 * append script, after the request has gone through and before the reply comes back.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { QueueEvent } from '@asan/queue-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createServerConfig } from '../../src/config/validate-config.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { at, C, configInputOf, DESK, json, ManualClock, MON, post, testConfig } from '../helpers.ts';
import { startRedis, type PrivateRedis } from '../private-redis.ts';

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

/** A TCP proxy to Redis; `cutNextAppend()` breaks the connection of the next EVALSHA after forwarding it. */
async function cuttingProxy(target: number) {
  let armed = false;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    let cut = false;
    client.on('data', (chunk) => {
      upstream.write(chunk);
      if (armed && /evalsha/i.test(chunk.toString('latin1'))) {
        armed = false;
        cut = true;
        cuts++;
        // The request is on its way to Redis; its reply is never passed back.
        setTimeout(() => {
          client.destroy();
          upstream.destroy();
        }, 50);
      }
    });
    upstream.on('data', (chunk) => {
      if (!cut) client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    cutNextAppend: () => (armed = true),
    cuts: () => cuts,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function appBehind(proxyUrl: string, prefix: string): Promise<FastifyInstance> {
  const config = createServerConfig({ ...configInputOf(testConfig()), store: { kind: 'redis', url: proxyUrl, prefix } });
  return buildApp({ config, clock: new ManualClock(at(MON, '10:00')).now, logger: false, jobs: false, defaultMetrics: false });
}

/** The centre's log as stored (read directly from Redis, not through the proxy). */
async function storedLog(prefix: string): Promise<QueueEvent[]> {
  const store = new RedisStore({ url: redis.url, prefix });
  try {
    return await store.load('baku-1', 0);
  } finally {
    await store.close();
  }
}

const issued = (log: QueueEvent[]) => log.filter((e) => e.type === 'ticket.issued').length;

/** An app behind a fresh proxy, with ticket A001 issued (the append script is loaded: later appends are EVALSHA). */
async function started() {
  const proxy = await cuttingProxy(redis.port);
  const prefix = `test-${randomUUID()}`;
  const app = await appBehind(proxy.url, prefix);
  expect(json<{ number: string }>(await post(app, `${C}/tickets`, DESK, { service: 'id-card' })).number).toBe('A001');
  return {
    app,
    proxy,
    prefix,
    async close() {
      await app.close();
      await proxy.close();
    },
  };
}

describe('a lost reply of the append script (real Redis behind a cutting proxy)', () => {
  it('a group whose append landed is answered with what it decided, once', async () => {
    const { app, proxy, prefix, close } = await started();
    try {
      proxy.cutNextAppend();
      const group = await Promise.all([1, 2, 3].map(() => post(app, `${C}/tickets`, DESK, { service: 'id-card' })));
      expect(proxy.cuts()).toBe(1);
      expect(group.map((r) => r.statusCode)).toEqual([201, 201, 201]);
      expect(group.map((r) => json<{ number: string }>(r).number).sort()).toEqual(['A002', 'A003', 'A004']);

      const log = await storedLog(prefix);
      expect(issued(log)).toBe(4); // not 7: no ticket issued twice
      const load = await app.inject({ method: 'GET', url: `${C}/load` });
      expect(json<{ waiting: number }>(load).waiting).toBe(4);
    } finally {
      await close();
    }
  });

  it('a write alone whose append landed is answered with what it decided, once', async () => {
    const { app, proxy, prefix, close } = await started();
    try {
      proxy.cutNextAppend();
      const res = await post(app, `${C}/tickets`, DESK, { service: 'id-card' });
      expect(proxy.cuts()).toBe(1);
      expect(res.statusCode).toBe(201);
      expect(json<{ number: string }>(res).number).toBe('A002');
      expect(issued(await storedLog(prefix))).toBe(2); // not 3
    } finally {
      await close();
    }
  });
});
