import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, queueError, type ErrorCode } from '../src/index.ts';

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
});
