/**
 * Personal data: a citizen ID reaches neither the engine, nor the store, nor the logs in clear;
 * names and tokens are redacted from logs; public answers carry neither.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../src/app.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { at, C, configInputOf, DESK, json, ManualClock, MON, op, post, tempDir, testConfig } from './helpers.ts';

const FIN = 'QWE7RTY';
const NAME = 'Gunay Mammadova';

describe('personal data', () => {
  it('never stores or logs a citizen ID, name or token in clear', async () => {
    const tmp = tempDir();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = createServerConfig({ ...configInputOf(testConfig()), store: { kind: 'embedded', dataDir: tmp.dir, noSync: true } });
    const logger = { ...(loggerOptions('trace') as object), stream };
    const clock = new ManualClock(at(MON, '10:00'));
    const app = await buildApp({ config, clock: clock.now, logger, jobs: false, defaultMetrics: false });

    await post(app, `${C}/windows/1/open`, op(1));
    const slip = json<{ token: string }>(await post(app, `${C}/tickets`, DESK, { service: 'id-card', citizenId: FIN, name: NAME }));
    const booking = await post(app, `${C}/bookings`, {}, { citizenId: FIN.toLowerCase(), service: 'passport', slot: '2026-11-24T11:00:00+04:00' });
    expect(booking.statusCode).toBe(201);
    const status = await app.inject(`${C}/status/${slip.token}`);
    expect(status.body).not.toContain(NAME);
    await post(app, `${C}/tickets`, DESK, { service: 'id-card', citizenId: 'BAD', extra: FIN });

    const centre = app.ctx.network.get('baku-1').centre;
    const tickets = centre.tickets();
    expect(tickets[0]!.citizen).toMatch(/^h1:[A-Za-z0-9_-]{32}$/);
    // The same person (case does not matter) has the same key: per-person booking limits hold.
    expect(tickets[1]!.citizen).toBe(tickets[0]!.citizen);
    await app.close();

    const bytes = readdirSync(tmp.dir).map((f) => readFileSync(join(tmp.dir, f)).toString('latin1')).join('');
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes).not.toContain(FIN);
    expect(bytes).not.toContain(FIN.toLowerCase());
    const log = lines.join('');
    expect(log).toContain('"url":"/api/centres/baku-1/status/[token]"');
    for (const secret of [FIN, FIN.toLowerCase(), NAME, 'demo-desk', 'demo-operator-1', slip.token]) expect(log).not.toContain(secret);
    tmp.remove();
  });
});
