/**
 * Desk and kiosk routes: issue a walk-in ticket (information desk, ID-card terminal, call centre),
 * check a booking in, and the desk's actions on a ticket by id (cancel, park, resume, transfer).
 * A ticket the engine no longer knows because it was archived (finished long ago) is answered 410
 * SRV_ERR_TICKET_ARCHIVED on every route that names one, by token or by id; an id never issued
 * stays 404 (http/write.ts `runTicketWrite`).
 * A personal ID, when given, is turned into a keyed hash here and goes no further in clear.
 */
import { randomUUID } from 'node:crypto';
import type { ResultOf, TicketSlip } from '@asan/queue-core';
import type { FastifyInstance } from 'fastify';
import type { Answer } from '../centre/centre-host.ts';
import type { Role } from '../config/server-config.ts';
import { ServerError } from '../errors.ts';
import type { AppContext } from '../http/context.ts';
import { CITIZEN_ID, centreParams, closed, DISPLAY_NAME, displayNameProblem, EPOCH_MS, ID, idempotencyHeaders, PUBLIC_TOKEN, ticketParams, ticketSlip, withErrors, WRITE_ERRORS } from '../http/schemas.ts';
import { slipJson, type SlipBody } from '../http/slip-json.ts';
import { int, runTicketWrite, runWrite } from '../http/write.ts';

const ISSUERS: readonly Role[] = ['desk', 'kiosk'];
const DESK: readonly Role[] = ['desk'];
const tags = ['desk'];

/** The slip as answered (fields added in place, not spread: one object per answer). */
function slipBody(ctx: AppContext, centre: string, slip: TicketSlip & { late?: boolean; callableAt?: number }): SlipBody {
  const body: SlipBody = {
    token: ctx.hash.publicToken('ticket', centre, slip.ticket),
    ticket: slip.ticket,
    number: slip.number,
    service: slip.service,
    windows: slip.windows,
    peopleAhead: slip.peopleAhead,
    eta: slip.eta,
  };
  if (slip.late !== undefined) body.late = slip.late;
  if (slip.callableAt !== undefined) body.callableAt = slip.callableAt;
  return body;
}

/** A slip's answer, with its JSON written here when it has the usual shape (http/slip-json.ts). */
function slipAnswer(status: number, body: SlipBody): Answer {
  const json = slipJson(body);
  return json === undefined ? { status, body } : { status, body, json };
}

const ok = (field: string) => closed({ ticket: { type: 'integer' }, [field]: { type: 'boolean' } }, ['ticket', field]);

