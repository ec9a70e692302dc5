/**
 * Anchor: Fastify hello world with a response schema (fast-json-stringify), no logger — the most a
 * Fastify route can do on this machine. Run in its own process by the server suite:
 *   node --import tsx hello-server.ts <port>
 * GET /hello → { hello: 'world' }. SIGTERM closes it.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const app = Fastify({ logger: false });
app.get('/hello', {
  schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } }, required: ['hello'], additionalProperties: false } } },
  handler: async () => ({ hello: 'world' }),
});
await app.listen({ host: '127.0.0.1', port });
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
