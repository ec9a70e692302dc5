/**
 * Server-sent events: pages subscribe to a centre and get its public snapshot (last calls, load per
 * service, window status) whenever events change it. Several batches in one turn of the event loop
 * are sent once. Nothing personal is sent: the board's display name is the only name.
 */
import type { ServerResponse } from 'node:http';
import type { CentreHost } from '../centre/centre-host.ts';
import { publicSnapshot, type PublicSnapshot } from './public-snapshot.ts';

export class LiveHub {
  private readonly clients = new Map<string, Set<ServerResponse>>();
  private readonly dirty = new Map<string, CentreHost>();
  private flushScheduled = false;

  constructor(private readonly clock: () => number) {}

  get size(): number {
    let n = 0;
    for (const s of this.clients.values()) n += s.size;
    return n;
  }

  /** Takes over a response as an event stream; it gets the current snapshot at once. */
  subscribe(host: CentreHost, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let set = this.clients.get(host.id);
    if (!set) this.clients.set(host.id, (set = new Set()));
    set.add(res);
    res.on('close', () => set.delete(res));
    send(res, publicSnapshot(host.centre, this.clock()));
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
        const snap = publicSnapshot(h.centre, this.clock());
        for (const res of this.clients.get(h.id) ?? []) send(res, snap);
      }
      this.dirty.clear();
    });
  }

  /** Ends every stream (shutdown): open streams would otherwise keep the server from closing. */
  closeAll(): void {
    for (const set of this.clients.values()) {
      for (const res of set) res.end();
      set.clear();
    }
  }
}

function send(res: ServerResponse, snap: PublicSnapshot): void {
  res.write(`event: snapshot\nid: ${snap.version}\ndata: ${JSON.stringify(snap)}\n\n`);
}
