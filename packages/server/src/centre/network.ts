/**
 * The centres a server instance hosts, each a CentreHost on the shared event store.
 */
import type { CentreConfig, QueueEvent } from '@asan/queue-core';
import { ServerError } from '../errors.ts';
import type { EventStore } from '../store/event-store.ts';
import { CentreHost, type CentreHostOptions } from './centre-host.ts';

export type EventListener = (host: CentreHost, events: readonly QueueEvent[]) => void;

export class CentreNetwork {
  private readonly listeners = new Set<EventListener>();
  private readonly hosts = new Map<string, CentreHost>();
  private constructor() {}

  static async open(configs: readonly CentreConfig[], options: Omit<CentreHostOptions, 'onEvents'>): Promise<CentreNetwork> {
    const net = new CentreNetwork();
    const onEvents: CentreHostOptions['onEvents'] = (host, events) => {
      for (const l of net.listeners) l(host, events);
    };
    for (const cfg of configs) net.hosts.set(cfg.id, await CentreHost.open(cfg, { ...options, onEvents }));
    return net;
  }

  /** Called with every batch of events applied on any centre (own appends and catch-ups). */
  onEvents(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(centre: string): CentreHost {
    const host = this.hosts.get(centre);
    if (!host) throw new ServerError('SRV_ERR_UNKNOWN_CENTRE', { centre });
    return host;
  }

  /** The host of a centre, or undefined (for messages that may name anything). */
  find(centre: string): CentreHost | undefined {
    return this.hosts.get(centre);
  }

  all(): CentreHost[] {
    return [...this.hosts.values()];
  }

  /** Resolves when no centre is writing a snapshot (before the store is closed). */
  async idle(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.snapshots.idle()));
  }

  /** Commands queued or running, all centres. */
  get pending(): number {
    let n = 0;
    for (const h of this.hosts.values()) n += h.pending;
    return n;
  }
}
