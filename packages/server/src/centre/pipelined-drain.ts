/**
 * The embedded store's drain: group commit, pipelined. Functions over a HostCore (host-core.ts);
 * groups are decided as in group-commit.ts.
 */
import type { QueueEvent } from '@asan/queue-core';
import { answerMembers, decideGroupsLocked, GROUP_MAX, type Decided } from './group-commit.ts';
import type { HostCore } from './host-core.ts';

/** Groups whose appends are in flight at once (unshared store): one flushing, one committing behind it. */
const PIPELINE_DEPTH = 2;

/** A group whose append was issued: `done` is true once it is in the log (per the store's durability). */
interface InFlight {
  readonly members: readonly Decided[];
  readonly events: readonly QueueEvent[];
  /** The version the group's append expects (the log's length before its events). */
  readonly from: number;
  readonly done: Promise<boolean>;
}

/**
 * Unshared store (embedded): group commit, pipelined. While group N's append is being committed
 * and flushed, group N+1 is decided on the state N left (applied in memory) and its append is
 * issued at once: the store's transactions run in the order they were issued, each checks the
 * head it expects (so N+1 cannot land without N), and LMDB's overlappingSync lets N+1's commit
 * start while N flushes. Answers are given strictly in order, each group's only after its own
 * append resolved — i.e. after its own flush, per the store's durability setting. If an append
 * fails, the groups after it fail too (the head they expect was never written): the centre is
 * rebuilt from the store and their commands run again one at a time.
 */
export async function drainPipelinedLocked(core: HostCore): Promise<void> {
  const inflight: InFlight[] = [];
  while (core.queue.length > 0 || inflight.length > 0) {
    if (core.readsWaiting) {
      // Reads see only appended events: settle the groups in flight (no new one starts meanwhile),
      // then read; then a group, if writes wait (reads and writes take turns, neither starves).
      await settleAllLocked(core, inflight);
      await core.readAllLocked();
    }
    if (core.queue.length > 0 && inflight.length < PIPELINE_DEPTH) {
      const batch = core.queue.splice(0, GROUP_MAX);
      if (core.stale && !(await core.freshOrRejectLocked(batch))) continue;
      await decideGroupsLocked(
        core,
        batch,
        (members, events) => {
          inflight.push(launchGroup(core, members, events));
        },
        // A command with an idempotency key is stored with its answer, alone: after every group before it is settled.
        () => settleAllLocked(core, inflight),
      );
      continue;
    }
    if (inflight.length === 0) continue;
    if (inflight.length < PIPELINE_DEPTH && core.queue.length === 0) {
      // Room for one more group: start it as soon as requests arrive, or settle the oldest first.
      const arrived = await Promise.race([inflight[0]!.done.then(() => false), new Promise<boolean>((resolve) => (core.wake = () => resolve(true)))]);
      core.wake = undefined;
      if (arrived) {
        // Let the requests of the same turn of the event loop join this group.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
    }
    await settleNextLocked(core, inflight);
  }
}

/** Issues a group's append now (not awaited): at the version before its events. */
function launchGroup(core: HostCore, members: Decided[], events: QueueEvent[]): InFlight {
  core.inflightMembers += members.length;
  const from = core.centre.version - events.length;
  if (events.length === 0) return { members, events, from, done: Promise.resolve(true) };
  core.unappended += events.length;
  const done = core.options.store.append(core.id, from, { events }).then(
    (r) => {
      core.noteAppend(r.ok);
      return r.ok;
    },
    () => false,
  );
  return { members, events, from, done };
}

/** Waits for the oldest group in flight; answers it, or on failure rebuilds and runs every group left alone. */
async function settleNextLocked(core: HostCore, inflight: InFlight[]): Promise<void> {
  const g = inflight.shift()!;
  if (await doneLocked(core, g)) {
    if (g.events.length > 0) core.afterEvents(g.events);
    answerMembers(g.members);
    return;
  }
  // The speculative state is not the log's. The groups after this one expected a head that was
  // never written: wait for them (a group that did land — it cannot, unless another process
  // writes this data directory — is answered: it is in the log).
  const failed: InFlight[] = [g];
  for (const later of inflight.splice(0)) {
    if (await doneLocked(core, later)) answerMembers(later.members);
    else failed.push(later);
  }
  await core.rebuildAndRunAloneLocked(failed.flatMap((f) => f.members.map((m) => m.q)));
}

/**
 * Waits until a group's append resolved and takes the group out of the counts of what is in
 * flight: true if its events are in the log (appended, or found there after a lost reply).
 */
async function doneLocked(core: HostCore, g: InFlight): Promise<boolean> {
  const ok = (await g.done) || (await core.landedLocked(g.from, g.events));
  core.inflightMembers -= g.members.length;
  core.unappended -= g.events.length;
  return ok;
}

async function settleAllLocked(core: HostCore, inflight: InFlight[]): Promise<void> {
  while (inflight.length > 0) await settleNextLocked(core, inflight);
}
