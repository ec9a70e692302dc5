/**
 * The one module that builds Redis keys. Every key of a centre shares the hash tag `{centre}`, so
 * all of them live in one Redis Cluster slot and one Lua script may touch them together; every key
 * a script touches is passed in KEYS (never built inside Lua).
 */

export interface CentreKeys {
  /** List of msgpack events; its length is the centre's version. */
  readonly events: string;
  /** Hash: `version` → the snapshot's version, `data` → the msgpack snapshot (written together by lua/snapshot-2.lua). */
  readonly snapshot: string;
}

/** `prefix` separates deployments (and test runs) sharing one Redis. */
export function centreKeys(prefix: string, centre: string): CentreKeys {
  const base = `${prefix}:{${centre}}`;
  return { events: `${base}:events`, snapshot: `${base}:snapshot` };
}

/**
 * String: the msgpack first answer of one idempotency key, with an expiry (the answer's lifetime).
 * One key per answer (not one hash per centre) because Redis 7.0 cannot expire hash fields.
 * Idempotency keys are 1–128 of `A-Z a-z 0-9 . _ : -` (checked at the edge), so they need no escaping.
 */
export function answerKey(prefix: string, centre: string, key: string): string {
  return `${prefix}:{${centre}}:answer:${key}`;
}

/** Pub/sub channel on which the append script announces a centre's new version (a channel, not a key). */
export function appendedChannel(prefix: string, centre: string): string {
  return `${prefix}:{${centre}}:appended`;
}

/** Pattern matching every centre's channel; `centreOfChannel` reads the centre back. */
export function appendedPattern(prefix: string): string {
  return `${prefix}:{*}:appended`;
}

export function centreOfChannel(prefix: string, channel: string): string | null {
  const head = `${prefix}:{`;
  const tail = '}:appended';
  return channel.startsWith(head) && channel.endsWith(tail) ? channel.slice(head.length, -tail.length) : null;
}

/** Prefix of the BullMQ queues (BullMQ adds its own hash tag per queue). */
export function jobsPrefix(prefix: string): string {
  return `${prefix}:jobs`;
}
