/** What every command shares: its shape, `now`, and refusals as results that change nothing. */
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, Centre, time } from '../src/index.ts';
import type { Command, QueueEvent } from '../src/index.ts';
import { MON, at, expectRefused, min, ok, smallCentre } from './fixtures.ts';

const T = at(MON, '11:00');

describe('malformed commands', () => {
  it('lists the twenty command types', () => {
    expect([...COMMAND_TYPES].sort()).toEqual(
      [
        'issueWalkIn', 'holdSlot', 'releaseHold', 'book', 'cancel', 'checkIn', 'openWindow', 'closeWindow', 'startBreak', 'endBreak',
        'callNext', 'recall', 'start', 'complete', 'noShow', 'requeue', 'park', 'resume', 'transfer', 'tick',
      ].sort(),
    );
  });

  it('refuses non-objects and unknown types', () => {
    const c = new Centre(smallCentre());
    for (const cmd of [null, undefined, 42, 'callNext', {}, { type: 'explode', now: T }, { type: 'toString', now: T }, { type: '__proto__', now: T }, { type: 'constructor', now: T }]) {
      const e = expectRefused(c, cmd, 'QC_ERR_BAD_COMMAND');
      expect(Object.isFrozen(e)).toBe(true);
    }
  });

  it('refuses fields JSON cannot write (a BigInt, a cyclic object) with their code, not an exception', () => {
    // The refusal's message quotes the field; writing it must not throw.
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const bad of [10n, cyclic]) {
      const c = new Centre(smallCentre());
      expect(expectRefused(c, { type: 'issueWalkIn', now: T, service: bad, citizen: 'x' }, 'QC_ERR_UNKNOWN_SERVICE').message).toMatch(/^Unknown service /);
      expectRefused(c, { type: 'callNext', now: T, window: bad }, 'QC_ERR_UNKNOWN_WINDOW');
      expectRefused(c, { type: 'cancel', now: T, ticket: bad }, 'QC_ERR_UNKNOWN_TICKET');
      expectRefused(c, { type: 'releaseHold', now: T, hold: bad }, 'QC_ERR_UNKNOWN_HOLD');
    }
    expect(expectRefused(new Centre(smallCentre()), { type: 'callNext', now: T, window: 10n }, 'QC_ERR_UNKNOWN_WINDOW').message).toBe('Unknown window 10');
  });

  it('refuses a missing or non-finite `now` for every command type', () => {
    const c = new Centre(smallCentre());
    for (const type of COMMAND_TYPES) {
      // 1e16 and -1e16 are finite but beyond what a Date holds: openWindow took one and every later
      // issue, hold, book and tick threw (the clock had moved there), replay too
      for (const now of [undefined, null, Number.NaN, Number.POSITIVE_INFINITY, '2026-11-23T11:00', String(T), 1e16, -1e16, 8.64e15]) {
        const e = expectRefused(c, { type, now, window: 1, service: 'id-card', citizen: 'x', ticket: 1 }, 'QC_ERR_BAD_TIME');
        expect(e.message).toMatch(/finite number/);
      }
    }
  });

  it('refuses the same `now` through decide as through execute, and takes the largest time it allows', () => {
    const c = new Centre(smallCentre());
    const decided = c.decide({ type: 'openWindow', now: 1e16, window: 1 });
    expect(decided.ok ? 'accepted' : decided.error.code).toBe('QC_ERR_BAD_TIME');
    expect(c.decide({ type: 'openWindow', now: time.MAX_TIME_MS, window: 1 }).ok).toBe(true);
  });

  it('answers a command with a value JSON cannot write (a BigInt type or channel) with a coded refusal, not a TypeError', () => {
    const c = new Centre(smallCentre());
    expect(expectRefused(c, { type: 10n, now: T }, 'QC_ERR_BAD_COMMAND').message).toMatch(/unknown command type 10n/);
    ok(c, { type: 'openWindow', now: T, window: 1 });
    expect(expectRefused(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'x', channel: 10n }, 'QC_ERR_BAD_COMMAND').message).toMatch(/got 10n/);
  });

  it('takes a `now` earlier than the last event as the time of the last event', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: T, window: 1 });
    const out = c.execute({ type: 'issueWalkIn', now: T - min(5), service: 'id-card', citizen: 'x' });
    expect(out.ok && out.events[0]!.at).toBe(T);
    expect(c.clock).toBe(T);
    expect(c.ticket(1)!.due).toBe(T + min(30));
  });

  it('exposes the config, the version and the clock', () => {
    const c = new Centre(smallCentre());
    expect(c.version).toBe(0);
    expect(c.clock).toBe(Number.NEGATIVE_INFINITY);
    expect(c.config.id).toBe('baku-1');
    expect(Object.isFrozen(c.config)).toBe(true);
    ok(c, { type: 'openWindow', now: T, window: 1 });
    expect(c.version).toBe(1);
    expect(c.clock).toBe(T);
    // A centre can be built from an already validated config.
    expect(new Centre(c.config).config).toBe(c.config);
  });
});

