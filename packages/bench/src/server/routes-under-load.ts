/**
 * What the server suite sends: the hot routes of the real server, and the two anchors. Each
 * connection cycles through its own request sequence:
 *
 * - `issue`  POST /api/centres/bench/tickets (desk token), connection i issues for service i mod 20;
 * - `call`   POST …/windows/w/call-next, …/start, …/complete (operator token of window w), connection
 *            i working window i + 1 (so at most 100 connections: one operator per window); one
 *            cycle is three requests, on a queue prefilled deep enough never to run dry;
 * - `status` GET /api/centres/bench/status/:token (public, rate-limited route), connection i asking
 *            for one of the tickets issued before the run;
 * - `load`   GET /api/centres/bench/load (public);
 * - anchors: `hello` GET /hello (Fastify hello world with a response schema), `evalsha`
 *            POST /evalsha (Fastify + exactly one Redis EVALSHA) and `post`, the issue route's own
 *            requests to a bare Fastify POST of the same shape (body schema, slip answer) that does
 *            nothing else (anchors/post-server.ts).
 */
import { CENTRE_ID, serviceId, SERVICE_COUNT, TOKENS, WINDOW_COUNT } from './bench-network.ts';
import type { Requests } from './load-run.ts';

export const ROUTES = ['issue', 'call', 'status', 'load'] as const;
export type RouteName = (typeof ROUTES)[number];
export const ANCHORS = ['hello', 'evalsha', 'post'] as const;
export type AnchorName = (typeof ANCHORS)[number];

export const ROUTE_LABELS: Readonly<Record<RouteName | AnchorName, string>> = {
  issue: 'issue a ticket (POST …/tickets)',
  call: 'call-next + start + complete at 100 windows',
  status: 'ticket status (GET …/status/:token)',
  load: 'public load (GET …/load)',
  hello: 'anchor: Fastify hello world',
  evalsha: 'anchor: Fastify + one Redis EVALSHA',
  post: 'anchor: bare Fastify POST of the issue request (schemas, slip; no auth, engine or store)',
};

/** Requests per operation (a call cycle is three requests). */
export const REQUESTS_PER_OP: Readonly<Record<RouteName | AnchorName, number>> = { issue: 1, call: 3, status: 1, load: 1, hello: 1, evalsha: 1, post: 1 };

const C = `/api/centres/${CENTRE_ID}`;
const JSON_HEADERS = { 'content-type': 'application/json' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface RouteSetup {
  /** Public tokens of tickets issued before the run (status route). */
  readonly tokens: readonly string[];
}

/**
 * What to do between the warm-up and the measured run: a volley stops in the middle of a call cycle
 * (a window left holding a called or serving ticket), so every window is brought back to idle
 * (start, complete; refusals ignored). Nothing for the other routes.
 */
export function afterWarmupOf(route: RouteName | AnchorName, url: string, connections: number): (() => Promise<void>) | undefined {
  if (route !== 'call') return undefined;
  return async () => {
    for (let w = 1; w <= Math.min(connections, WINDOW_COUNT); w++) {
      for (const action of ['start', 'complete']) {
        const res = await fetch(`${url}${C}/windows/${w}/${action}`, { method: 'POST', headers: { ...JSON_HEADERS, ...bearer(TOKENS.operator(w)) }, body: '{}' });
        await res.arrayBuffer();
      }
    }
  };
}

export function requestsFor(route: RouteName | AnchorName, setup: RouteSetup): (connection: number) => Requests {
  switch (route) {
    case 'issue':
    case 'post':
      return (i) => [{ method: 'POST', path: `${C}/tickets`, headers: { ...JSON_HEADERS, ...bearer(TOKENS.desk) }, body: JSON.stringify({ service: serviceId(i % SERVICE_COUNT) }) }];
    case 'call':
      return (i) => {
        const w = (i % WINDOW_COUNT) + 1;
        const headers = { ...JSON_HEADERS, ...bearer(TOKENS.operator(w)) };
        return (['call-next', 'start', 'complete'] as const).map((action) => ({ method: 'POST' as const, path: `${C}/windows/${w}/${action}`, headers, body: '{}' }));
      };
    case 'status':
      if (setup.tokens.length === 0) throw new Error('status route needs ticket tokens');
      return (i) => [{ method: 'GET', path: `${C}/status/${setup.tokens[i % setup.tokens.length]!}` }];
    case 'load':
      return () => [{ method: 'GET', path: `${C}/load` }];
    case 'hello':
      return () => [{ method: 'GET', path: '/hello' }];
    case 'evalsha':
      return () => [{ method: 'POST', path: '/evalsha' }];
  }
}
