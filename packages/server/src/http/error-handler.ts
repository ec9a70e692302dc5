/**
 * Every error becomes a coded answer `{ code, message, details }` from the one catalogue:
 * refusals (ServerError) as they are, Fastify's own request errors (schema, body size, media type,
 * bad JSON) as SRV_ERR_* 4xx, anything else as SRV_ERR_INTERNAL (logged, no details leak).
 */
import { STATUS_CODES, maxHeaderSize, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { ServerError } from '../errors.ts';

export function toServerError(err: FastifyError | Error, bodyLimit: number, contentType: string): ServerError | null {
  if (err instanceof ServerError) return err;
  const e = err as FastifyError;
  if (e.validation) return new ServerError('SRV_ERR_BAD_REQUEST', { reason: withAllowedValues(e) });
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServerError('SRV_ERR_BODY_TOO_LARGE', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ServerError('SRV_ERR_UNSUPPORTED_MEDIA_TYPE', { contentType: contentType.slice(0, 100) || '(none)' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      // Fastify's parser refuses both with one error (its cause is dropped): say both, so a caller whose
      // JSON is valid is not told it is broken.
      return new ServerError('SRV_ERR_BAD_REQUEST', { reason: "the body is not valid JSON, or it has a field named __proto__ or constructor.prototype (refused: they would change objects' prototypes)" });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServerError('SRV_ERR_BAD_REQUEST', { reason: 'the JSON body is empty' });
    default:
      break;
  }
  if (e.statusCode === 429) return new ServerError('SRV_ERR_RATE_LIMITED', { retryAfterS: 60 });
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return new ServerError('SRV_ERR_BAD_REQUEST', { reason: e.message });
  return null;
}

/**
 * A schema refusal's reason, as Fastify words it (`body/reason must be …`), with the values an enum
 * field takes: Ajv's enum message says only "must be equal to one of the allowed values".
 */
function withAllowedValues(e: FastifyError): string {
  const first = e.validation?.[0] as { keyword?: string; params?: { allowedValues?: unknown } } | undefined;
  const allowed = first?.keyword === 'enum' ? first.params?.allowedValues : undefined;
  return Array.isArray(allowed) ? `${e.message}: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : e.message;
}

/** The docs' static files (@fastify/swagger-ui's wildcard route). */
const DOCS_STATIC = '/docs/static/*';

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // No route for this method and path: its body (too large, not JSON, …) does not matter.
    if (req.is404) return noRoute(app, req, reply);
    // A file route's own refusal of a path (the docs' static files: `..`, a dotfile) says nothing
    // more than that there is no such file there.
    if (err.statusCode === 403 && req.routeOptions.url === DOCS_STATIC) {
      return reply.code(404).send(new ServerError('SRV_ERR_NOT_FOUND', { method: req.method, url: req.url.split('?')[0]!.slice(0, 200) }).toBody());
    }
    const known = toServerError(err, bodyLimit, String(req.headers['content-type'] ?? ''));
    if (known) {
      if (known.status >= 500) req.log.warn({ code: known.code }, known.message);
      return reply.code(known.status).send(known.toBody());
    }
    req.log.error({ err }, 'unexpected error');
    const internal = new ServerError('SRV_ERR_INTERNAL', { requestId: req.id });
    return reply.code(500).send(internal.toBody());
  });
  app.setNotFoundHandler((req, reply) => noRoute(app, req, reply));
}

/**
 * The methods a path has routes for, in Fastify's order (HEAD with every GET, as Fastify adds it):
 * asked of Fastify's router (`findRoute` looks the path up as a request would be), so the route
 * definitions are the only list. A path the router refuses — not validly encoded, or a segment
 * longer than `maxParamLength` — has none: the router answers such a lookup with its own refusal
 * (`frameworkErrors`), not a route, for every method with a route of that shape.
 */
export function allowedMethods(app: FastifyInstance, path: string): string[] {
  if (path.charCodeAt(0) !== 47 /* '/' */) return [];
  let decoded: string;
  try {
    decoded = decodeURI(path);
  } catch {
    return [];
  }
  const limit = app.initialConfig.maxParamLength ?? 100;
  if (decoded.split('/').some((segment) => segment.length > limit)) return [];
  return app.supportedMethods.filter((method) => app.findRoute({ method: method as HTTPMethods, url: path }) !== null);
}

/**
 * No route answers this request: 405 `SRV_ERR_METHOD_NOT_ALLOWED` with an `Allow` header when the
 * path has routes for other methods only (RFC 9110 §15.5.6), 404 `SRV_ERR_NOT_FOUND` when it has
 * none or when a route of its own method found nothing there.
 */
function noRoute(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = req.url.split('?')[0]!;
  const url = path.slice(0, 200);
  const allow = allowedMethods(app, path);
  // A route of this method matched and then found nothing (a wildcard route such as the docs' static
  // files calling the not-found handler): the path does not exist, whatever else it allows.
  if (allow.length === 0 || allow.includes(req.method)) return reply.code(404).send(new ServerError('SRV_ERR_NOT_FOUND', { method: req.method, url }).toBody());
  const e = new ServerError('SRV_ERR_METHOD_NOT_ALLOWED', { method: req.method, url, allow: allow.join(', ') });
  return reply.code(e.status).header('allow', allow.join(', ')).send(e.toBody());
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or hook runs (a path
 * parameter over its 100-character limit, a malformed URL) is a coded answer too, not Fastify's own
 * body with the path echoed (414 / 400 `FST_ERR_*`).
 */
export function frameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const reason = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is longer than 100 characters' : err.code === 'FST_ERR_BAD_URL' ? 'the URL is not validly encoded' : 'the request cannot be routed';
  const e = new ServerError('SRV_ERR_BAD_REQUEST', { reason });
  void reply.code(e.status).send(e.toBody());
}

/** What Node's HTTP parser refused, as a catalogue refusal (no route or hook ever ran). */
export function clientErrorOf(err: { code?: string }): ServerError {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ServerError('SRV_ERR_HEADERS_TOO_LARGE', { limit: maxHeaderSize });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ServerError('SRV_ERR_REQUEST_TIMEOUT');
    default:
      // The parser's code (e.g. HPE_INVALID_METHOD) says what was wrong; its message may quote the request, so it is not sent.
      return new ServerError('SRV_ERR_BAD_REQUEST', { reason: 'the HTTP request cannot be parsed', parser: /^[A-Z_]{1,64}$/.test(err.code ?? '') ? err.code : 'unknown' });
  }
}

/**
 * Fastify's `clientErrorHandler` (Node's 'clientError' event): a request Node's HTTP parser refuses
 * before Fastify sees it — a request line and headers over Node's `maxHeaderSize` (16 KiB), a
 * malformed request line or header, a request not received within `requestTimeout` — gets a coded
 * answer from the catalogue (431, 400, 408) instead of a bare status, and the connection is closed
 * (the parser cannot go on with it). Nothing reached a route, so nothing changed. Like Node's own
 * handler it writes nothing when the socket is gone or a response on it has already begun.
 */
export function clientError(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const e = clientErrorOf(err);
  this.log.debug({ code: e.code, parser: err.code }, 'client error');
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(e.toBody());
  const head = [`HTTP/1.1 ${e.status} ${STATUS_CODES[e.status] ?? 'Error'}`, 'content-type: application/json; charset=utf-8', `content-length: ${Buffer.byteLength(body)}`, 'connection: close'];
  // Flushed, then closed: the answer is on its way before the socket goes.
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

/**
 * The HTTP server's 'timeout' (a socket inactive for `requestTimeoutMs`, Fastify's `connectionTimeout`).
 * Node's own `requestTimeout` does not end a request whose body stops coming once the route has it:
 * that request is answered 408 `SRV_ERR_REQUEST_TIMEOUT` as `clientError` answers a late head, and the
 * connection closed; so is a first request head that stops coming (Node's check answers it too, at
 * its next round). A response under way (a live stream between heartbeats, a write waiting for the
 * store) is left to its own timers. A connection on which nothing came, or kept alive after an answer,
 * is closed without a word, as Node does when nobody listens for 'timeout'.
 */
export function socketTimeout(this: FastifyInstance, socket: Socket): void {
  const s = socket as Socket & { parser?: { incoming?: IncomingMessage | null } | null; _httpMessage?: ServerResponse | null };
  const req = s.parser?.incoming;
  const res = s._httpMessage;
  const headStalled = !req && !res && socket.bytesRead > 0 && socket.bytesWritten === 0;
  if ((req && !req.complete) || headStalled) return clientError.call(this, Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
  if (res && !res.writableEnded) return;
  socket.destroy();
}
