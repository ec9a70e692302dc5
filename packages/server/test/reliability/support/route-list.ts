/**
 * Every route of the app, as its OpenAPI document states it (GET /docs/json, or `app.swagger()`),
 * plus the documentation's own routes, which the document hides. The fuzzer goes through this list,
 * so a new route is fuzzed without anyone adding it here.
 */

export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  /** OpenAPI path with `{param}` placeholders. */
  readonly path: string;
  readonly params: readonly string[];
  /** Properties of the JSON body schema (POST). */
  readonly bodyProps: readonly string[];
  /** Those of them the schema requires. */
  readonly bodyRequired: readonly string[];
  /** The route names a bearer token. */
  readonly secured: boolean;
  /** The answer is a server-sent event stream (never ends by itself). */
  readonly stream: boolean;
}

interface OpenApiDoc {
  readonly paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema?: { properties?: Record<string, unknown>; required?: string[] } }> }; security?: unknown[]; summary?: string }>>;
}

/** Documentation routes the OpenAPI document does not list (swagger-ui's). */
const HIDDEN: readonly RouteSpec[] = [
  { method: 'GET', path: '/docs', params: [], bodyProps: [], bodyRequired: [], secured: false, stream: false },
  { method: 'GET', path: '/docs/json', params: [], bodyProps: [], bodyRequired: [], secured: false, stream: false },
  { method: 'GET', path: '/docs/yaml', params: [], bodyProps: [], bodyRequired: [], secured: false, stream: false },
  { method: 'GET', path: '/docs/static/{file}', params: ['file'], bodyProps: [], bodyRequired: [], secured: false, stream: false },
];

export function routesOf(doc: unknown): RouteSpec[] {
  const out: RouteSpec[] = [];
  for (const [path, ops] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const m = method.toUpperCase();
      if (m !== 'GET' && m !== 'POST') throw new Error(`route ${m} ${path}: the fuzzer knows GET and POST only`);
      const schema = op.requestBody?.content['application/json']?.schema;
      out.push({
        method: m,
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        bodyProps: Object.keys(schema?.properties ?? {}),
        bodyRequired: schema?.required ?? [],
        secured: (op.security ?? []).length > 0,
        stream: /server-sent events/i.test(op.summary ?? ''),
      });
    }
  }
  return [...out, ...HIDDEN];
}

export const routeName = (r: RouteSpec): string => `${r.method} ${r.path}`;
