/**
 * The Redis store's group packer writes each event exactly as the store's msgpackr packer does
 * (the Redis list must hold the same bytes as before): compared byte for byte on random flat
 * events, on strings of every length class and odd UTF-16, and on events that fall back.
 */
import type { QueueEvent } from '@asan/queue-core';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { EventGroupPacker } from '../src/store/event-pack.ts';
import { rng } from './rng.ts';

const packr = new Packr({ useRecords: false, encodeUndefinedAsNil: false });

/** The packer's output split back into payloads, each compared with msgpackr's bytes. */
function expectSameAsPackr(packer: EventGroupPacker, events: readonly object[], note: string): void {
  const { blob, lengths } = packer.pack(events as QueueEvent[]);
  const sizes = lengths.split(',').map(Number);
  expect(sizes.length, note).toBe(events.length);
  let at = 0;
  for (let i = 0; i < events.length; i++) {
    const mine = blob.subarray(at, at + sizes[i]!);
    expect(Buffer.from(mine).toString('hex'), `${note}, event ${i}`).toBe(Buffer.from(packr.pack(events[i])).toString('hex'));
    at += sizes[i]!;
  }
  expect(at, note).toBe(blob.length);
}

const CHARS = ['a', 'Z', '0', ' ', '-', 'ə', 'ç', 'ş', 'Ə', 'é', '€', '中', '😀', '\ud800', '\udc00', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff'];

function randomString(random: () => number): string {
  const lengths = [0, 1, 5, 31, 32, 33, 63, 64, 65, 100, 255, 256, 300, 70_000];
  const n = random() < 0.7 ? Math.floor(random() * 40) : lengths[Math.floor(random() * lengths.length)]!;
  const ascii = random() < 0.5;
  let s = '';
  for (let i = 0; i < n; i++) s += ascii ? String.fromCharCode(32 + Math.floor(random() * 95)) : CHARS[Math.floor(random() * CHARS.length)]!;
  return s;
}

function randomNumber(random: () => number): number {
  const specials = [0, -0, 1, 0x1f, 0x20, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff, 0x100000000, -1, -0x20, -0x21, -0x80, -0x81, -0x8000, -0x8001, -0x80000000, -0x80000001, 0.5, -2.25, 1_795_496_812_851, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity, 1e-300];
  if (random() < 0.5) return specials[Math.floor(random() * specials.length)]!;
  const scale = [1, 300, 70_000, 5e9, 2e12][Math.floor(random() * 5)]!;
  const x = (random() - 0.3) * scale;
  return random() < 0.7 ? Math.round(x) : x;
}

function randomFlatEvent(random: () => number): Record<string, unknown> {
  const e: Record<string, unknown> = { type: randomString(random) };
  const fields = Math.floor(random() * 12);
  for (let f = 0; f < fields; f++) {
    const r = random();
    e[random() < 0.1 ? randomString(random) : `f${f}`] = r < 0.4 ? randomString(random) : r < 0.8 ? randomNumber(random) : r < 0.9 ? random() < 0.5 : null;
  }
  return e;
}

describe('event group packer', () => {
  it('writes random flat events byte for byte as msgpackr does', () => {
    const seed = Number(process.env.PACK_SEED ?? Date.now() % 2 ** 31);
    console.log(`event-pack random events: seed ${seed} (PACK_SEED=${seed} repeats it)`);
    const random = rng(seed);
    const packer = new EventGroupPacker(packr);
    for (let round = 0; round < 300; round++) {
      const events = Array.from({ length: 1 + Math.floor(random() * 40) }, () => randomFlatEvent(random));
      expectSameAsPackr(packer, events, `seed ${seed}, round ${round}`);
    }
  });

  it('falls back to msgpackr for an event that is not flat, and keeps the others', () => {
    const packer = new EventGroupPacker(packr);
    const issued = { type: 'ticket.issued', at: 1_795_496_812_851, id: 900, service: 's18', class: 'general', channel: 'desk', citizen: 'anon:0a1b', seq: 44, due: 1_795_498_612_851 };
    const events = [
      issued,
      { type: 'x', list: [1, 2, 3], at: 5 },
      { type: 'y', nested: { a: 'b' } },
      { type: 'z', gone: undefined, at: 7 },
      { ...issued, name: 'Əli Məmmədov' },
    ];
    expectSameAsPackr(packer, events, 'mixed');
    // The fallback's bytes decode to the same events.
    const { blob, lengths } = packer.pack(events as unknown as QueueEvent[]);
    let at = 0;
    const decoded = lengths.split(',').map((n) => {
      const v = packr.unpack(blob.subarray(at, at + Number(n)));
      at += Number(n);
      return v;
    });
    expect(decoded).toEqual(events);
  });

  it('returns a buffer of its own: a later call does not change an earlier result', () => {
    const packer = new EventGroupPacker(packr);
    const first = packer.pack([{ type: 'window.opened', at: 1, window: 1 }] as QueueEvent[]);
    const copy = Buffer.from(first.blob);
    packer.pack([{ type: 'window.closed', at: 2, window: 2 }] as QueueEvent[]);
    expect(first.blob.equals(copy)).toBe(true);
  });
});
