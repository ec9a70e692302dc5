/**
 * The board page on a centre's wall shows the centre's time — the server's clock in the centre's
 * UTC offset — not the kiosk browser's clock, which may be wrong or set to another zone. Headless
 * Chromium (playwright-core) with a wrong clock (`page.clock`, days off) in another time zone
 * (America/Los_Angeles, en-US): the page must show the server's time (a manual clock) in each
 * centre's zone, follow the server's clock on every snapshot (and on a resumed stream, which gets no
 * snapshot), and tick on between snapshots.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CENTRE } from '../src/config/demo-network.ts';
import { at, C, DESK, ManualClock, MON, op, post, testApp, testConfig, type TestApp } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
/** The browser's clock: Wednesday 23:37 UTC while the server's is Monday 06:00 UTC. */
const WRONG = new Date('2026-11-25T23:37:12Z');
let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let origin: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run apt-get update && apt-get install -y chromium`);
  // The demo centre (Baku, UTC+04:00) and a copy at UTC+05:30 (an offset that is no whole hour).
  const config = testConfig({}, [DEMO_CENTRE, { ...DEMO_CENTRE, id: 'delhi-1', name: 'Test centre at UTC+05:30', utcOffsetMin: 330 }]);
  t = await testApp({ config, clock: new ManualClock(at(MON, '10:00')) }); // 06:00 UTC
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
  context = await browser.newContext({ timezoneId: 'America/Los_Angeles', locale: 'en-US' });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function board(centre: string): Promise<Page> {
  const page = await context.newPage();
  await page.clock.install({ time: WRONG });
  await page.goto(`${origin}/board/${centre}`);
  await page.waitForSelector('#status:text("live")');
  // Sanity: the browser's own clock is the wrong one.
  expect(await page.evaluate(() => new Date().toISOString().slice(0, 13))).toBe('2026-11-25T23');
  return page;
}

/** Waits until the page's clock shows a time matching `re`; fails with what it shows. */
async function clockShows(page: Page, re: RegExp): Promise<void> {
  try {
    await page.waitForFunction(`new RegExp(${JSON.stringify(re.source)}).test(document.getElementById('clock').textContent)`, undefined, { timeout: 5000 });
  } catch {
    expect(await page.textContent('#clock')).toMatch(re);
  }
}

describe('the board clock', () => {
  it("shows the server's time in the centre's zone, not the browser's clock", { timeout: 30_000 }, async () => {
    const baku = await board('baku-1');
    await clockShows(baku, /^10:00:[0-5]\d$/);
    const delhi = await board('delhi-1');
    await clockShows(delhi, /^11:30:[0-5]\d$/);
    await delhi.close();

    // The page's clock goes on between snapshots: a minute later on the browser's (wrong) clock, a minute later on the board.
    await baku.clock.fastForward('01:00');
    await clockShows(baku, /^10:01:[0-5]\d$/);

    // The server's clock moves on (2 h 15 min); the next snapshot sets the board right.
    t.clock.advance((2 * 60 + 15) * 60_000);
    expect((await post(t.app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
    expect((await post(t.app, `${C}/tickets`, DESK, { service: 'id-card' })).statusCode).toBe(201);
    await clockShows(baku, /^12:15:[0-5]\d$/);

    // The stream ends (as a proxy's idle timeout ends it) while the server's clock moved on with no
    // change: the EventSource reconnects with Last-Event-ID, gets no snapshot but the server's clock.
    const version = await baku.getAttribute('body', 'data-version');
    t.clock.advance(30 * 60_000);
    t.app.ctx.live.closeAll();
    await clockShows(baku, /^12:45:[0-5]\d$/);
    expect(await baku.getAttribute('body', 'data-version')).toBe(version);
    expect(await baku.textContent('#status')).toBe('live');
    await baku.close();
  });
});
