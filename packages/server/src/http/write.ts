/**
 * Running a write: the Idempotency-Key header, the request fingerprint, the centre's command loop
 * and the answer. Every write route goes through `runWrite`.
 */
import type { Command } from '@asan/queue-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Answer, CentreHost } from '../centre/centre-host.ts';
import { ServerError } from '../errors.ts';
import type { AppContext } from './context.ts';

const KEY_RE = /^[A-Za-z0-9._:-]{1,128}$/;

export async function runWrite<R>(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  host: CentreHost,
  build: (now: number) => Command,
  answerOf: (result: R) => Answer,
): Promise<unknown> {
  if (!ctx.accepting) throw new ServerError('SRV_ERR_SHUTTING_DOWN');
  const header = req.headers['idempotency-key'];
  let idempotency;
  if (header !== undefined) {
    if (typeof header !== 'string' || !KEY_RE.test(header)) throw new ServerError('SRV_ERR_BAD_IDEMPOTENCY_KEY');
    const principal = ctx.auth.principal(req);
    const text = JSON.stringify([req.method, req.routeOptions.url, req.params, req.body ?? null, principal?.label ?? 'public']);
    idempotency = { key: header, fingerprint: ctx.hash.fingerprint(text) };
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
    );
    ctx.metrics.commands.inc({ centre: host.id, command: type, outcome: 'ok' });
    return reply.code(answer.status).send(answer.body);
  } catch (err) {
    if (err instanceof ServerError) ctx.metrics.commands.inc({ centre: host.id, command: type, outcome: err.engineCode ?? err.code });
    throw err;
  }
}

/** Path numbers arrive as digit strings (the schema checks the digits). */
export function int(text: string): number {
  return Number.parseInt(text, 10);
}
