/**
 * Window routes for the operator of that window (an operator token acts on its own window only;
 * admin on any): the window's state, and every action — open, close, breaks, call next, recall,
 * start, complete with a rating, no-show, requeue, park for payment, transfer.
 */
import type { Command, CommandType } from '@asan/queue-core';
import type { FastifyInstance } from 'fastify';
import { centreLoadOf } from '../centre/load-memo.ts';
import { ServerError } from '../errors.ts';
import { closed, DISPLAY_NAME, EPOCH_MS, ID, idempotencyHeaders, nullable, READ_ERRORS, windowParams, windowView, withErrors, WRITE_ERRORS } from '../http/schemas.ts';
import { int, runWrite } from '../http/write.ts';

const tags = ['operator'];
const NO_BODY = closed({});
const ticketOnly = closed({ ticket: { type: 'integer' } }, ['ticket']);
const windowStatus = closed({ window: { type: 'integer' }, status: { type: 'string' }, deferred: { type: 'boolean' } }, ['window', 'status']);

interface WindowAction {
  readonly path: string;
  readonly summary: string;
  readonly type: CommandType;
  readonly body?: Record<string, unknown>;
  readonly response: Record<string, unknown>;
  readonly extra?: (body: Record<string, unknown>) => Record<string, unknown>;
}

const ACTIONS: readonly WindowAction[] = [
  { path: 'open', summary: 'Open the window (start of shift)', type: 'openWindow', response: windowStatus },
  { path: 'close', summary: 'Close the window (deferred while it holds a ticket)', type: 'closeWindow', response: windowStatus },
  { path: 'break-start', summary: 'Start a break (deferred while it holds a ticket)', type: 'startBreak', response: windowStatus },
  { path: 'break-end', summary: 'End the break', type: 'endBreak', response: windowStatus },
  {
    path: 'call-next',
    summary: 'Call the next citizen (fair order, FAIRNESS.md); ticket null when nobody is callable',
    type: 'callNext',
    response: closed({ ticket: nullable({ type: 'integer' }), number: { type: 'string' }, service: ID, class: ID, waitedMs: { type: 'number' } }, ['ticket']),
  },
  { path: 'recall', summary: 'Call the held ticket again (a no-show after the last allowed call)', type: 'recall', response: closed({ ticket: { type: 'integer' }, callCount: { type: 'integer' }, noShow: { type: 'boolean' } }, ['ticket', 'callCount', 'noShow']) },
  { path: 'start', summary: 'The citizen arrived: start the service', type: 'start', response: ticketOnly },
  {
    path: 'complete',
    summary: 'Finish the service, with the citizen’s rating (1–5)',
    type: 'complete',
    body: closed({ rating: { type: 'integer', minimum: 1, maximum: 5 } }),
    extra: (b) => (b.rating !== undefined ? { rating: b.rating } : {}),
    response: closed({ ticket: { type: 'integer' }, handleMs: { type: 'number' } }, ['ticket', 'handleMs']),
  },
  { path: 'no-show', summary: 'The called citizen did not come', type: 'noShow', response: ticketOnly },
  {
    path: 'requeue',
    summary: 'Put the called ticket back in the queue with its original place (noShow: true when it had been called the most times allowed: a no-show instead)',
    type: 'requeue',
    response: closed({ ticket: { type: 'integer' }, noShow: { type: 'boolean', description: 'true: the ticket had been called callCountMax times, so it became a no-show instead of going back' } }, ['ticket']),
  },
  { path: 'park', summary: 'The citizen goes to pay at the bank desk; the window is free', type: 'park', response: ticketOnly },
  {
    path: 'transfer',
    summary: 'Send the held citizen to another service, keeping their place in time',
    type: 'transfer',
    body: closed({ service: ID }, ['service']),
    extra: (b) => ({ service: b.service }),
    response: closed({ ticket: { type: 'integer' }, service: ID, due: EPOCH_MS }, ['ticket', 'service', 'due']),
  },
];

export async function windowRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get<{ Params: { centre: string; window: string } }>('/api/centres/:centre/windows/:window', {
    schema: {
      tags,
      summary: "The window's state and the ticket it holds (operator of the window)",
      security: [{ bearer: [] }],
      params: windowParams,
      response: withErrors(
        {
          200: closed(
            {
              window: windowView,
              current: nullable(
                closed(
                  { ticket: { type: 'integer' }, number: { type: 'string' }, service: ID, class: ID, state: { type: 'string' }, name: { type: 'string', description: DISPLAY_NAME.description }, callCount: { type: 'integer' }, calledAt: nullable(EPOCH_MS), needsPayment: { type: 'boolean' } },
                  ['ticket', 'number', 'service', 'class', 'state', 'callCount', 'calledAt', 'needsPayment'],
                ),
              ),
              waiting: { type: 'integer', description: "tickets waiting for this window's services" },
            },
            ['window', 'current', 'waiting'],
          ),
        },
        [401, 403, ...READ_ERRORS],
      ),
    },
    handler: async (req) => {
      const host = ctx.network.get(req.params.centre);
      const number = int(req.params.window);
      ctx.auth.require(req, ['operator'], 'see windows', host.id, number);
      return host.read((c) => {
        const view = c.windows().find((w) => w.number === number);
        if (!view) throw new ServerError('SRV_ERR_UNKNOWN_ENTITY', { engineMessage: `Unknown window ${number}`, window: number });
        const t = view.ticket === null ? undefined : c.ticket(view.ticket);
        const svcIndex = t ? c.config.serviceIndex.get(t.service) : undefined;
        const load = centreLoadOf(c).services;
        return {
          window: view,
          current: t
            ? {
                ticket: t.id,
                number: t.number,
                service: t.service,
                class: t.class,
                state: t.state,
                ...(t.name !== undefined ? { name: t.name } : {}),
                callCount: t.callCount,
                calledAt: t.calledAt,
                needsPayment: svcIndex !== undefined && c.config.services[svcIndex]!.needsPayment,
              }
            : null,
          waiting: load.filter((s) => view.services.includes(s.service)).reduce((n, s) => n + s.waiting, 0),
        };
      });
    },
  });

  for (const a of ACTIONS) {
    app.post<{ Params: { centre: string; window: string }; Body: Record<string, unknown> | undefined }>(`/api/centres/:centre/windows/:window/${a.path}`, {
      schema: {
        tags,
        summary: `${a.summary} (operator of the window)`,
        security: [{ bearer: [] }],
        params: windowParams,
        headers: idempotencyHeaders,
        body: a.body ?? NO_BODY,
        response: withErrors({ 200: a.response }, WRITE_ERRORS),
      },
      handler: async (req, reply) => {
        const host = ctx.network.get(req.params.centre);
        const window = int(req.params.window);
        ctx.auth.require(req, ['operator'], a.path, host.id, window);
        const extra = a.extra ? a.extra(req.body ?? {}) : {};
        return runWrite<object>(ctx, req, reply, host, (now) => ({ type: a.type, now, window, ...extra }) as Command, (r) => ({ status: 200, body: r }));
      },
    });
  }
}
