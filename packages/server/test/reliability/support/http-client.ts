/**
 * The clients' side of the wire: one JSON request to a real server, its status, parsed answer and
 * duration. A transport failure (connection refused or reset, time-out) is status 0, not a throw, so
 * load loops can count it as "not acknowledged" and go on.
 */

export interface Call {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  /** Bearer token. */
  readonly token?: string;
  /** JSON body (POST); sent as given when it is a string. */
  readonly body?: unknown;
  /** Idempotency-Key header. */
  readonly key?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Client-side time-out (the answer counts as a transport failure). Default 30 s. */
  readonly timeoutMs?: number;
}

export interface Reply {
  /** HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  /** Parsed JSON, or the text when it is not JSON. */
  readonly body: unknown;
  readonly text: string;
  readonly ms: number;
  readonly error?: string;
}

export async function send(base: string, call: Call): Promise<Reply> {
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  if (call.key !== undefined) headers['idempotency-key'] = call.key;
  let payload: string | undefined;
  if (call.body !== undefined) {
    payload = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    headers['content-type'] ??= 'application/json';
  }
  const started = performance.now();
  try {
    const res = await fetch(base + call.path, { method: call.method ?? (call.body === undefined ? 'GET' : 'POST'), headers, body: payload, signal: AbortSignal.timeout(call.timeoutMs ?? 30_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (pages, metrics): keep the text
    }
    return { status: res.status, body, text, ms: performance.now() - started };
  } catch (err) {
    return { status: 0, body: null, text: '', ms: performance.now() - started, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

/** The `code` of a coded refusal, or '' for anything else. */
export function codeOf(reply: Reply): string {
  const b = reply.body as { code?: unknown } | null;
  return b && typeof b === 'object' && typeof b.code === 'string' ? b.code : '';
}

/** Sends a POST, resending it with the same Idempotency-Key while it answers 503 (bounded). */
export async function sendRetrying(base: () => string, call: Call & { key: string }, attempts = 50): Promise<Reply> {
  let reply = await send(base(), call);
  for (let i = 1; i < attempts && reply.status === 503; i++) reply = await send(base(), call);
  return reply;
}
