/**
 * Running a write: the Idempotency-Key header, the request fingerprint, the centre's command loop
 * and the answer. Every write route goes through `runWrite`.
 */
import type { Command } from '@asan/queue-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Answer, type CentreHost, ClientGone } from '../centre/centre-host.ts';
import { ServerError } from '../errors.ts';
import type { AppContext } from './context.ts';

const KEY_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's own content type of a JSON answer. */
const JSON_TYPE = 'application/json; charset=utf-8';

/** Retry-After of SRV_ERR_OVERLOADED: a full queue drains in well under a second when the store is up. */
const RETRY_AFTER_S = 1;

/** The client closed its connection (or aborted the request) before being answered. */
function clientGone(req: FastifyRequest, reply: FastifyReply): boolean {
  // Not req.raw.destroyed: a request is destroyed as soon as its body has been read.
  const socket = req.raw.socket;
  return reply.raw.destroyed || socket === null || socket.destroyed;
}

export async function runWrite<R>(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  host: CentreHost,
  build: (now: number) => Command,
  answerOf: (result: R) => Answer,
  /** Turns a refusal into the one to answer (before it is counted in the metrics): runTicketWrite's. */
  refine?: (err: ServerError) => Promise<ServerError>,
): Promise<unknown> {
  if (!ctx.accepting) throw new ServerError('SRV_ERR_SHUTTING_DOWN');
  const header = req.headers['idempotency-key'];
  let idempotency;
  if (header !== undefined) {
    if (typeof header !== 'string' || !KEY_RE.test(header)) throw new ServerError('SRV_ERR_BAD_IDEMPOTENCY_KEY');
    // Who asked is part of the request on a secured route (its token was checked before); a public
    // route needs no token, so one it does not need (unknown, or a browser's basic auth) changes nothing.
    const secured = (req.routeOptions.schema as { security?: unknown } | undefined)?.security !== undefined;
    const who = secured ? (ctx.auth.principal(req)?.label ?? 'public') : 'public';
    const text = JSON.stringify(canonical([req.method, req.routeOptions.url, req.params, req.body ?? null, who]));
    idempotency = { key: header, fingerprint: ctx.hash.fingerprint(text) };
  }
  // Load safety: a centre with this many writes waiting answers at once (nothing changed) instead
  // of queueing a request its client may give up on before its turn.
  if (host.queued >= ctx.config.centreQueueMaxRequests) {
    ctx.metrics.countCommand(host.id, 'unknown', 'SRV_ERR_OVERLOADED');
    reply.header('retry-after', String(RETRY_AFTER_S));
    throw new ServerError('SRV_ERR_OVERLOADED', { centre: host.id, queued: host.queued, retryAfterS: RETRY_AFTER_S });
  }
  let type = 'unknown';
  try {
    const answer = await host.run(
      (now) => {
        // Replay clock: a write is decided at the time its own request set (http/replay-clock.ts).
        const cmd = build(req.replayNow ?? now);
        type = cmd.type;
        return cmd;
      },
      answerOf,
      idempotency,
      () => clientGone(req, reply),
    );
    ctx.metrics.countCommand(host.id, type, 'ok');
    // A JSON string sent with Fastify's own JSON content type goes out as it is (no serializer).
    if (answer.json !== undefined) return reply.code(answer.status).type(JSON_TYPE).send(answer.json);
    return reply.code(answer.status).send(answer.body);
  } catch (err) {
    if (err instanceof ClientGone) {
      // Nobody is listening: nothing was decided, nothing is answered.
      ctx.metrics.countCommand(host.id, type, 'client_gone');
      return reply.code(499).send();
    }
    if (err instanceof ServerError) {
      const answered = refine ? await refine(err) : err;
      ctx.metrics.countCommand(host.id, type, answered.engineCode ?? answered.code);
      throw answered;
    }
    throw err;
  }
}

/** Path numbers arrive as digit strings (the schema checks the digits). */
export function int(text: string): number {
  return Number.parseInt(text, 10);
}

/**
 * A request's parts for its fingerprint with every object's fields in sorted order: a retry whose
 * JSON lists the same fields in another order (client libraries do not promise an order) is the
 * same request; a different value is not.
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = canonical((value as Record<string, unknown>)[k]);
  return out;
}

/**
 * `runWrite` for a command on one ticket (by public token, or by id on the desk's routes): when the
 * engine refuses it because it no longer knows the ticket, and that ticket was issued here and is
 * now archived (finished long ago), the answer is 410 SRV_ERR_TICKET_ARCHIVED, as on the status
 * route, instead of 404 "Unknown ticket" (and counted so in the metrics); an id never issued stays
 * 404. Any other error is passed on unchanged. Mapped after the write, so a repeated
 * Idempotency-Key still gets its first answer.
 */
export function runTicketWrite<R>(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  host: CentreHost,
  ticket: number,
  build: (now: number) => Command,
  answerOf: (result: R) => Answer,
): Promise<unknown> {
  return runWrite(ctx, req, reply, host, build, answerOf, async (err) =>
    err.engineCode === 'QC_ERR_UNKNOWN_TICKET' && (await host.read((c) => c.archived(ticket))) ? new ServerError('SRV_ERR_TICKET_ARCHIVED') : err,
  );
}
