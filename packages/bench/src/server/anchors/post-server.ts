/**
 * Anchor: a bare Fastify POST shaped like the issue route — the same path, the same request (JSON
 * body with the desk's bearer header), a closed body schema of the same fields, a 201 answer of a
 * ticket slip's shape and size (the bench centre's 20 windows) through a response schema (the real
 * route writes its slip's JSON itself, ~1 µs cheaper than Fastify's serializer) — and nothing else:
 * no auth, no engine, no store, no token, no metrics. What any Fastify route that takes a ticket
 * request and answers a slip costs on this machine, so the report can split the issue route's
 * distance to hello into Fastify's POST path and ours. Run in its own process by the server suite:
 *   node --import tsx post-server.ts <port>
 * POST /api/centres/:centre/tickets → 201 slip; GET /ready → { ready: true }. SIGTERM closes it.
 */
import Fastify from 'fastify';
import { WINDOWS_PER_AGENCY } from '../bench-network.ts';

const port = Number(process.argv[2]);
const app = Fastify({ logger: false });
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' } as const;
const slip = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    ticket: { type: 'integer' },
    number: { type: 'string' },
    service: { type: 'string' },
    windows: { type: 'array', items: { type: 'object', properties: { number: { type: 'integer' }, floor: { type: 'integer' } }, required: ['number', 'floor'] } },
    peopleAhead: { type: 'integer' },
    eta: { type: 'object', properties: { p50Ms: { type: 'number' }, p90Ms: { type: 'number' }, p50At: { type: 'number' }, p90At: { type: 'number' } } },
  },
  required: ['token', 'ticket', 'number', 'service', 'windows', 'peopleAhead', 'eta'],
} as const;
// As many windows as the real slip lists in the bench centre (a service is served at its agency's 20).
const WINDOWS = Array.from({ length: WINDOWS_PER_AGENCY }, (_, i) => ({ number: i + 1, floor: 1 }));
let issued = 0;
app.post<{ Params: { centre: string }; Body: { service: string } }>('/api/centres/:centre/tickets', {
  schema: {
    params: { type: 'object', properties: { centre: ID }, required: ['centre'] },
    body: {
      type: 'object',
      properties: { service: ID, class: ID, channel: { type: 'string', enum: ['desk', 'terminal', 'callCentre'] }, citizenId: { type: 'string', minLength: 1, maxLength: 128 }, name: { type: 'string', minLength: 1, maxLength: 60 } },
      required: ['service'],
      additionalProperties: false,
    },
    response: { 201: slip },
  },
  handler: async (req, reply) => {
    issued++;
    const now = Date.now();
    reply.code(201);
    return {
      token: `1.${issued.toString(36).padStart(22, 'A')}`,
      ticket: issued,
      number: `A${String(issued % 1000).padStart(3, '0')}`,
      service: req.body.service,
      windows: WINDOWS,
      peopleAhead: issued % 50,
      eta: { p50Ms: 60_000, p90Ms: 120_000, p50At: now + 60_000, p90At: now + 120_000 },
    };
  },
});
app.get('/ready', { schema: { response: { 200: { type: 'object', properties: { ready: { type: 'boolean' } } } } }, handler: async () => ({ ready: true }) });
await app.listen({ host: '127.0.0.1', port });
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
