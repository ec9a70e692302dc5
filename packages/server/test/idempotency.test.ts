/**
 * Never twice: a write repeated with its Idempotency-Key gets the first answer and appends nothing —
 * in the same process, and after a restart on the same data (the answer was stored with the events).
 */
import { describe, expect, it } from 'vitest';
import { C, DESK, json, op, post, tempDir, testApp } from './helpers.ts';

const key = (k: string) => ({ 'idempotency-key': k });

describe('idempotency keys', () => {
  it('a retried issue returns the first slip and appends nothing; another request with the key is refused', async () => {
    const t = await testApp();
    const { app } = t;
    const first = await post(app, `${C}/tickets`, { ...DESK, ...key('issue-1') }, { service: 'id-card', citizenId: 'AZE1234567' });
    expect(first.statusCode).toBe(201);
    const version = await app.ctx.store.version('baku-1');
    t.clock.advance(60_000);
    const again = await post(app, `${C}/tickets`, { ...DESK, ...key('issue-1') }, { service: 'id-card', citizenId: 'AZE1234567' });
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(await app.ctx.store.version('baku-1')).toBe(version);

    const other = await post(app, `${C}/tickets`, { ...DESK, ...key('issue-1') }, { service: 'passport', citizenId: 'AZE1234567' });
    expect(other.statusCode).toBe(422);
    expect(json(other).code).toBe('SRV_ERR_IDEMPOTENCY_KEY_REUSED');
    // The same key on another route is another request too.
    expect(json(await post(app, `${C}/windows/1/open`, { ...op(1), ...key('issue-1') })).code).toBe('SRV_ERR_IDEMPOTENCY_KEY_REUSED');
    expect(await app.ctx.store.version('baku-1')).toBe(version);
    await t.close();
  });

  it('a retry whose JSON lists the same fields in another order is the same request', async () => {
    const t = await testApp();
    const { app } = t;
    const first = await post(app, `${C}/tickets`, { ...DESK, ...key('issue-2') }, { service: 'id-card', class: 'priority', name: 'Aysel' });
    expect(first.statusCode).toBe(201);
    const version = await app.ctx.store.version('baku-1');
    // A client library may serialise an object's fields in another order on a retry: same fields, same values.
    const again = await post(app, `${C}/tickets`, { ...DESK, ...key('issue-2') }, { name: 'Aysel', class: 'priority', service: 'id-card' });
    expect(again.statusCode).toBe(201); // it was 422 SRV_ERR_IDEMPOTENCY_KEY_REUSED
    expect(again.body).toBe(first.body);
    const changed = await post(app, `${C}/tickets`, { ...DESK, ...key('issue-2') }, { name: 'Aysel', class: 'general', service: 'id-card' });
    expect(json(changed).code).toBe('SRV_ERR_IDEMPOTENCY_KEY_REUSED'); // a value differs: another request
    expect(await app.ctx.store.version('baku-1')).toBe(version);
    await t.close();
  });

  it('after a restart a retried call-next still gets the first answer and calls nobody else', async () => {
    const tmp = tempDir();
    const a = await testApp({ dataDir: tmp.dir });
    await post(a.app, `${C}/windows/1/open`, op(1));
    await post(a.app, `${C}/tickets`, DESK, { service: 'id-card' });
    await post(a.app, `${C}/tickets`, DESK, { service: 'id-card' });
    a.clock.advance(1000);
    const first = await post(a.app, `${C}/windows/1/call-next`, { ...op(1), ...key('call-A') });
    expect(json(first)).toMatchObject({ ticket: 1 });
    const version = await a.app.ctx.store.version('baku-1');
    await a.close();

    const b = await testApp({ dataDir: tmp.dir, clock: a.clock });
    b.clock.advance(5_000);
    const retried = await post(b.app, `${C}/windows/1/call-next`, { ...op(1), ...key('call-A') });
    expect(retried.statusCode).toBe(200);
    expect(retried.body).toBe(first.body);
    expect(await b.app.ctx.store.version('baku-1')).toBe(version);
    expect(b.app.ctx.network.get('baku-1').centre.ticket(2)!.state).toBe('waiting');
    await b.close();
    tmp.remove();
  });

  it('a refused write is not remembered: the retry is decided afresh', async () => {
    const t = await testApp();
    const closed = await post(t.app, `${C}/windows/1/call-next`, { ...op(1), ...key('k-refused') });
    expect(closed.statusCode).toBe(409);
    await post(t.app, `${C}/windows/1/open`, op(1));
    expect(json(await post(t.app, `${C}/windows/1/call-next`, { ...op(1), ...key('k-refused') }))).toEqual({ ticket: null });
    await t.close();
  });
});
