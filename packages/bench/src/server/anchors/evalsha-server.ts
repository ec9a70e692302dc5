/**
 * Anchor: a Fastify route doing exactly one Redis EVALSHA (ioredis, default options, one
 * connection) with a response schema, no logger — the floor under any route that keeps its state in
 * Redis with one script call per request. Run in its own process by the server suite:
 *   node --import tsx evalsha-server.ts <port> <redis url> <key prefix>
 * POST /evalsha → { version } where the script is `return redis.call('INCR', KEYS[1])` on
 * `<prefix>:anchor`. The script is loaded (SCRIPT LOAD) before the server listens. SIGTERM closes it.
 */
import Fastify from 'fastify';
import { Redis } from 'ioredis';

const [portText, url, prefix] = process.argv.slice(2);
const redis = new Redis(url!, { maxRetriesPerRequest: 2 });
const sha = (await redis.script('LOAD', "return redis.call('INCR', KEYS[1])")) as string;
const key = `${prefix}:anchor`;
const app = Fastify({ logger: false });
app.post('/evalsha', {
  schema: { response: { 200: { type: 'object', properties: { version: { type: 'integer' } }, required: ['version'], additionalProperties: false } } },
  handler: async () => ({ version: (await redis.evalsha(sha, 1, key)) as number }),
});
app.get('/ready', { schema: { response: { 200: { type: 'object', properties: { sha: { type: 'string' } } } } }, handler: async () => ({ sha }) });
await app.listen({ host: '127.0.0.1', port: Number(portText) });
process.on('SIGTERM', () => {
  app.close().then(
    () => redis.quit().then(() => process.exit(0)),
    () => process.exit(1),
  );
});
