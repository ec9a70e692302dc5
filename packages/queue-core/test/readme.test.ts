/**
 * The README as a library user meets it: its example runs and gives what its comments say, the
 * "persisting first" recipe works, and its tables (commands, configuration fields and booking
 * defaults) are the engine's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, Centre, createConfig } from '../src/index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The text of the section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** First column of each row of the first table in `text`, as the backticked names it holds. */
function firstColumnNames(text: string): string[] {
  const rows = text.split('\n').filter((l) => l.startsWith('| `'));
  return rows.flatMap((l) => [...l.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

describe('README', () => {
  it('Example: the code runs as written and gives the results its comments show', () => {
    const block = /```ts\n([\s\S]*?)```/.exec(section('Example'))![1]!;
    expect(block).toContain("import { Centre } from '@asan/queue-core';");
    const body = block.replace(/^import .*$/m, '');
    const run = new Function('Centre', `${body}\nreturn { centre, slip, call };`) as (c: typeof Centre) => { centre: Centre; slip: any; call: any };
    const { centre, slip, call } = run(Centre);
    // The README's comments are the ones checked here.
    expect(block).toContain("// slip.result: { ticket: 1, number: 'A001', windows: [{ number: 1, floor: 1 }], peopleAhead: 0, eta: { p50Ms, p90Ms, … } }");
    expect(block).toContain("// call.events: [{ type: 'ticket.called', at, id: 1, window: 1 }]");
    expect(slip.ok).toBe(true);
    expect(slip.result).toMatchObject({ ticket: 1, number: 'A001', windows: [{ number: 1, floor: 1 }], peopleAhead: 0 });
    expect(Object.keys(slip.result.eta)).toEqual(expect.arrayContaining(['p50Ms', 'p90Ms']));
    expect(call.events).toEqual([{ type: 'ticket.called', at: Date.parse('2026-11-23T06:01:00Z'), id: 1, window: 1 }]);
    expect(centre.ticket(1)!.state).toBe('done');
    expect(centre.ticket(1)!.rating).toBe(5);
  });

  it('Persisting first: decide changes nothing; apply of its events at version gives the executed state', () => {
    expect(section('Example')).toContain('`const out = centre.decide(cmd)`');
    const input = {
      id: 'baku-1',
      agencies: [{ id: 'mia', kind: 'public' as const }],
      services: [{ id: 'id-card', agency: 'mia', prefix: 'A', meanHandleMin: 8 }],
      windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'] }],
    };
    const a = new Centre(input);
    const b = new Centre(input);
    const now = Date.parse('2026-11-23T06:00:00Z');
    const cmds = [
      { type: 'openWindow', now, window: 1 },
      { type: 'issueWalkIn', now: now + 1000, service: 'id-card', citizen: 'c' },
      { type: 'callNext', now: now + 2000, window: 1 },
    ] as const;
    for (const cmd of cmds) {
      const before = JSON.stringify(b.dump());
      const version = b.version;
      const out = b.decide(cmd);
      expect(out.ok).toBe(true);
      expect(JSON.stringify(b.dump())).toBe(before);
      expect(b.version).toBe(version);
      if (out.ok) b.apply(out.events);
      a.execute(cmd);
    }
    expect(b.dump()).toEqual(a.dump());
  });

  it('Commands: the table names exactly the command types', () => {
    expect(firstColumnNames(section('Commands')).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  it('Configuration: every field of the table is accepted, and the booking defaults are the engine’s', () => {
    const text = section('Configuration');
    const base = {
      id: 'baku-1',
      agencies: [{ id: 'mia', kind: 'public' as const }],
      services: [{ id: 'id-card', agency: 'mia', prefix: 'A', meanHandleMin: 8 }],
      windows: [{ number: 1, floor: 1, agency: 'mia', services: ['id-card'] }],
    };
    const cfg = createConfig(base);
    const fields = firstColumnNames(text).map((f) => f.replace(/\[\]$/, ''));
    expect(fields.length).toBeGreaterThan(15);
    for (const f of fields) expect(cfg.input, f).toBeDefined();
    // Each documented field is a field of the input: with an invalid value, the problem is at its path.
    for (const f of fields) {
      try {
        createConfig({ ...base, [f]: Symbol('bad') } as never);
        throw new Error(`${f}: a Symbol was accepted`);
      } catch (e) {
        const paths = (e as { problems?: { path: string; message: string }[] }).problems ?? [];
        expect(paths.some((p) => p.path === f && !p.message.startsWith('is not a field')), f).toBe(true);
      }
    }
    const row = text.split('\n').find((l) => l.startsWith('| `booking` |'))!;
    const defaults = [...row.matchAll(/`(\w+)`(?: \([^)]*\))? ([\d.]+)/g)].map((m) => [m[1]!, Number(m[2])] as const);
    expect(defaults.length).toBe(10);
    const rules = cfg.booking as unknown as Record<string, number>;
    for (const [name, value] of defaults) {
      const ms = name.replace(/Min$/, 'Ms');
      expect(name.endsWith('Min') ? rules[ms]! / 60_000 : rules[name], name).toBe(value);
    }
  });
});
