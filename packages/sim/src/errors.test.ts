import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIM_ERRORS, SimError } from './errors.ts';

describe('error catalogue', () => {
  it('lists every code in the README, and nothing else', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = new Set([...readme.matchAll(/`(SIM_ERR_[A-Z_]+)`/g)].map((m) => m[1]!));
    expect([...documented].sort()).toEqual(Object.keys(SIM_ERRORS).sort());
  });

  it('formats the message with its code, details and problems', () => {
    const e = new SimError('SIM_ERR_BAD_OPTION', { option: 'days', reason: 'must be ≥ 1' });
    expect(e.message).toBe('SIM_ERR_BAD_OPTION: Option days is invalid: must be ≥ 1');
    const p = new SimError('SIM_ERR_SPEC_INVALID', {}, [{ path: 'classes', message: 'needs a class' }]);
    expect(p.message).toContain('1 problem(s)');
    expect(p.message).toContain('  - classes: needs a class');
  });
});