describe('decide', () => {
  it('only decides: the state is the same before and after, for every kind of command', () => {
    const c = new Centre(smallCentre());
    const script: Command[] = [
      { type: 'holdSlot', now: at('2026-11-22', '12:00'), service: 'id-card', slot: at(MON, '11:30'), citizen: 'b' },
      { type: 'book', now: at('2026-11-22', '12:00'), citizen: 'b', hold: 1 },
      { type: 'holdSlot', now: at('2026-11-22', '12:00'), service: 'passport', slot: at(MON, '11:30'), citizen: 'h' },
      { type: 'releaseHold', now: at('2026-11-22', '12:01'), hold: 2 },
      { type: 'openWindow', now: T, window: 1 },
      { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'a' },
      { type: 'checkIn', now: T + min(1), ticket: 1 },
      { type: 'issueWalkIn', now: T + min(2), service: 'passport', citizen: 'p' },
      { type: 'callNext', now: T + min(3), window: 1 },
      { type: 'recall', now: T + min(4), window: 1 },
      { type: 'start', now: T + min(5), window: 1 },
      { type: 'park', now: T + min(6), window: 1 },
      { type: 'resume', now: T + min(7), ticket: 2 },
      { type: 'transfer', now: T + min(8), ticket: 3, service: 'licence' },
      { type: 'callNext', now: T + min(9), window: 1 },
      { type: 'requeue', now: T + min(10), window: 1 },
      { type: 'callNext', now: T + min(30), window: 1 },
      { type: 'noShow', now: T + min(31), window: 1 },
      { type: 'callNext', now: T + min(31), window: 1 },
      { type: 'start', now: T + min(31), window: 1 },
      { type: 'complete', now: T + min(35), window: 1, rating: 4 },
      { type: 'startBreak', now: T + min(36), window: 1 },
      { type: 'endBreak', now: T + min(40), window: 1 },
      { type: 'cancel', now: T + min(41), ticket: 3 },
      { type: 'closeWindow', now: T + min(42), window: 1 },
      { type: 'tick', now: at('2026-11-24', '00:00') },
    ];
    for (const cmd of script) {
      const before = JSON.stringify(c.dump());
      const decided = c.decide(cmd);
      expect(JSON.stringify(c.dump())).toBe(before);
      const executed = c.execute(cmd);
      expect(executed).toEqual(decided);
      if (!executed.ok) throw new Error(`${cmd.type}: ${executed.error.message}`);
      expect(executed.events.length).toBeGreaterThan(0);
    }
  });
});

