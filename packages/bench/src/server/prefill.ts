/**
 * Fills a store with a centre's opening (every window opened) and `waiting` walk-ins, at library
 * level, before the server starts: the server then rebuilds the centre from this log as at any
 * start. This is how the call-next runs get a queue deep enough never to run dry, without spending
 * the run's time issuing tickets over HTTP. Events come from the engine itself (`Centre.execute`),
 * and are appended in chunks through the server's own store classes.
 */
import { Centre, type QueueEvent } from '@asan/queue-core';
import { LmdbStore, RedisStore, type EventStore, type ServerConfig } from '@asan/server';
import { serviceId, SERVICE_COUNT } from './bench-network.ts';

/** Events per append: the Redis script unpacks them as arguments (Lua allows a few thousand). */
const CHUNK = 1_000;

export interface Prefill {
  readonly waiting: number;
  readonly events: number;
}

export function storeOf(config: ServerConfig, fast: boolean): EventStore {
  const s = config.store;
  return s.kind === 'redis' ? new RedisStore({ url: s.url, prefix: s.prefix }) : new LmdbStore({ dataDir: s.dataDir, noSync: fast || s.noSync, overlappingSync: false });
}

/** The events of opening every window and issuing `waiting` walk-ins (services round-robin) at `nowMs`. */
export function openingEvents(config: ServerConfig, waiting: number, nowMs: number): QueueEvent[] {
  const cfg = config.centres[0]!;
  const centre = new Centre(cfg);
  const events: QueueEvent[] = [];
  const run = (cmd: Parameters<Centre['execute']>[0]): void => {
    const out = centre.execute(cmd);
    if (!out.ok) throw new Error(`prefill: ${cmd.type} refused: ${out.error.code} ${out.error.message}`);
    events.push(...out.events);
  };
  for (const w of cfg.windows) run({ type: 'openWindow', now: nowMs, window: w.number });
  for (let i = 0; i < waiting; i++) run({ type: 'issueWalkIn', now: nowMs, service: serviceId(i % SERVICE_COUNT), citizen: `prefill:${i}`, channel: 'desk' });
  return events;
}

export async function prefillStore(config: ServerConfig, waiting: number, nowMs: number): Promise<Prefill> {
  const events = openingEvents(config, waiting, nowMs);
  const store = storeOf(config, true);
  try {
    const centre = config.centres[0]!.id;
    let version = await store.version(centre);
    if (version !== 0) throw new Error(`prefill: the store already holds ${version} events of ${centre}`);
    for (let i = 0; i < events.length; i += CHUNK) {
      const r = await store.append(centre, version, { events: events.slice(i, i + CHUNK) });
      if (!r.ok) throw new Error(`prefill: append conflict at version ${version} (found ${r.version})`);
      version = r.version;
    }
    return { waiting, events: version };
  } finally {
    await store.close();
  }
}
