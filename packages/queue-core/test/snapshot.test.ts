/**
 * Snapshots: at several cut points of a seeded random run, a snapshot (structured-cloned, as a store
 * would copy it) restored and followed by the rest of the log gives the live state; and the rest of
 * the commands, run on the restored centre, decide exactly the live centre's events.
 */
import { describe, expect, it } from 'vitest';
import { Centre, SnapshotMismatchError, configFingerprint, createConfig } from '../src/index.ts';
import type { CentreSnapshot, QueueEvent } from '../src/index.ts';
import { MON, at, ok, smallCentre } from './fixtures.ts';
import { INPUT, run } from './random-run.ts';

const STEPS = 3000;
const CUTS = [0, 1, 400, 1234, 2222, 2999];

describe('snapshot and restore', () => {
  for (const seed of [20261123, 99]) {
    it(`restores at every cut point to the live state, and decides alike afterwards (seed ${seed})`, () => {
      const cuts: { step: number; events: number; snapshot: CentreSnapshot; dump: string }[] = [];
      const a = run(seed, STEPS, (i, live, events) => {
        if (CUTS.includes(i)) cuts.push({ step: i, events, snapshot: structuredClone(live.snapshot()), dump: JSON.stringify(live.dump()) });
      });
      expect(cuts.length).toBe(CUTS.length);
      const liveDump = JSON.stringify(a.live.dump());
      for (const cut of cuts) {
        expect(cut.snapshot.version).toBe(cut.events);
        // Restored alone: the state at the cut.
        expect(JSON.stringify(Centre.restore(INPUT, cut.snapshot).dump())).toBe(cut.dump);
        // Restored, then the events after it: the live state at the end.
        const restored = Centre.restore(INPUT, cut.snapshot);
        restored.apply(a.events.slice(cut.events));
        expect(JSON.stringify(restored.dump())).toBe(liveDump);
        // Restored, then the commands after it: the same events (decisions continue identically).
        const again = Centre.restore(INPUT, cut.snapshot);
        const decided: QueueEvent[] = [];
        for (const cmd of a.commands.slice(cut.step)) {
          const out = again.execute(cmd);
          if (out.ok && !out.duplicate) decided.push(...out.events);
        }
        expect(JSON.stringify(decided)).toBe(JSON.stringify(a.events.slice(cut.events)));
        expect(JSON.stringify(again.dump())).toBe(liveDump);
        // A snapshot of the restored centre is the snapshot it was restored from.
        expect(Centre.restore(INPUT, cut.snapshot).snapshot()).toEqual(cut.snapshot);
      }
      // The last cut is deep into the run: tickets, bookings and a day change behind it.
      const last = cuts[cuts.length - 1]!.snapshot;
      expect(last.maxId).toBeGreaterThan(100);
      expect(last.idempotency.length).toBeGreaterThan(0);
    });
  }

  it('shares nothing with the live centre', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 1 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '10:01'), service: 'id-card', citizen: 'a', name: 'Aysel' });
    const snap = c.snapshot();
    const before = JSON.stringify(Centre.restore(smallCentre(), snap).dump());
    ok(c, { type: 'callNext', now: at(MON, '10:02'), window: 1 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '10:03'), service: 'id-card', citizen: 'b' });
    expect(JSON.stringify(Centre.restore(smallCentre(), snap).dump())).toBe(before);
    expect(Centre.restore(smallCentre(), snap).ticket(1)!.name).toBe('Aysel');
  });

  it('refuses another centre, another configuration or another format (QC_ERR_SNAPSHOT_MISMATCH)', () => {
    const snap = new Centre(smallCentre()).snapshot();
    const refusals: [Parameters<typeof Centre.restore>[0], CentreSnapshot][] = [
      [smallCentre({ id: 'baku-2' }), snap],
      [smallCentre({ boardSize: 7 }), snap],
      [smallCentre(), { ...snap, format: 99 }],
    ];
    for (const [config, s] of refusals) {
      expect(() => Centre.restore(config, s)).toThrow(SnapshotMismatchError);
      try {
        Centre.restore(config, s);
      } catch (err) {
        expect((err as SnapshotMismatchError).code).toBe('QC_ERR_SNAPSHOT_MISMATCH');
        expect((err as Error).message).toMatch(/^QC_ERR_SNAPSHOT_MISMATCH: Snapshot cannot be restored for centre baku-/);
      }
    }
    // Key order of the input does not matter; the built config and its input fingerprint alike.
    const reordered = Object.fromEntries(Object.entries(smallCentre()).reverse()) as ReturnType<typeof smallCentre>;
    expect(configFingerprint(createConfig(reordered))).toBe(snap.config);
    expect(() => Centre.restore(createConfig(reordered), snap)).not.toThrow();
  });
  it('refuses a truncated or corrupted snapshot with QC_ERR_SNAPSHOT_MISMATCH, never a TypeError, a hang or a silently wrong state', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: at(MON, '10:00'), window: 1 });
    ok(c, { type: 'issueWalkIn', now: at(MON, '10:01'), service: 'id-card', citizen: 'a' });
    ok(c, { type: 'issueWalkIn', now: at(MON, '10:02'), service: 'id-card', citizen: 'b' });
    const snap = c.snapshot();
    const cut = <T extends { length: number; slice(a: number, b: number): T }>(v: T): T => v.slice(0, v.length - 1);
    const corrupt: [string, unknown][] = [
      ['no columns', { ...snap, columns: undefined }],
      ['a column cut short', { ...snap, columns: { ...snap.columns, due: cut(snap.columns.due) } }],
      ['a column of another type', { ...snap, columns: { ...snap.columns, due: Array.from(snap.columns.due) } }],
      ['citizens cut short', { ...snap, citizen: cut(snap.citizen as string[]) }],
      ['windows cut short', { ...snap, windows: snap.windows.slice(0, 2) }],
      ['no windows', { ...snap, windows: undefined }],
      ['waiting cut short', { ...snap, waiting: cut(snap.waiting) }],
      ['class counters missing', { ...snap, classDay: [] }],
      ['no version', { ...snap, version: undefined }],
      ['a version that is not a count', { ...snap, version: -1 }],
      ['no idempotency keys', { ...snap, idempotency: undefined }],
      ['no sparse columns', { ...snap, sparse: {} }],
      ['an id twice', { ...snap, ids: Int32Array.from([1, 1]) }],
      ['ids out of order', { ...snap, ids: Int32Array.from([2, 1]) }],
      ['an id beyond maxId', { ...snap, ids: Int32Array.from([1, 9]) }],
    ];
    for (const [what, s] of corrupt) {
      let thrown: unknown;
      try {
        Centre.restore(smallCentre(), s as CentreSnapshot);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, what).toBeInstanceOf(SnapshotMismatchError);
      expect((thrown as SnapshotMismatchError).code, what).toBe('QC_ERR_SNAPSHOT_MISMATCH');
    }
    // The intact snapshot still restores, and a fresh centre's snapshot too.
    expect(Centre.restore(smallCentre(), snap).dump()).toEqual(c.dump());
    const fresh = new Centre(smallCentre());
    expect(Centre.restore(smallCentre(), fresh.snapshot()).dump()).toEqual(fresh.dump());
  });
});
