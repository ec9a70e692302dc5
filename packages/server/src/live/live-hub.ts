/**
 * Server-sent events: pages subscribe to a centre and get its public snapshot (last calls, load per
 * service, window status) whenever events change it. Several batches in one turn of the event loop
 * are sent once. Nothing personal is sent: the board's display name is the only name.
 *
 * A snapshot is read like any other read (`CentreHost.read`): it shows only events that are in the
 * log, never a group decided in memory whose append is still in flight (or failed). A page never
 * gets a snapshot older than, or the same as, one it already has. When the read fails (the store is down), the
 * stream ends and the page's EventSource reconnects after RETRY_MS.
 *
 * Each snapshot's SSE `id` is the centre's version. An EventSource that reconnects sends the last id
 * it got as `Last-Event-ID`; when that is the current version the page already has the current
 * snapshot, so the new stream starts with none — only a `clock` event (the server's time and the
 * centre's UTC offset, no id), so the board's clock stays the server's — and sends the next change
 * (a board behind a proxy that cuts idle streams is not sent the whole snapshot again on every
 * reconnect). Any other id — older, or ahead of the log (a page that saw another store) — gets the
 * current snapshot.
 */
import type { ServerResponse } from 'node:http';
import type { CentreHost } from '../centre/centre-host.ts';
import { publicSnapshot, type PublicSnapshot } from './public-snapshot.ts';

/** How long a page waits before it reconnects after its stream ended (the SSE `retry` field). */
export const RETRY_MS = 2000;

/**
 * Bytes a stream may have waiting unsent (Node's buffer, after the kernel's is full) before it is
 * ended: a page that stopped reading (a frozen tab, a stalled proxy) would otherwise keep every
 * snapshot in the server's memory. Its EventSource reconnects and gets the current snapshot.
 */
export const LIVE_MAX_BUFFERED_BYTES = 1024 * 1024;

export interface LiveHubOptions {
  /** Every this many ms each stream gets a `clock` event (0: never); see `heartbeat`. */
  readonly heartbeatMs: number;
  /** The server's clock (epoch ms). */
  readonly clock: () => number;
}

export class LiveHub {
  private readonly clients = new Map<string, Set<ServerResponse>>();
  /** The host of each centre with streams (its UTC offset for the heartbeat). */
  private readonly hosts = new Map<string, CentreHost>();
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveHubOptions) {}
  /** Version of the last snapshot each stream got. */
  private readonly sent = new WeakMap<ServerResponse, number>();
  private readonly dirty = new Map<string, CentreHost>();
  private flushScheduled = false;

  get size(): number {
    let n = 0;
    for (const s of this.clients.values()) n += s.size;
    return n;
  }

  /**
   * Takes over a response as an event stream; it gets the current snapshot at once, unless
   * `lastVersion` (the page's Last-Event-ID) is the current version: the page has that one.
   */
  subscribe(host: CentreHost, res: ServerResponse, lastVersion?: number): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let set = this.clients.get(host.id);
    if (!set) this.clients.set(host.id, (set = new Set()));
    this.hosts.set(host.id, host);
    if (this.heartbeatTimer === undefined && this.options.heartbeatMs > 0) {
      this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatMs).unref();
    }
    set.add(res);
    res.on('close', () => set.delete(res));
    res.write(`retry: ${RETRY_MS}\n\n`);
    host.read(publicSnapshot).then(
      (snap) => {
        // Marked as sent (unless a change already sent a newer one): the next change is sent.
        if (snap.version === lastVersion && !this.sent.has(res)) {
          this.sent.set(res, snap.version);
          writeClock(res, snap.at, snap.utcOffsetMin);
        } else this.send(res, snap);
      },
      () => this.drop(host.id, res),
    );
  }

  /** Events were applied to a centre: push a fresh snapshot to its pages (once per turn). */
  changed(host: CentreHost): void {
    if (!this.clients.get(host.id)?.size) return;
    this.dirty.set(host.id, host);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      for (const h of this.dirty.values()) {
        h.read(publicSnapshot).then(
          (snap) => {
            for (const res of this.clients.get(h.id) ?? []) this.send(res, snap);
          },
          () => {
            for (const res of this.clients.get(h.id) ?? []) this.drop(h.id, res);
          },
        );
      }
      this.dirty.clear();
    });
  }

  /**
   * Every `heartbeatMs`, each stream gets a `clock` event (the server's time and its centre's UTC
   * offset, no id): a quiet stream is not cut by a proxy or load balancer that ends idle connections,
   * and a board whose kiosk clock was changed while it runs shows the centre's time again.
   */
  private heartbeat(): void {
    const at = this.options.clock();
    for (const [centre, set] of this.clients) {
      if (set.size === 0) continue;
      const utcOffsetMin = this.hosts.get(centre)!.centre.config.offsetMs / 60_000;
      for (const res of set) writeClock(res, at, utcOffsetMin);
    }
  }

  /** Ends every stream (shutdown): open streams would otherwise keep the server from closing. */
  closeAll(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    for (const set of this.clients.values()) {
      for (const res of set) res.end();
      set.clear();
    }
  }

  private send(res: ServerResponse, snap: PublicSnapshot): void {
    if (res.writableEnded || (this.sent.get(res) ?? -1) >= snap.version) return;
    this.sent.set(res, snap.version);
    res.write(`event: snapshot\nid: ${snap.version}\ndata: ${JSON.stringify(snap)}\n\n`);
    // A page that stopped reading: destroyed, not ended (ending would wait to flush what it never reads).
    if (res.writableLength > LIVE_MAX_BUFFERED_BYTES) {
      for (const set of this.clients.values()) set.delete(res);
      res.destroy();
    }
  }

  /** Ends a stream whose snapshot could not be read: the page reconnects after RETRY_MS. */
  private drop(centre: string, res: ServerResponse): void {
    this.clients.get(centre)?.delete(res);
    res.end();
  }
}

/** A `clock` event: the server's time and the centre's UTC offset, without an id (the page's Last-Event-ID stays its snapshot's). */
function writeClock(res: ServerResponse, at: number, utcOffsetMin: number): void {
  if (!res.writableEnded) res.write(`event: clock\ndata: ${JSON.stringify({ at, utcOffsetMin })}\n\n`);
}
