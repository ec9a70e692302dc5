/**
 * Public routes (no token): centres, live load, the board, a ticket's status by its public token,
 * and online booking (hold, book, release, cancel) — these last under a per-address rate limit.
 * No answer carries personal data.
 */
import type { Centre, ResultOf, TicketView } from '@asan/queue-core';
import type { FastifyInstance } from 'fastify';
import { centreLoadJson, centreLoadOf } from '../centre/load-memo.ts';
import type { Role } from '../config/server-config.ts';
import { ServerError } from '../errors.ts';
import { boardCalls } from '../live/public-snapshot.ts';
import {
  boardEntry,
  centreLoad,
  centreParams,
  CITIZEN_ID,
  closed,
  DISPLAY_NAME,
  displayNameProblem,
  EPOCH_MS,
  ID,
  idempotencyHeaders,
  ISO_TIME,
  LIMITED_READ_ERRORS,
  loadRow,
  PUBLIC_TOKEN,
  READ_ERRORS,
  serviceParams,
  ticketStatus,
  tokenParams,
  withErrors,
  PUBLIC_WRITE_ERRORS,
} from '../http/schemas.ts';
import { runTicketWrite, runWrite } from '../http/write.ts';

/** A citizen's view of a ticket: nothing personal (no citizen key, no name). */
export function statusOf(c: Centre, t: TicketView, now: number) {
  const pos = c.position(t.id, now);
  const w = t.window === null ? null : c.config.windows[c.config.windowIndex.get(t.window)!]!;
  return {
    number: t.number,
    service: t.service,
    serviceName: c.config.services[c.config.serviceIndex.get(t.service)!]!.name,
    kind: t.kind,
    state: t.state,
    slot: t.slot,
    peopleAhead: pos?.peopleAhead ?? null,
    eta: pos?.eta ?? null,
    window: w ? { number: w.number, floor: w.floor } : null,
    calledAt: t.calledAt,
  };
}

/** Fastify's own content type of a JSON answer: a string sent with it goes out as it is. */
const JSON_TYPE = 'application/json; charset=utf-8';
/** Who may give a booking a citizen class (admin may do anything). */
const CLASS_SETTERS: readonly Role[] = ['desk'];

