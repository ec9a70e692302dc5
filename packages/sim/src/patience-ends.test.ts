import { describe, expect, it } from 'vitest';
import { PatienceEnds } from './patience-ends.ts';
import { stream } from './rng.ts';

describe('PatienceEnds', () => {
  it('pops in (time, order of scheduling) order with pushes, pops and removals interleaved', () => {
    const seed = Math.floor(Math.random() * 1e9);
    console.log(`seed ${seed}`);
    const s = stream(seed, 'patience-test');
    const p = new PatienceEnds();
    let pending: { time: number; seq: number; who: number }[] = [];
    let seq = 0;
    let next = 0;
    let now = 0;
    let removedMax = -Infinity;
    for (let step = 0; step < 8_000; step++) {
      const u = s.next();
      if (u < 0.45 || pending.length === 0) {
        // few distinct times, so that ties are common
        const ev = { time: now + Math.floor(s.next() * 8) * 0.5, seq: seq++, who: next++ };
        pending.push(ev);
        p.push(ev.time, ev.who);
      } else if (u < 0.75) {
        pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
        const want = pending.shift()!;
        expect(p.peekTime()).toBe(want.time);
        expect(p.pop()).toBe(want.who);
        now = want.time;
      } else {
        const k = Math.floor(s.next() * pending.length);
        const gone = pending[k]!;
        pending = pending.filter((x) => x !== gone);
        removedMax = Math.max(removedMax, gone.time);
        p.remove(gone.who);
        p.remove(gone.who); // a second removal does nothing
      }
      expect(p.size).toBe(pending.length);
    }
    expect(p.latestRemoved).toBe(removedMax);
    pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
    for (const want of pending) expect(p.pop()).toBe(want.who);
    expect(p.peekTime()).toBe(Infinity);
  });
});
