/**
 * What Node's HTTP parser refuses before Fastify sees it — a request head over 16 KiB, a malformed
 * request line, a malformed header — is answered over a REAL socket with a coded catalogue body
 * (431 SRV_ERR_HEADERS_TOO_LARGE, 400 SRV_ERR_BAD_REQUEST), the connection is closed, nothing
 * changes, and the server goes on serving.
 */
import { createServer, maxHeaderSize } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientError } from '../src/http/error-handler.ts';
import { C, DESK, listeningTestApp, op, post, testConfig, type TestApp } from './helpers.ts';

let t: TestApp;
let port: number;

beforeAll(async () => {
  ({ t, port } = await listeningTestApp());
  expect((await post(t.app, `${C}/windows/1/open`, op(1))).statusCode).toBe(200);
});
afterAll(async () => {
  await t.close();
});

/** Sends raw bytes on a fresh connection; resolves with everything the server sent once it closed the connection. */
function raw(request: string, to = port): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(to, '127.0.0.1');
    const chunks: Buffer[] = [];
    let ended = false;
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => (ended = true));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), closedByServer: ended }));
    socket.write(request);
  });
}

function parse(text: string): { statusLine: string; headers: Record<string, string>; body: { code: string; message: string; details: Record<string, unknown> } } {
  const split = text.indexOf('\r\n\r\n');
  expect(split, text.slice(0, 200)).toBeGreaterThan(0);
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const bodyText = text.slice(split + 4);
  expect(Buffer.byteLength(bodyText)).toBe(Number(headers['content-length']));
  return { statusLine: statusLine!, headers, body: JSON.parse(bodyText) };
}

const version = (): number => t.app.ctx.network.get('baku-1').centre.version;

describe('requests refused by the HTTP parser', () => {
  it('a header over 16 KiB: 431 SRV_ERR_HEADERS_TOO_LARGE, connection closed, nothing written', async () => {
    const before = version();
    const big = 'x'.repeat(maxHeaderSize + 1024);
    const body = JSON.stringify({ service: 'id-card' });
    const req = `POST ${C}/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: ${DESK.authorization}\r\nContent-Type: application/json\r\nIdempotency-Key: big-1\r\nX-Big: ${big}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const { text, closedByServer } = await raw(req);
    const res = parse(text);
    expect(res.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.connection).toBe('close');
    expect(res.body).toEqual({ code: 'SRV_ERR_HEADERS_TOO_LARGE', message: `Request line and headers are larger than ${maxHeaderSize} bytes`, details: { limit: maxHeaderSize } });
    expect(closedByServer).toBe(true);
    expect(version()).toBe(before);
  });

  it('a URL over 16 KiB: 431 with the code, and the URL is not echoed', async () => {
    const { text } = await raw(`GET ${C}/status/${'a'.repeat(maxHeaderSize + 10)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const res = parse(text);
    expect(res.statusLine).toMatch(/^HTTP\/1\.1 431 /);
    expect(res.body.code).toBe('SRV_ERR_HEADERS_TOO_LARGE');
    expect(text).not.toContain('aaaa');
  });

  it('a malformed request line or header: 400 SRV_ERR_BAD_REQUEST with the parser code, connection closed', async () => {
    for (const [req, parser] of [
      ['GARBAGE\r\n\r\n', /^HPE_/],
      [`GET ${C}/board HTTP/9.9\r\nHost: x\r\n\r\n`, /^HPE_/],
      [`GET ${C}/board HTTP/1.1\r\nBad Header: x\r\n\r\n`, /^HPE_/],
      [`POST ${C}/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello`, /^HPE_/],
    ] as const) {
      const before = version();
      const { text, closedByServer } = await raw(req);
      const res = parse(text);
      expect(res.statusLine, req).toBe('HTTP/1.1 400 Bad Request');
      expect(res.body.code, req).toBe('SRV_ERR_BAD_REQUEST');
      expect(res.body.message).toBe('Request is malformed: the HTTP request cannot be parsed');
      expect(String(res.body.details.parser), req).toMatch(parser);
      expect(closedByServer, req).toBe(true);
      expect(version()).toBe(before);
    }
  });

  it('a path the docs\' static file route refuses (.. as %2e%2e, sent as is) is 404 SRV_ERR_NOT_FOUND, not 400 "Forbidden"', async () => {
    const { text } = await raw('GET /docs/static/%2e%2e/%2e%2e/package.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const res = parse(text);
    expect(res.statusLine).toBe('HTTP/1.1 404 Not Found');
    expect(res.body).toEqual({
      code: 'SRV_ERR_NOT_FOUND',
      message: 'No route GET /docs/static/%2e%2e/%2e%2e/package.json',
      details: { method: 'GET', url: '/docs/static/%2e%2e/%2e%2e/package.json' },
    });
  });

  it('the server goes on serving on new connections', async () => {
    const { text } = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(text.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    const board = await fetch(`http://127.0.0.1:${port}${C}/board`);
    expect(board.status).toBe(200);
    expect(board.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('the server itself honours http.requestTimeoutMs: a head or a body that stalls is answered 408 SRV_ERR_REQUEST_TIMEOUT after about the timeout, and nothing changes', async () => {
    const { t: short, port: shortPort } = await listeningTestApp({ config: testConfig({ http: { requestTimeoutMs: 1_000 } }) });
    try {
      const before = short.app.ctx.network.get('baku-1').centre.version;
      const head = `POST ${C}/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: ${DESK.authorization}\r\nContent-Type: application/json\r\n`;
      // a head that never ends (Node checked only every 30 s: 14 s here), and a body of which 4 of 100
      // announced bytes come (never answered before: Node's requestTimeout stops once the route has the request)
      for (const request of [head, `${head}Content-Length: 100\r\n\r\n{"a"`]) {
        const started = performance.now();
        const { text, closedByServer } = await raw(request, shortPort);
        const took = performance.now() - started;
        const res = parse(text);
        expect(res.statusLine).toBe('HTTP/1.1 408 Request Timeout');
        expect(res.body).toEqual({ code: 'SRV_ERR_REQUEST_TIMEOUT', message: 'The request was not received in time', details: {} });
        expect(closedByServer).toBe(true);
        expect(took).toBeGreaterThanOrEqual(900);
        expect(took).toBeLessThan(6_000); // the timeout and a check interval, with slack for a loaded machine (not a speed check)
      }
      expect(short.app.ctx.network.get('baku-1').centre.version).toBe(before);
    } finally {
      await short.close();
    }
  });

  it('a request not received within the request timeout: 408 SRV_ERR_REQUEST_TIMEOUT (the same handler, a 300-ms timeout)', async () => {
    // Node checks request timeouts every `connectionsCheckingInterval` (30 s by default), so this
    // runs the handler on a Fastify server of its own with a short timeout and interval.
    const small = Fastify({ clientErrorHandler: clientError, logger: false, serverFactory: (handler) => createServer({ requestTimeout: 300, connectionsCheckingInterval: 50 }, handler) });
    small.get('/', async () => ({ ok: true }));
    await small.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { text, closedByServer } = await raw('GET / HTTP/1.1\r\nHost: x\r\n', (small.server.address() as AddressInfo).port); // the head never ends
      const res = parse(text);
      expect(res.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(res.body).toEqual({ code: 'SRV_ERR_REQUEST_TIMEOUT', message: 'The request was not received in time', details: {} });
      expect(closedByServer).toBe(true);
    } finally {
      await small.close();
    }
  });
});
