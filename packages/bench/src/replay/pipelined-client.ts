/**
 * HTTP/1.1 pipelining on one connection to 127.0.0.1: requests are written at once, up to `window`
 * unanswered; answers come back in the order the requests were sent (HTTP/1.1 requires it). The
 * server decides pipelined writes in arrival order, each at the time its own request set (replay
 * clock), so a replay keeps the simulator's order while the server commits many commands per write.
 * Only what the server sends is parsed: status line, headers, Content-Length bodies.
 */
import { connect, type Socket } from 'node:net';
export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

interface Waiting {
  resolve: (a: HttpAnswer) => void;
  reject: (e: Error) => void;
}

export class PipelinedClient {
  private readonly socket: Socket;
  private readonly ready: Promise<void>;
  private readonly waiting: Waiting[] = [];
  private readonly hostHeader: string;
  private buffer: Buffer = Buffer.alloc(0);
  private failed: Error | null = null;
  private slotFreed: (() => void) | null = null;

  constructor(
    base: string,
    private readonly window: number,
  ) {
    const m = /^http:\/\/127\.0\.0\.1:(\d+)$/.exec(base);
    if (!m) throw new Error(`replays go to 127.0.0.1 only, not ${base}`);
    this.hostHeader = `127.0.0.1:${m[1]}`;
    this.socket = connect({ host: '127.0.0.1', port: Number(m[1]) });
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.waiting.length;
  }

  /**
   * Sends a request once fewer than `window` are unanswered; resolves when sent, with the promise
   * of its answer (wrapped: a promise resolved with a promise would wait for the answer too).
   */
  async send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ readonly answer: Promise<HttpAnswer> }> {
    await this.ready;
    while (this.waiting.length >= this.window) await new Promise<void>((r) => (this.slotFreed = r));
    if (this.failed) throw this.failed;
    const payload = body === undefined ? '' : JSON.stringify(body);
    const head = [`${method} ${path} HTTP/1.1`, `host: ${this.hostHeader}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    if (body !== undefined) head.push('content-type: application/json', `content-length: ${Buffer.byteLength(payload)}`);
    const answer = new Promise<HttpAnswer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.socket.write(`${head.join('\r\n')}\r\n\r\n${payload}`);
    return { answer };
  }

  /** Waits until every request sent has its answer. */
  async drain(): Promise<void> {
    while (this.waiting.length > 0) await new Promise<void>((r) => (this.slotFreed = r));
    if (this.failed) throw this.failed;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = this.buffer.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (this.buffer.length < end + 4 + length) return;
      const text = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      const w = this.waiting.shift();
      if (!w) return this.fail(new Error('an answer nobody asked for'));
      w.resolve({ status, body: parsed });
      this.wake();
    }
  }

  private wake(): void {
    const f = this.slotFreed;
    this.slotFreed = null;
    f?.();
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    for (const w of this.waiting.splice(0)) w.reject(err);
    this.wake();
  }
}
