/**
 * Prometheus metrics (prom-client), one registry per app so several apps can live in one process
 * (tests). Served at GET /metrics.
 */
import { Counter, Gauge, type Metric, Registry, collectDefaultMetrics } from 'prom-client';
import { centreLoadOf } from './centre/load-memo.ts';
import type { CentreNetwork } from './centre/network.ts';

/** Upper bounds (seconds) of the request-duration buckets. */
const REQUEST_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] as const;

/** One label set of the request-duration histogram: its bucket counts (not cumulative), sum and count. */
export class DurationSeries {
  readonly counts = new Float64Array(REQUEST_BUCKETS.length);
  sum = 0;
  count = 0;

  constructor(readonly labels: Readonly<Record<string, string>>) {}

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < REQUEST_BUCKETS.length; i++) {
      if (seconds <= REQUEST_BUCKETS[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

/**
 * `asan_http_request_seconds`, observed on every request. prom-client's Histogram hashes the label
 * object on every `observe` (~0.45 µs, also through `.labels()`); here a route keeps its series per
 * status and an observation is a few additions. Registered in the registry as a metric of its own,
 * exposed exactly as prom-client's Histogram would expose it (buckets with `le`, +Inf, sum, count).
 */
export class RequestDurations {
  readonly name = 'asan_http_request_seconds';
  readonly help = 'HTTP request duration';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** Every series, in the order they were first observed (the exposition's order). */
  private readonly all: DurationSeries[] = [];
  /** route → method → status → series: lookups by the route's and method's own strings (their hashes are cached) and a number — no key built per request. */
  private readonly byRoute = new Map<string, Map<string, Map<number, DurationSeries>>>();

  /** The series of one method, route and status (made on first use). */
  series(method: string, route: string, status: number): DurationSeries {
    let byMethod = this.byRoute.get(route);
    if (byMethod === undefined) this.byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let s = byStatus.get(status);
    if (s === undefined) {
      s = new DurationSeries({ method, route, status: String(status) });
      byStatus.set(status, s);
      this.all.push(s);
    }
    return s;
  }

  /** prom-client's shape for the text exposition (labels of the series as shared labels). */
  getForPromString(): { name: string; help: string; type: string; aggregator: string; values: { labels: Record<string, string | number>; sharedLabels: Readonly<Record<string, string>>; value: number; metricName: string }[] } {
    const values: { labels: Record<string, string | number>; sharedLabels: Readonly<Record<string, string>>; value: number; metricName: string }[] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.all) {
      let acc = 0;
      for (let i = 0; i < REQUEST_BUCKETS.length; i++) {
        acc += s.counts[i]!;
        values.push({ labels: { le: REQUEST_BUCKETS[i]! }, sharedLabels: s.labels, value: acc, metricName: bucket });
      }
      values.push({ labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: bucket });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** As prom-client's `get()`: every value with all its labels. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: { value: number; metricName: string; exemplar: null; labels: Record<string, string | number> }[] }> {
    const m = this.getForPromString();
    return { ...m, values: m.values.map(({ labels, sharedLabels, value, metricName }) => ({ value, metricName, exemplar: null, labels: { ...labels, ...sharedLabels } })) };
  }

  reset(): void {
    this.all.length = 0;
    this.byRoute.clear();
  }
}

/**
 * Increments of a prom-client counter kept in plain cells (found through nested maps by label
 * values, no label object hashed per increment) and added to the counter when it is read (its
 * `collect`, which prom-client runs before every scrape and `get()`).
 */
function step(map: Map<string, unknown>, key: string): Map<string, unknown> {
  let next = map.get(key) as Map<string, unknown> | undefined;
  if (next === undefined) map.set(key, (next = new Map()));
  return next;
}

class CounterCells<L extends string> {
  private readonly root = new Map<string, unknown>();
  private readonly cells: { labels: Partial<Record<L, string>>; n: number }[] = [];

  constructor(private readonly names: readonly L[]) {}

  /** Counts `n` for the label values `a`, `b`, `c` (as many as there are names, in their order). */
  add(n: number, a: string, b?: string, c?: string): void {
    const depth = this.names.length;
    let map = this.root;
    if (depth > 1) map = step(map, a);
    if (depth > 2) map = step(map, b!);
    const last = depth === 1 ? a : depth === 2 ? b! : c!;
    let cell = map.get(last) as { labels: Partial<Record<L, string>>; n: number } | undefined;
    if (cell === undefined) {
      const values = [a, b, c];
      const labels: Partial<Record<L, string>> = {};
      this.names.forEach((name, i) => (labels[name] = values[i]));
      cell = { labels, n: 0 };
      map.set(last, cell);
      this.cells.push(cell);
    }
    cell.n += n;
  }

  flushInto(counter: Counter<L>): void {
    for (const cell of this.cells) {
      if (cell.n === 0) continue;
      counter.inc(cell.labels, cell.n);
      cell.n = 0;
    }
  }
}

export class Metrics {
  readonly registry = new Registry();
  readonly requests = new RequestDurations();
  readonly commands: Counter<'centre' | 'command' | 'outcome'>;
  readonly appends: Counter<'centre' | 'outcome'>;
  readonly events: Counter<'centre'>;
  readonly notifications: Counter<'kind' | 'outcome'>;
  private readonly commandCells = new CounterCells<'centre' | 'command' | 'outcome'>(['centre', 'command', 'outcome']);
  private readonly appendCells = new CounterCells<'centre' | 'outcome'>(['centre', 'outcome']);
  private readonly eventCells = new CounterCells<'centre'>(['centre']);

  constructor(network: () => CentreNetwork | undefined, liveClients: () => number, defaults: boolean) {
    const registers = [this.registry];
    if (defaults) collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(this.requests as unknown as Metric);
    const commandCells = this.commandCells;
    const appendCells = this.appendCells;
    const eventCells = this.eventCells;
    this.commands = new Counter({ name: 'asan_commands_total', help: 'Commands by type and outcome (ok, refused code)', labelNames: ['centre', 'command', 'outcome'], registers, collect() { commandCells.flushInto(this); } });
    this.appends = new Counter({ name: 'asan_store_appends_total', help: 'Append attempts: ok, or conflict (another instance appended first)', labelNames: ['centre', 'outcome'], registers, collect() { appendCells.flushInto(this); } });
    this.events = new Counter({ name: 'asan_events_applied_total', help: 'Events applied (own and caught up)', labelNames: ['centre'], registers, collect() { eventCells.flushInto(this); } });
    this.notifications = new Counter({ name: 'asan_notifications_total', help: 'Webhook notifications', labelNames: ['kind', 'outcome'], registers });
    new Gauge({
      name: 'asan_waiting_tickets',
      help: 'Tickets waiting now, per centre',
      labelNames: ['centre'],
      registers,
      // Read like a route (CentreHost.read): never counted from a group whose append is still in
      // flight. A centre whose store cannot be read keeps its last value for this scrape.
      async collect() {
        const hosts = network()?.all() ?? [];
        const counts = await Promise.allSettled(hosts.map((h) => h.read((centre) => centreLoadOf(centre).waiting)));
        counts.forEach((c, i) => {
          if (c.status === 'fulfilled') this.set({ centre: hosts[i]!.id }, c.value);
        });
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

  /** `asan_commands_total{centre, command, outcome}` + 1 (on the request path: no label object hashed). */
  countCommand(centre: string, command: string, outcome: string): void {
    this.commandCells.add(1, centre, command, outcome);
  }

  /** `asan_store_appends_total{centre, outcome}` + 1. */
  countAppend(centre: string, outcome: string): void {
    this.appendCells.add(1, centre, outcome);
  }

  /** `asan_events_applied_total{centre}` + n. */
  countEvents(centre: string, n: number): void {
    this.eventCells.add(n, centre);
  }
}
