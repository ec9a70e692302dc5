import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig, ERRORS, queueError, type ErrorCode } from '../src/index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('error catalogue', () => {
  it('lists every code of src/errors.ts in the README, and no other', () => {
    const documented = new Set([...readme.matchAll(/`(QC_ERR_\w+)`/g)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(ERRORS).sort());
  });

  it('fills message templates from details and keeps the code', () => {
    const e = queueError('QC_ERR_UNKNOWN_WINDOW', { window: 42 });
    expect(e).toEqual({ code: 'QC_ERR_UNKNOWN_WINDOW', message: 'Unknown window 42', details: { window: 42 } });
    for (const code of Object.keys(ERRORS) as ErrorCode[]) expect(queueError(code).code).toBe(code);
  });

  it('a configuration error says the catalogue\'s message, then every problem', () => {
    let thrown: unknown;
    try {
      createConfig({ id: '', agencies: [], services: [], windows: [] } as never);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const e = thrown as ConfigError;
    expect(e.message.split('\n')[0]).toBe(`QC_ERR_CONFIG_INVALID: Configuration is invalid: ${e.problems.length} problem(s):`);
    expect(e.message.split('\n').slice(1)).toEqual(e.problems.map((p) => `  - ${p.path}: ${p.message}`));
    expect(e.problems.length).toBeGreaterThan(0);
  });
});