export async function deskRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.post<{ Params: { centre: string }; Body: { service: string; class?: string; channel?: 'desk' | 'terminal' | 'callCentre'; citizenId?: string; name?: string } }>(
    '/api/centres/:centre/tickets',
    {
      schema: {
        tags,
        summary: 'Issue a walk-in ticket (desk / kiosk token)',
        security: [{ bearer: [] }],
        params: centreParams,
        headers: idempotencyHeaders,
        body: closed({ service: ID, class: ID, channel: { type: 'string', enum: ['desk', 'terminal', 'callCentre'] }, citizenId: CITIZEN_ID, name: DISPLAY_NAME }, ['service']),
        response: withErrors({ 201: ticketSlip }, WRITE_ERRORS),
      },
      handler: async (req, reply) => {
        const host = ctx.network.get(req.params.centre);
        const p = ctx.auth.require(req, ISSUERS, 'issue tickets', host.id);
        const b = req.body;
        const nameProblem = displayNameProblem(b.name);
        if (nameProblem) throw new ServerError('SRV_ERR_BAD_REQUEST', { reason: nameProblem });
        // Without an ID (anonymous walk-in) the citizen key is random: no per-person link at all.
        const citizen = b.citizenId !== undefined ? ctx.hash.citizenKey(b.citizenId) : `anon:${randomUUID()}`;
        const channel = b.channel ?? (p.role === 'kiosk' ? 'terminal' : 'desk');
        return runWrite<ResultOf['issueWalkIn']>(
          ctx,
          req,
          reply,
          host,
          (now) => {
            // Optional fields set in place, in the same order (no spread of a temporary object).
            const cmd: { type: 'issueWalkIn'; now: number; service: string; citizen: string; channel: typeof channel; class?: string; name?: string } = { type: 'issueWalkIn', now, service: b.service, citizen, channel };
            if (b.class) cmd.class = b.class;
            if (b.name) cmd.name = b.name;
            return cmd;
          },
          (slip) => slipAnswer(201, slipBody(ctx, host.id, slip)),
        );
      },
    },
  );

  app.post<{ Params: { centre: string }; Body: { token: string } }>('/api/centres/:centre/check-in', {
    schema: {
      tags,
      summary: 'Check a booking in on arrival (desk / kiosk token; the booking is named by its public token)',
      security: [{ bearer: [] }],
      params: centreParams,
      headers: idempotencyHeaders,
      body: closed({ token: PUBLIC_TOKEN }, ['token']),
      response: withErrors({ 200: ticketSlip }, [...WRITE_ERRORS, 410]),
    },
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, ISSUERS, 'check bookings in', host.id);
      const ticket = ctx.hash.verifyToken('ticket', host.id, req.body.token);
      if (ticket === null) throw new ServerError('SRV_ERR_UNKNOWN_PUBLIC_TOKEN');
      return runTicketWrite<ResultOf['checkIn']>(ctx, req, reply, host, ticket, (now) => ({ type: 'checkIn', now, ticket }), (slip) => slipAnswer(200, slipBody(ctx, host.id, slip)));
    },
  });

  app.post<{ Params: { centre: string; ticket: string }; Body: { reason?: string } }>('/api/centres/:centre/tickets/:ticket/cancel', {
    schema: {
      tags,
      summary: 'Cancel a booking or a waiting / parked ticket (desk token)',
      security: [{ bearer: [] }],
      params: ticketParams,
      headers: idempotencyHeaders,
      body: closed({ reason: { type: 'string', enum: ['abandoned', 'desk', 'duplicate', 'other'] } }),
      response: withErrors({ 200: ok('cancelled') }, [...WRITE_ERRORS, 410]),
    },
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, DESK, 'cancel tickets', host.id);
      const ticket = int(req.params.ticket);
      const reason = req.body?.reason ?? 'desk';
      return runTicketWrite(ctx, req, reply, host, ticket, (now) => ({ type: 'cancel', now, ticket, reason }), () => ({ status: 200, body: { ticket, cancelled: true } }));
    },
  });

  app.post<{ Params: { centre: string; ticket: string } }>('/api/centres/:centre/tickets/:ticket/park', {
    schema: {
      tags,
      summary: 'Park a waiting ticket while the citizen pays at the bank desk (desk token)',
      security: [{ bearer: [] }],
      params: ticketParams,
      headers: idempotencyHeaders,
      body: closed({}),
      response: withErrors({ 200: ok('parked') }, [...WRITE_ERRORS, 410]),
    },
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, DESK, 'park tickets', host.id);
      const ticket = int(req.params.ticket);
      return runTicketWrite(ctx, req, reply, host, ticket, (now) => ({ type: 'park', now, ticket }), () => ({ status: 200, body: { ticket, parked: true } }));
    },
  });

  app.post<{ Params: { centre: string; ticket: string } }>('/api/centres/:centre/tickets/:ticket/resume', {
    schema: {
      tags,
      summary: 'Back from the bank desk: the parked ticket queues again, due soon (desk token)',
      security: [{ bearer: [] }],
      params: ticketParams,
      headers: idempotencyHeaders,
      body: closed({}),
      response: withErrors({ 200: closed({ ticket: { type: 'integer' }, due: EPOCH_MS }, ['ticket', 'due']) }, [...WRITE_ERRORS, 410]),
    },
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, DESK, 'resume tickets', host.id);
      const ticket = int(req.params.ticket);
      return runTicketWrite<ResultOf['resume']>(ctx, req, reply, host, ticket, (now) => ({ type: 'resume', now, ticket }), (r) => ({ status: 200, body: { ticket: r.ticket, due: r.due } }));
    },
  });

  app.post<{ Params: { centre: string; ticket: string }; Body: { service: string } }>('/api/centres/:centre/tickets/:ticket/transfer', {
    schema: {
      tags,
      summary: 'Move a waiting ticket to another service, keeping its place in time (desk token)',
      security: [{ bearer: [] }],
      params: ticketParams,
      headers: idempotencyHeaders,
      body: closed({ service: ID }, ['service']),
      response: withErrors({ 200: closed({ ticket: { type: 'integer' }, service: ID, due: EPOCH_MS }, ['ticket', 'service', 'due']) }, [...WRITE_ERRORS, 410]),
    },
    handler: async (req, reply) => {
      const host = ctx.network.get(req.params.centre);
      ctx.auth.require(req, DESK, 'transfer tickets', host.id);
      const ticket = int(req.params.ticket);
      return runTicketWrite<ResultOf['transfer']>(
        ctx,
        req,
        reply,
        host,
        ticket,
        (now) => ({ type: 'transfer', now, ticket, service: req.body.service }),
        (r) => ({ status: 200, body: { ticket: r.ticket, service: r.service, due: r.due } }),
      );
    },
  });
}