describe('idempotency keys', () => {
  it('answers a repeat with the first answer and emits nothing', () => {
    const c = new Centre(smallCentre());
    const first = c.execute({ type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'x', key: 'k1' });
    expect(first.ok && first.events[0]!.key).toBe('k1');
    const dump = JSON.stringify(c.dump());
    const again = c.execute({ type: 'issueWalkIn', now: T + min(1), service: 'id-card', citizen: 'x', key: 'k1' });
    expect(again).toEqual({ ok: true, events: [], result: first.ok && first.result, duplicate: true });
    expect(c.version).toBe(1);
    expect(JSON.stringify(c.dump())).toBe(dump);
  });

  it('puts the key on the first event only, for a command of several events', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'holdSlot', now: at('2026-11-22', '12:00'), service: 'id-card', slot: at(MON, '10:00'), citizen: 'b' });
    const out = c.execute({ type: 'book', now: at('2026-11-22', '12:01'), citizen: 'b', hold: 1, key: 'conf-1' });
    expect(out.ok && out.events.map((e) => e.key)).toEqual(['conf-1', undefined]);
  });

  it('accepts a keyed command with a field JSON cannot write, without throwing after its events are applied', () => {
    // The answer is remembered under a fingerprint of the command; making it must not throw once the events are in.
    const c = new Centre(smallCentre());
    const cmd = { type: 'openWindow', now: T, window: 1, key: 'k', note: 10n } as unknown as Command;
    const first = c.execute(cmd);
    expect(first.ok && first.events.length).toBe(1);
    expect(c.version).toBe(1);
    expect(c.execute({ ...cmd, now: T + 1 } as Command)).toMatchObject({ ok: true, events: [], duplicate: true });
    expectRefused(c, { ...cmd, note: 11n }, 'QC_ERR_IDEMPOTENCY_KEY_REUSED');
    expect(c.version).toBe(1);
  });

  it('refuses a key reused for a different command', () => {
    const c = new Centre(smallCentre());
    ok(c, { type: 'openWindow', now: T, window: 1, key: 'k' });
    expectRefused(c, { type: 'openWindow', now: T, window: 2, key: 'k' }, 'QC_ERR_IDEMPOTENCY_KEY_REUSED');
    expectRefused(c, { type: 'closeWindow', now: T, window: 1, key: 'k' }, 'QC_ERR_IDEMPOTENCY_KEY_REUSED');
  });

  it('does not remember a refused command or one that changed nothing', () => {
    const c = new Centre(smallCentre());
    expectRefused(c, { type: 'closeWindow', now: T, window: 1, key: 'k' }, 'QC_ERR_WINDOW_STATE');
    ok(c, { type: 'openWindow', now: T, window: 1, key: 'k2' });
    expect(ok(c, { type: 'callNext', now: T, window: 1, key: 'c' }).ticket).toBeNull();
    ok(c, { type: 'issueWalkIn', now: T, service: 'id-card', citizen: 'x' });
    const out = c.execute({ type: 'callNext', now: T, window: 1, key: 'c' });
    expect(out.ok && !out.duplicate && out.result.ticket).toBe(1);
    ok(c, { type: 'closeWindow', now: T, window: 1, key: 'k' });
  });

  it('refuses malformed keys', () => {
    const c = new Centre(smallCentre());
    for (const key of ['', 'k'.repeat(129), 7, null]) {
      expectRefused(c, { type: 'openWindow', now: T, window: 1, key }, 'QC_ERR_BAD_COMMAND');
    }
    ok(c, { type: 'openWindow', now: T, window: 1, key: 'k'.repeat(128) });
  });

  it('still knows keys after a restart from the log, and emits nothing for them', () => {
    const c = new Centre(smallCentre());
    const out = c.execute({ type: 'openWindow', now: T, window: 1, key: 'open-1' });
    const events = out.ok ? [...out.events] : [];
    const restarted = Centre.replay(smallCentre(), events);
    const again = restarted.execute({ type: 'openWindow', now: T, window: 1, key: 'open-1' });
    expect(again).toEqual({ ok: true, events: [], result: { replayed: true, version: 0 }, duplicate: true });
    expect(restarted.version).toBe(1);
  });

  it('keeps a key for keepIdempotencyKeysDays days after its day, then forgets it (live, replay and snapshot alike)', () => {
    const cfg = smallCentre({ keepIdempotencyKeysDays: 2 });
    const c = new Centre(cfg);
    const log: QueueEvent[] = [];
    const run = (cmd: Command) => {
      const out = c.execute(cmd);
      if (out.ok) log.push(...out.events);
      return out;
    };
    const open = (date: string) => ({ type: 'openWindow', now: at(date, '10:00'), window: 1, key: 'open-1' }) as const;
    const first = run(open(MON));
    expect(first.ok && first.events.length).toBe(1);
    run({ type: 'closeWindow', now: at(MON, '12:00'), window: 1 });
    // Two days after its day the key is still known: a repeat changes nothing.
    run({ type: 'issueWalkIn', now: at('2026-11-25', '10:00'), service: 'id-card', citizen: 'x' });
    expect(run(open('2026-11-25'))).toMatchObject({ ok: true, events: [], duplicate: true });
    const snapshot = c.snapshot();
    const cut = log.length;
    expect(snapshot.idempotency.map(([k]) => k)).toEqual(['open-1']);
    // The first event of the third day after forgets it: the same key is now a new command.
    run({ type: 'issueWalkIn', now: at('2026-11-26', '10:00'), service: 'id-card', citizen: 'y' });
    expect(c.snapshot().idempotency).toEqual([]);
    const again = run(open('2026-11-26'));
    expect(again.ok && !again.duplicate && again.events.map((e) => e.key)).toEqual(['open-1']);
    expect(c.snapshot().idempotency).toEqual([['open-1', c.version - 1]]);
    // A replay of the log and a restored snapshot followed by the rest forget and learn the same keys.
    const dump = JSON.stringify(c.dump());
    expect(JSON.stringify(Centre.replay(cfg, log).dump())).toBe(dump);
    const restored = Centre.restore(cfg, snapshot);
    restored.apply(log.slice(cut));
    expect(JSON.stringify(restored.dump())).toBe(dump);
  });

  it('refuses a keepIdempotencyKeysDays out of range', () => {
    for (const bad of [0, 3651, 1.5, -1]) {
      expect(() => new Centre(smallCentre({ keepIdempotencyKeysDays: bad }))).toThrow(/QC_ERR_CONFIG_INVALID[\s\S]*keepIdempotencyKeysDays/);
    }
    expect(new Centre(smallCentre()).config.keepIdempotencyKeysDays).toBe(30);
  });

  it('remembers answers of commands decided and applied separately', () => {
    const c = new Centre(smallCentre());
    const cmd = { type: 'openWindow', now: T, window: 1, key: 'sep' } as const;
    const out = c.decide(cmd);
    expect(c.version).toBe(0);
    if (!out.ok) throw new Error('refused');
    c.apply(out.events);
    c.remember('sep', cmd, out);
    expect(c.execute(cmd)).toEqual({ ...out, events: [], duplicate: true });
    expect(c.version).toBe(1);
  });
});
