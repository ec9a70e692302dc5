/**
 * The OpenAPI document's request bodies against behaviour, over a real socket: a write whose body
 * has no required field is answered without any body (README's curl examples send none), so its
 * requestBody is not `required`; a write that needs fields still says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningTestApp, type TestApp } from './helpers.ts';

type Op = { requestBody?: { required?: boolean; content: Record<string, { schema: { required?: string[] } }> } };
let t: TestApp;
let base: string;
let doc: { paths: Record<string, Record<string, Op>> };

beforeAll(async () => {
  const s = await listeningTestApp();
  t = s.t;
  base = `http://127.0.0.1:${s.port}`;
  doc = (await (await fetch(`${base}/docs/json`)).json()) as typeof doc;
});
afterAll(async () => {
  await t.close();
});

const bodyOf = (path: string) => doc.paths[path]!.post!.requestBody!;

describe('OpenAPI request bodies', () => {
  it('marks a body optional exactly when it has no required field', () => {
    const posts = Object.entries(doc.paths).flatMap(([path, m]) => (m.post ? [[path, m.post] as const] : []));
    expect(posts.length).toBeGreaterThan(20);
    for (const [path, op] of posts) {
      const schema = op.requestBody!.content['application/json']!.schema;
      // Before: every POST said requiredBody.required: true, {} or no body alike.
      expect({ path, required: op.requestBody!.required }).toEqual({ path, required: (schema.required ?? []).length > 0 });
    }
    expect(bodyOf('/api/centres/{centre}/tickets').required).toBe(true);
  });

  it('answers the writes it documents as bodiless without a body (no content type, no bytes)', async () => {
    const send = (path: string, token: string) => fetch(`${base}/api/centres/baku-1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(bodyOf('/api/centres/{centre}/windows/{window}/open').required).toBe(false);
    expect((await send('/windows/1/open', 'demo-operator-1')).status).toBe(200);
    expect(bodyOf('/api/centres/{centre}/windows/{window}/call-next').required).toBe(false);
    expect((await send('/windows/1/call-next', 'demo-operator-1')).status).toBe(200);
    expect(bodyOf('/api/centres/{centre}/windows/{window}/complete').required).toBe(false);
    expect(bodyOf('/api/centres/{centre}/tick').required).toBe(false);
    expect((await send('/tick', 'demo-admin')).status).toBe(200);
  });
});
