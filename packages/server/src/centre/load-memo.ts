/**
 * A centre's load (`Centre.load()`: waiting, open windows, served and mean wait today, per service)
 * is a function of its state alone, and its state changes only by applied events, each of which
 * moves its version. So the load is computed once per centre and version and shared by every read
 * until the next event: the public load routes (polled by citizens' phones and by the benchmark),
 * the live snapshots and the waiting-tickets gauge. Keyed by the `Centre` object, so a centre rebuilt
 * from the store (a new object) never sees the old one's value. The values are shared: read-only.
 */
import type { Centre } from '@asan/queue-core';

export type CentreLoad = ReturnType<Centre['load']>;

/** A centre's load with its id and name: the body of `GET /api/centres/:centre/load`. */
export interface CentreLoadBody extends CentreLoad {
  readonly centre: string;
  readonly name: string;
}

interface Memo {
  version: number;
  body: CentreLoadBody;
  /** The body as the route's serializer wrote it, once asked for (see `loadJson`). */
  json: string | undefined;
}

const memos = new WeakMap<Centre, Memo>();

function memoOf(c: Centre): Memo {
  let m = memos.get(c);
  if (m === undefined || m.version !== c.version) {
    const load = c.load();
    m = { version: c.version, body: { centre: c.config.id, name: c.config.name, waiting: load.waiting, servedToday: load.servedToday, meanWaitTodayMin: load.meanWaitTodayMin, services: load.services }, json: undefined };
    memos.set(c, m);
  }
  return m;
}

/** `Centre.load()` with the centre's id and name, computed once per version (read-only). */
export function centreLoadOf(c: Centre): CentreLoadBody {
  return memoOf(c).body;
}

/**
 * The load body serialized once per version by `serialize` (the route's compiled response
 * serializer), so a route can send the same JSON text to every reader until the next event.
 */
export function centreLoadJson(c: Centre, serialize: (body: CentreLoadBody) => string): string {
  const m = memoOf(c);
  return (m.json ??= serialize(m.body));
}
