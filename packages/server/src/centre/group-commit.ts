/**
 * Group commit: the queued writes are decided in groups, and a shared store's (Redis) drain commits
 * them one group at a time. Functions over a HostCore (host-core.ts); the embedded store's drain,
 * which keeps two groups in flight, is pipelined-drain.ts and decides its groups here too.
 *
 * A group's commands are decided one after another in arrival order (each on the state the previous
 * ones left, applied in memory at once) and their events appended in ONE store append. Their answers
 * are given only after that append succeeded. A command with an idempotency key runs on its own,
 * stored with its answer (HostCore's plain path), and so does a command alone in the queue.
 */
import type { QueueEvent } from '@asan/queue-core';
import { fromEngine } from '../errors.ts';
import type { Answer } from './centre-host.ts';
import { ClientGone, type HostCore, type Queued } from './host-core.ts';

/** Commands decided together and appended in one write, at most. */
export const GROUP_MAX = 256;

/** A decided member of a group: its answer or its refusal, given once the group's append is done. */
export type Decided = { readonly q: Queued; readonly answer: Answer } | { readonly q: Queued; readonly error: unknown };

/** Shared store: runs the queued commands in groups, one append at a time, until the queue is empty. */
export async function drainGroupsLocked(core: HostCore): Promise<void> {
  while (core.queue.length > 0) {
    // Between groups the centre is the log's (up to a catch-up): reads waiting are served
    // here, so a steady stream of writes does not keep them waiting until it stops.
    if (core.readsWaiting) await core.readAllLocked();
    await runGroupLocked(core, core.queue.splice(0, GROUP_MAX));
  }
}

async function runGroupLocked(core: HostCore, batch: readonly Queued[]): Promise<void> {
  // Alone, a command takes the plain path (no speculation: a lost race costs a catch-up, not a
  // rebuild; it does not catch up first either unless it appends nothing, see runOneLocked).
  if (batch.length === 1) return core.runAloneLocked(batch[0]!);
  if (core.stale && !(await core.freshOrRejectLocked(batch))) return;
  // A group does not catch up first: a successful append at our version proves that nobody had
  // appended since, so every decision of the group (refusals included) was made on the latest
  // state; a group that appends nothing is checked by a catch-up afterwards (commitGroupLocked).
  await decideGroupsLocked(core, batch, (members, events) => commitGroupLocked(core, members, events));
}

/**
 * Decides a batch in arrival order, into groups: a command whose client is gone is refused with
 * ClientGone (not decided); a command with an idempotency key is stored with its answer, alone —
 * the group decided before it is handed to `cut`, then `beforeAlone` runs, then the command; the
 * last group is handed to `cut` at the end. `cut` is given only groups with members.
 */
export async function decideGroupsLocked(
  core: HostCore,
  batch: readonly Queued[],
  cut: (members: Decided[], events: QueueEvent[]) => void | Promise<void>,
  beforeAlone?: () => Promise<void>,
): Promise<void> {
  let group: Decided[] = [];
  let events: QueueEvent[] = [];
  const end = (): void | Promise<void> => {
    if (group.length === 0) return;
    const [members, decided] = [group, events];
    group = [];
    events = [];
    return cut(members, decided);
  };
  for (const q of batch) {
    if (q.gone?.()) {
      q.reject(new ClientGone());
      continue;
    }
    if (q.idempotency) {
      await end();
      await beforeAlone?.();
      await core.runAloneLocked(q);
      continue;
    }
    decideInto(core, q, group, events);
  }
  await end();
}

/** Decides one member of a group on the current state (applied in memory at once). */
function decideInto(core: HostCore, q: Queued, group: Decided[], events: QueueEvent[]): void {
  try {
    const out = core.centre.decide(q.build(core.options.clock()));
    if (!out.ok) throw fromEngine(out.error);
    const answer = q.answerOf(out.result);
    if (out.events.length > 0) {
      core.centre.apply(out.events); // in memory now; answered once appended
      for (const e of out.events) events.push(e);
    }
    group.push({ q, answer });
  } catch (err) {
    group.push({ q, error: err });
  }
}

/** Gives a group's members their answers or refusals (once the group is in the log). */
export function answerMembers(members: readonly Decided[]): void {
  for (const m of members) 'answer' in m ? m.q.resolve(m.answer) : m.q.reject(m.error);
}

/** Appends a group's events in one write, then answers its members; on a conflict or failure, rebuilds and runs them alone. */
async function commitGroupLocked(core: HostCore, members: readonly Decided[], events: readonly QueueEvent[]): Promise<void> {
  if (events.length === 0) {
    // Nothing to append proves the state current: catch up; if others appended, decide again.
    let caughtUp: number;
    try {
      caughtUp = core.options.store.shared ? await core.catchUpLocked() : 0;
    } catch (err) {
      for (const m of members) m.q.reject(err);
      return;
    }
    if (caughtUp === 0) return answerMembers(members);
    for (const m of members) await core.runAloneLocked(m.q);
    return;
  }
  // The version the append expects: the log's length before the group's events (applied in memory as decided).
  const from = core.centre.version - events.length;
  let ok = false;
  try {
    const appended = await core.options.store.append(core.id, from, { events });
    core.noteAppend(appended.ok);
    ok = appended.ok;
  } catch {
    // the store failed: run the members alone below (each gets the store's answer)
  }
  if (ok || (await core.landedLocked(from, events))) {
    core.afterEvents(events);
    return answerMembers(members);
  }
  // The speculative state is not the log's: rebuild from the store, then decide each again.
  await core.rebuildAndRunAloneLocked(members.map((m) => m.q));
}
