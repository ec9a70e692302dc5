/**
 * The centres a server instance hosts, each a CentreHost on the shared event store.
 */
import { InvariantError, type CentreConfig, type QueueEvent } from '@asan/queue-core';
import { ServerConfigError, type ConfigProblem } from '../config/validate-config.ts';
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
    // A log the engine cannot fold with this configuration (a window, service or class it names was
    // removed since): a configuration problem per centre, all listed, not an engine invariant's stack.
    const problems: ConfigProblem[] = [];
    for (const [i, cfg] of configs.entries()) {
      try {
        net.hosts.set(cfg.id, await CentreHost.open(cfg, { ...options, onEvents }));
      } catch (err) {
        if (!(err instanceof InvariantError)) throw err;
        problems.push({
          path: `centres[${i}]`,
          message:
            `centre ${cfg.id}: its stored log cannot be folded with this configuration (${err.message.replace(/^queue-core invariant broken: /, '')}) — ` +
            'was a window, service or class the log names removed or renamed since it was written? If so, keep it in the configuration ' +
            '(a window without shifts stays closed; a service no window serves takes no new tickets), or start this centre on a new store ' +
            '(another --data-dir, or another Redis prefix)',
        });
      }
    }
    if (problems.length > 0) throw new ServerConfigError(problems);
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
