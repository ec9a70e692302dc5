/**
 * Prometheus metrics (prom-client), one registry per app so several apps can live in one process
 * (tests). Served at GET /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { centreLoadOf } from './centre/load-memo.ts';
import type { CentreNetwork } from './centre/network.ts';

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Histogram<'method' | 'route' | 'status'>;
  readonly commands: Counter<'centre' | 'command' | 'outcome'>;
  readonly appends: Counter<'centre' | 'outcome'>;
  readonly events: Counter<'centre'>;
  readonly notifications: Counter<'kind' | 'outcome'>;

  constructor(network: () => CentreNetwork | undefined, liveClients: () => number, defaults: boolean) {
    const registers = [this.registry];
    if (defaults) collectDefaultMetrics({ register: this.registry });
    this.requests = new Histogram({ name: 'asan_http_request_seconds', help: 'HTTP request duration', labelNames: ['method', 'route', 'status'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers });
    this.commands = new Counter({ name: 'asan_commands_total', help: 'Commands by type and outcome (ok, refused code)', labelNames: ['centre', 'command', 'outcome'], registers });
    this.appends = new Counter({ name: 'asan_store_appends_total', help: 'Append attempts: ok, or conflict (another instance appended first)', labelNames: ['centre', 'outcome'], registers });
    this.events = new Counter({ name: 'asan_events_applied_total', help: 'Events applied (own and caught up)', labelNames: ['centre'], registers });
    this.notifications = new Counter({ name: 'asan_notifications_total', help: 'Webhook notifications', labelNames: ['kind', 'outcome'], registers });
    new Gauge({
      name: 'asan_waiting_tickets',
      help: 'Tickets waiting now, per centre',
      labelNames: ['centre'],
      registers,
      collect() {
        for (const h of network()?.all() ?? []) this.set({ centre: h.id }, centreLoadOf(h.centre).waiting);
      },
    });
    new Gauge({
      name: 'asan_live_clients',
      help: 'Open server-sent event streams',
      registers,
      collect() {
        this.set(liveClients());
      },
    });
  }
}
