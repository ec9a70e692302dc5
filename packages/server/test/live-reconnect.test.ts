/**
 * The live pages across a server restart behind a reverse proxy (as nginx runs in front of it),
 * in headless Chromium, real sockets: while the server is down the proxy answers 502 — an
 * EventSource that gets a non-200 answer stops for good (HTML spec: "fail the connection"), so a
 * board on a wall monitor would freeze until someone reloads it. The pages must come back by
 * themselves, the operator page must say what went wrong when a button is pressed meanwhile, and
 * show the engine's coded refusals (calling at a closed window). Names are shown as text.
 */
import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C, DESK, ManualClock, at, MON, op, post, tempDir, testApp, type TestApp } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const tmp = tempDir();
const clock = new ManualClock(at(MON, '10:00'));
let t: TestApp | undefined;
let upstreamPort: number;
let proxy: Server;
let origin: string;
let badGateways = 0;
let browser: Browser;

/** The server on its port (the same one after a restart), on the same data directory. */
async function startServer(port: number): Promise<TestApp> {
  const app = await testApp({ dataDir: tmp.dir, clock });
  await app.app.listen({ host: '127.0.0.1', port });
  return app;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run apt-get update && apt-get install -y chromium`);
  t = await startServer(0);
  upstreamPort = (t.app.server.address() as AddressInfo).port;
  // A reverse proxy as nginx: streams the answer through; the upstream down → 502.
  proxy = createServer((req, res) => {
    const up = request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => {
      badGateways++;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      else res.destroy();
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
});
afterAll(async () => {
  await browser?.close();
  proxy?.closeAllConnections();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await t?.close();
  tmp.remove();
});

describe('live pages across a restart', () => {
  it('the operator page shows a coded refusal, and a name as text', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${origin}/operator/baku-1/1#token=demo-operator-1`);
    await page.waitForSelector('#windowStatus:text-is("closed")');
    await page.click('#callNext');
    await page.waitForSelector('#message:has-text("SRV_ERR_STATE_CONFLICT")');

    const board = await browser.newPage();
    board.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await board.goto(`${origin}/board/baku-1`);
    await board.waitForSelector('#status:text("live")');
    const name = '<img src=x onerror=alert(1)>';
    expect((await post(t!.app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
    expect((await post(t!.app, `${C}/tickets`, DESK, { service: 'id-card', name })).statusCode).toBe(201);
    await page.click('#callNext');
    await page.waitForSelector('#ticketNumber:text-is("A001")');
    expect(await page.textContent('#ticketInfo')).toContain(name);
    const row = await board.waitForSelector('#calls tr[data-number="A001"]');
    expect(await row.evaluate((tr) => tr.lastElementChild?.textContent)).toBe(name);
    expect(await board.$$('#calls img')).toHaveLength(0);
    expect(await page.$$('#ticketInfo img')).toHaveLength(0);
    expect(dialogs).toEqual([]);
    await Promise.all([page.close(), board.close()]);
  }, 30_000);

  it('board and operator page come back by themselves after the server was down (502 from the proxy meanwhile)', async () => {
    const board = await browser.newPage();
    await board.goto(`${origin}/board/baku-1`);
    await board.waitForSelector('#status:text("live")');
    await board.waitForSelector('#calls tr[data-number="A001"]');
    const page = await browser.newPage();
    await page.goto(`${origin}/operator/baku-1/1#token=demo-operator-1`);
    await page.waitForSelector('#ticketNumber:text-is("A001")');

    // The server stops: the streams end, the pages' reconnects get 502 from the proxy.
    const before = badGateways;
    await t!.close();
    t = undefined;
    await board.waitForSelector('#status:text("reconnecting…")');
    const deadline = Date.now() + 10_000;
    while (badGateways < before + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(badGateways).toBeGreaterThanOrEqual(before + 2);

    // A button pressed meanwhile says so (not a silent failure).
    await page.click('button[data-action="start"]');
    await page.waitForSelector('#message:has-text("502")', { timeout: 5_000 });

    // The server is back on its port: both pages reconnect and follow what happens there.
    t = await startServer(upstreamPort);
    expect((await post(t.app, `${C}/tickets`, DESK, { service: 'id-card', name: 'Leyla' })).statusCode).toBe(201);
    expect((await post(t.app, `${C}/windows/1/start`, op(1))).statusCode).toBe(200);
    expect((await post(t.app, `${C}/windows/1/complete`, op(1))).statusCode).toBe(200);
    expect((await post(t.app, `${C}/windows/1/call-next`, op(1))).statusCode).toBe(200);
    await board.waitForSelector('#calls tr[data-number="A002"]', { timeout: 15_000 });
    await board.waitForSelector('#status:text("live")');
    await page.waitForSelector('#ticketNumber:text-is("A002")', { timeout: 15_000 });
    await Promise.all([page.close(), board.close()]);
  }, 60_000);
});
