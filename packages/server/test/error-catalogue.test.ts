/** The SRV_ERR_* catalogue, the engine mapping and the README table stay in step. */
import { readFileSync } from 'node:fs';
import { ERRORS } from '@asan/queue-core';
import { describe, expect, it } from 'vitest';
import { ENGINE_TO_SERVER, SRV_ERRORS, ServerError, fromEngine, type SrvCode } from '../src/errors.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const rows = [...readme.matchAll(/^\| `(SRV_ERR_\w+)` \| (\d{3}) \| (.*) \|$/gm)].map((m) => ({ code: m[1]!, status: Number(m[2]), text: m[3]! }));

describe('error catalogue', () => {
  it('lists every code of src/errors.ts in the README table with its status, and no other', () => {
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(SRV_ERRORS).sort());
    for (const r of rows) expect(r.status, r.code).toBe(SRV_ERRORS[r.code as SrvCode].status);
    const mentioned = new Set([...readme.matchAll(/`(SRV_ERR_\w+)`/g)].map((m) => m[1]));
    for (const code of mentioned) expect(Object.keys(SRV_ERRORS)).toContain(code);
  });

  it('maps every engine code, and the README names each engine code under its server code', () => {
    expect(Object.keys(ENGINE_TO_SERVER).sort()).toEqual(Object.keys(ERRORS).sort());
    for (const [qc, srv] of Object.entries(ENGINE_TO_SERVER)) {
      const row = rows.find((r) => r.code === srv)!;
      expect(row.text, `${qc} → ${srv}`).toMatch(new RegExp(`\\b${qc.replace('QC_ERR_', '')}\\b`));
    }
  });

  it('answers 4xx for what a client can fix and 5xx only for the server and the store', () => {
    for (const [code, { status }] of Object.entries(SRV_ERRORS)) {
      if (/CONFLICT$|UNAVAILABLE|SHUTTING|OVERLOADED|NOT_READY|CONFIG|ARGUMENT|START|INTERNAL/.test(code) && code !== 'SRV_ERR_STATE_CONFLICT') expect(status, code).toBeGreaterThanOrEqual(500);
      else expect(status, code).toBeLessThan(500);
    }
  });

  it('fills messages from details, and never answers a citizen key or a name', () => {
    const e = fromEngine({ code: 'QC_ERR_UNKNOWN_WINDOW', message: 'Unknown window 9', details: { window: 9, citizen: 'h1:x', name: 'Aysel' } });
    expect(e.toBody()).toEqual({ code: 'SRV_ERR_UNKNOWN_ENTITY', message: 'Unknown window 9', details: { window: 9 }, engineCode: 'QC_ERR_UNKNOWN_WINDOW' });
    expect(new ServerError('SRV_ERR_UNKNOWN_CENTRE', { centre: 'x' }).message).toBe('Unknown centre x');
    expect(new ServerError('SRV_ERR_CONFLICT', { centre: 'c', attempts: 3 }).status).toBe(503);
  });
});
