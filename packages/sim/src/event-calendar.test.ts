import { describe, expect, it } from 'vitest';
import { EventCalendar } from './event-calendar.ts';
import { stream } from './rng.ts';

describe('EventCalendar', () => {
  // spans: later events wait outside the heap (the run's calendar: a day); 1.5 and 0.7 here, so
  // that events cross many boundaries, some exactly at one
  it.each([
    ['one heap', undefined],
    ['spans of 1.5 from 0.25', { anchor: 0.25, span: 1.5 }],
    ['spans of 0.7 from 3', { anchor: 3, span: 0.7 }],
  ] as const)('pops events in (time, rank, order of scheduling) order, pushes and pops interleaved (%s)', (_name, spans) => {
    const seed = Math.floor(Math.random() * 1e9);
    console.log(`seed ${seed}`);
    const s = stream(seed, 'calendar-test');
    const cal = new EventCalendar();
    if (spans !== undefined) cal.spans(spans.anchor, spans.span);
    // reference: every pending event, with its scheduling number
    let pending: { time: number; rank: number; seq: number; kind: number; arg: number }[] = [];
    let seq = 0;
    let now = 0;
    let popped = 0;
    for (let step = 0; step < 6_000; step++) {
      if (s.next() < 0.55 || pending.length === 0) {
        // few distinct times and ranks, so that ties are common; never before the last popped time
        const time = now + Math.floor(s.next() * 8) * 0.5;
        const rank = Math.floor(s.next() * 4);
        const ev = { time, rank, seq: seq++, kind: Math.floor(s.next() * 13), arg: Math.floor(s.next() * 5000) - 1 };
        pending.push(ev);
        cal.push(ev.time, ev.rank, ev.kind, ev.arg);
      } else {
        pending.sort((a, b) => a.time - b.time || a.rank - b.rank || a.seq - b.seq);
        const want = pending[0]!;
        pending = pending.slice(1);
        expect(cal.peekTime()).toBe(want.time);
        expect(cal.pop()).toBe(true);
        expect([cal.at, cal.kind, cal.arg]).toEqual([want.time, want.kind, want.arg]);
        now = want.time;
        popped++;
      }
      expect(cal.size).toBe(pending.length);
    }
    expect(popped).toBeGreaterThan(1_500);
    while (pending.length > 0) {
      pending.sort((a, b) => a.time - b.time || a.rank - b.rank || a.seq - b.seq);
      const want = pending.shift()!;
      cal.pop();
      expect([cal.at, cal.kind, cal.arg]).toEqual([want.time, want.kind, want.arg]);
    }
    expect(cal.pop()).toBe(false);
    expect(cal.peekTime()).toBe(Infinity);
  });
});
