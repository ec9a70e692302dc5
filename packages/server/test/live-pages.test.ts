/**
 * The live pages in headless Chromium (playwright-core, Debian's chromium at /usr/bin/chromium:
 * `apt-get update && apt-get install -y chromium`): a ticket called through the API appears on the
 * board page at once (server-sent events), and the operator page calls the next one.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C, DESK, op, post, testApp, type TestApp } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
let t: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run apt-get update && apt-get install -y chromium`);
  t = await testApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('live pages', () => {
  it('the board shows a call made through the API, and waiting counts per service', async () => {
    const { app } = t;
    const page = await browser.newPage();
    await page.goto(`${origin}/board/baku-1`);
    await page.waitForSelector('#status:text("live")');
    await page.waitForSelector('tr[data-service="id-card"]');

    await post(app, `${C}/windows/1/open`, op(1));
    await post(app, `${C}/tickets`, DESK, { service: 'id-card', name: 'Aysel M.' });
    await post(app, `${C}/tickets`, DESK, { service: 'id-card' });
    await page.waitForSelector('tr[data-service="id-card"] td.waiting:text-is("2")');

    t.clock.advance(30_000);
    await post(app, `${C}/windows/1/call-next`, op(1));
    const row = await page.waitForSelector('#calls tr[data-number="A001"]');
    expect(await row.evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))).toEqual(['A001', '1', '1', 'Aysel M.']);
    await page.waitForSelector('tr[data-service="id-card"] td.waiting:text-is("1")');
    expect(await page.title()).toBe('Board');
    expect(await page.textContent('#title')).toBe('Baku ASAN Service Centre No. 1');
    await page.close();
  });

  it('the operator page completes the current citizen and calls the next; the board follows', async () => {
    const board = await browser.newPage();
    await board.goto(`${origin}/board/baku-1`);
    await board.waitForSelector('#calls tr[data-number="A001"]');

    const page = await browser.newPage();
    await page.goto(`${origin}/operator/baku-1/1#token=demo-operator-1`);
    await page.waitForSelector('#ticketNumber:text-is("A001")');
    await page.click('button[data-action="start"]');
    await page.waitForSelector('#ticketInfo:has-text("serving")');
    await page.selectOption('#rating', '5');
    await page.click('button[data-action="complete"]');
    await page.waitForSelector('#ticketNumber:text-is("—")');
    await page.click('#callNext');
    await page.waitForSelector('#ticketNumber:text-is("A002")');
    await board.waitForSelector('#calls tr[data-number="A002"]');
    expect(await board.$$eval('#calls tr', (rows) => rows.map((r) => r.getAttribute('data-number')))).toEqual(['A002', 'A001']);

    const other = await browser.newPage();
    await other.goto(`${origin}/operator/baku-1/2#token=demo-operator-1`);
    await other.waitForSelector('#message:has-text("SRV_ERR_WRONG_WINDOW")');
    await Promise.all([board.close(), page.close(), other.close()]);
  });
});