const SLOT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A slot as epoch ms. Every field must be in range for its calendar date: Date.parse rolls an
 * impossible date over (2026-11-31 is 1 December, 2026-02-30 is 2 March, 24:00 the next day's 00:00),
 * which would book a slot the citizen never asked for.
 */
function parseSlot(text: string): number {
  const m = SLOT_RE.exec(text);
  if (m) {
    const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
    const s = m[6] === undefined ? 0 : Number(m[6]);
    const offH = m[7] === undefined ? 0 : Number(m[7]);
    const offM = m[8] === undefined ? 0 : Number(m[8]);
    const last = new Date(0);
    last.setUTCFullYear(y, mo, 0); // day 0 of the next month: the last day of this one (years 0–99 too)
    const daysInMonth = mo >= 1 && mo <= 12 ? last.getUTCDate() : 0;
    if (d >= 1 && d <= daysInMonth && h <= 23 && mi <= 59 && s <= 59 && offH <= 23 && offM <= 59) {
      const ms = Date.parse(text);
      if (Number.isFinite(ms)) return ms;
    }
  }
  throw new ServerError('SRV_ERR_BAD_REQUEST', { reason: `slot must be an existing ISO 8601 date-time with offset, got ${JSON.stringify(text.slice(0, 40))}` });
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const limited = { rateLimit: { max: ctx.config.rateLimit.publicMax, timeWindow: ctx.config.rateLimit.publicWindowMs } };
  const tags = ['public'];

  app.get('/api/centres', {
    schema: {
      tags,
      summary: 'Centres of the network, their services and (mobile centres) timetable',
      response: withErrors(
        {
          200: {
            type: 'array',
            items: closed(
              {
                id: ID,
                name: { type: 'string' },
                kind: { type: 'string', enum: ['fixed', 'mobile'] },
                services: { type: 'array', items: closed({ id: ID, name: { type: 'string' }, bookable: { type: 'boolean' }, slotMin: { type: 'number' } }, ['id', 'name', 'bookable', 'slotMin']) },
                windows: { type: 'integer' },
                timetable: { type: 'array', items: closed({ id: ID, date: { type: 'string' }, place: { type: 'string' }, open: { type: 'string' }, close: { type: 'string' } }, ['id', 'date', 'place', 'open', 'close']) },
              },
              ['id', 'name', 'kind', 'services', 'windows'],
            ),
          },
        },
        READ_ERRORS,
      ),
    },
    handler: async () =>
      ctx.network.all().map((h) => {
        const cfg = h.centre.config;
        return {
          id: cfg.id,
          name: cfg.name,
          kind: cfg.kind,
          services: cfg.services.map((s) => ({ id: s.id, name: s.name, bookable: s.bookable, slotMin: s.slotMs / 60_000 })),
          windows: cfg.windows.length,
          ...(cfg.kind === 'mobile' ? { timetable: cfg.input.timetable ?? [] } : {}),
        };
      }),
  });

  app.get('/api/load', {
    schema: { tags, summary: 'Live load of every centre (pick a less busy one)', response: withErrors({ 200: { type: 'array', items: centreLoad } }, READ_ERRORS) },
    handler: async () => Promise.all(ctx.network.all().map((h) => h.read(centreLoadOf))),
  });

  app.get<{ Params: { centre: string } }>('/api/centres/:centre/load', {
    schema: { tags, summary: 'Live load of a centre, per service', params: centreParams, response: withErrors({ 200: centreLoad }, READ_ERRORS) },
    // The same JSON for every reader until the centre's next event (centre/load-memo.ts).
    handler: async (req, reply) => {
      const json = await ctx.network.get(req.params.centre).read((c) => centreLoadJson(c, (body) => reply.serialize(body) as string));
      return reply.type(JSON_TYPE).send(json);
    },
  });

  app.get<{ Params: { centre: string; service: string } }>('/api/centres/:centre/services/:service/load', {
    schema: { tags, summary: 'Live load of one service at a centre', params: serviceParams, response: withErrors({ 200: loadRow }, READ_ERRORS) },
    handler: async (req) => {
      const row = await ctx.network.get(req.params.centre).read((c) => centreLoadOf(c).services.find((s) => s.service === req.params.service));
      if (!row) throw new ServerError('SRV_ERR_UNKNOWN_ENTITY', { engineMessage: `Unknown service ${req.params.service}`, service: req.params.service });
      return row;
    },
  });

  app.get<{ Params: { centre: string } }>('/api/centres/:centre/board', {
    schema: { tags, summary: 'Last calls, newest first, as the monitors show them', params: centreParams, response: withErrors({ 200: { type: 'array', items: boardEntry } }, READ_ERRORS) },
    handler: async (req) => ctx.network.get(req.params.centre).read((c) => boardCalls(c)),
  });

  app.get<{ Params: { centre: string; token: string } }>('/api/centres/:centre/status/:token', {
    schema: { tags, summary: "A ticket's status by its public token: position, people ahead, ETA p50/p90", params: tokenParams, response: withErrors({ 200: ticketStatus }, [...LIMITED_READ_ERRORS, 410]) },
    config: limited,
    handler: async (req) => {
      const host = ctx.network.get(req.params.centre);
      const id = ctx.hash.verifyToken('ticket', host.id, req.params.token);
      if (id === null) throw new ServerError('SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
      return host.read((c, now) => {
        const t = c.ticket(id);
        // A genuine token of a ticket the centre no longer keeps (finished long ago) is not "unknown".
        if (!t) throw new ServerError(c.archived(id) ? 'SRV_ERR_TICKET_ARCHIVED' : 'SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
        return statusOf(c, t, now);
      });
    },
  });

  app.post<{ Params: { centre: string }; Body: { service: string; slot: string; citizenId: string; stop?: string } }>('/api/centres/:centre/holds', {
    schema: {
      tags,
      summary: 'Hold a booking slot for a few minutes while the citizen confirms',
      params: centreParams,
      headers: idempotencyHeaders,
      body: closed({ service: ID, slot: ISO_TIME, citizenId: CITIZEN_ID, stop: ID }, ['service', 'slot', 'citizenId']),
      response: withErrors({ 201: closed({ holdToken: PUBLIC_TOKEN, expiresAt: EPOCH_MS }, ['holdToken', 'expiresAt']) }, PUBLIC_WRITE_ERRORS),
    },
    config: limited,
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      const b = req.body;
      const slot = parseSlot(b.slot);
      const citizen = ctx.hash.citizenKey(b.citizenId);
      return runWrite<ResultOf['holdSlot']>(
        ctx,
        req,
        reply,
        host,
        (now) => ({ type: 'holdSlot', now, service: b.service, slot, citizen, ...(b.stop ? { stop: b.stop } : {}) }),
        (r) => ({ status: 201, body: { holdToken: ctx.hash.publicToken('hold', host.id, r.hold), expiresAt: r.expiresAt } }),
      );
    },
  });

  app.post<{ Params: { centre: string; token: string } }>('/api/centres/:centre/holds/:token/release', {
    schema: {
      tags,
      summary: 'Release a hold',
      params: tokenParams,
      headers: idempotencyHeaders,
      body: closed({}),
      response: withErrors({ 200: closed({ released: { type: 'boolean' } }, ['released']) }, PUBLIC_WRITE_ERRORS),
    },
    config: limited,
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      const hold = ctx.hash.verifyToken('hold', host.id, req.params.token);
      if (hold === null) throw new ServerError('SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
      return runWrite(ctx, req, reply, host, (now) => ({ type: 'releaseHold', now, hold }), () => ({ status: 200, body: { released: true } }));
    },
  });

  app.post<{ Params: { centre: string }; Body: { citizenId: string; holdToken?: string; service?: string; slot?: string; stop?: string; class?: string; name?: string } }>(
    '/api/centres/:centre/bookings',
    {
      schema: {
        tags,
        summary: 'Book a slot: confirm a hold (holdToken) or book directly (service, slot, stop)',
        description: 'Public. A citizen class (`class`) is set by staff only: with it, a desk token is required (a call centre booking for a citizen whose class it has checked).',
        security: [{}, { bearer: [] }],
        params: centreParams,
        headers: idempotencyHeaders,
        body: closed({ citizenId: CITIZEN_ID, holdToken: PUBLIC_TOKEN, service: ID, slot: ISO_TIME, stop: ID, class: ID, name: DISPLAY_NAME }, ['citizenId']),
        response: withErrors({ 201: closed({ token: PUBLIC_TOKEN, service: ID, slot: EPOCH_MS }, ['token', 'service', 'slot']) }, [...PUBLIC_WRITE_ERRORS, 401, 403]),
      },
      config: limited,
      handler: async (req, reply) => {
        const host = ctx.network.get(req.params.centre);
        const b = req.body;
        // A class (priority: disability, age, pregnancy, veterans) is not self-declared: staff set it, as
        // they do for walk-ins (desk and kiosk tokens only).
        if (b.class !== undefined) ctx.auth.require(req, CLASS_SETTERS, 'book with a citizen class', host.id);
        const nameProblem = displayNameProblem(b.name);
        if (nameProblem) throw new ServerError('SRV_ERR_BAD_REQUEST', { reason: nameProblem });
        const citizen = ctx.hash.citizenKey(b.citizenId);
        let target: { hold: number } | { service: string; slot: number; stop?: string };
        if (b.holdToken !== undefined) {
          if (b.service !== undefined || b.slot !== undefined || b.stop !== undefined) throw new ServerError('SRV_ERR_BAD_REQUEST', { reason: 'give either holdToken or service and slot, not both' });
          const hold = ctx.hash.verifyToken('hold', host.id, b.holdToken);
          if (hold === null) throw new ServerError('SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
          target = { hold };
        } else {
          if (b.service === undefined || b.slot === undefined) throw new ServerError('SRV_ERR_BAD_REQUEST', { reason: 'give holdToken, or service and slot' });
          target = { service: b.service, slot: parseSlot(b.slot), ...(b.stop ? { stop: b.stop } : {}) };
        }
        return runWrite<ResultOf['book']>(
          ctx,
          req,
          reply,
          host,
          (now) => ({ type: 'book', now, citizen, ...target, ...(b.class ? { class: b.class } : {}), ...(b.name ? { name: b.name } : {}) }),
          (r) => ({ status: 201, body: { token: ctx.hash.publicToken('ticket', host.id, r.ticket), service: r.service, slot: r.slot } }),
        );
      },
    },
  );

  app.post<{ Params: { centre: string; token: string } }>('/api/centres/:centre/status/:token/cancel', {
    schema: {
      tags,
      summary: 'The citizen cancels their booking or leaves the queue',
      params: tokenParams,
      headers: idempotencyHeaders,
      body: closed({}),
      response: withErrors({ 200: closed({ cancelled: { type: 'boolean' } }, ['cancelled']) }, [...PUBLIC_WRITE_ERRORS, 410]),
    },
    config: limited,
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      const ticket = ctx.hash.verifyToken('ticket', host.id, req.params.token);
      if (ticket === null) throw new ServerError('SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
      return runTicketWrite(ctx, req, reply, host, ticket, (now) => ({ type: 'cancel', now, ticket, reason: 'citizen' }), () => ({ status: 200, body: { cancelled: true } }));
    },
  });
}
