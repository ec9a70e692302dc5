/**
 * Time-driven work on in-process timers (embedded store, no Redis): every `tickIntervalMs`, each
 * centre is ticked, then due notifications are posted to the webhook (one attempt each; a failed
 * delivery is logged and counted). Deliveries run beside the ticks, at most DELIVERY_CONCURRENCY at
 * a time: a receiver that is slow or never answers (each attempt up to `webhookTimeoutMs`) holds up
 * neither the other centres' ticks nor the next interval's, and `stop()` aborts them (a shutdown does
 * not wait for the receiver). `round()` is the whole work of one interval, deliveries included, for tests.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../http/context.ts';
import type { Notification, RemoteTickets } from './remote-tickets.ts';
import { dueNotifications, tickCentre } from './time-work.ts';
import { payloadOf, postWebhook } from './webhook.ts';

/** Webhook deliveries in flight at a time (as the BullMQ notify worker's concurrency). */
export const DELIVERY_CONCURRENCY = 4;

export class TimerJobs {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Aborts the deliveries in flight at stop. */
  private readonly stopping = new AbortController();
  /** Notifications found due, waiting for a delivery slot. */
  private readonly outbox: Notification[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Resolved when the outbox is empty and nothing is in flight. */
  private drained: { promise: Promise<void>; resolve: () => void } | undefined;

  private constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
    private readonly remote: ReadonlyMap<string, RemoteTickets>,
  ) {}

  /** `immediate`: run the first round now (at start-up the roster may already want windows open). */
  static start(ctx: AppContext, log: FastifyBaseLogger, remote: ReadonlyMap<string, RemoteTickets>, options: { immediate: boolean }): TimerJobs {
    const jobs = new TimerJobs(ctx, log, remote);
    jobs.schedule(options.immediate ? 0 : ctx.config.jobs.tickIntervalMs);
    return jobs;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tickAll().finally(() => this.schedule(this.ctx.config.jobs.tickIntervalMs));
    }, delayMs);
    this.timer.unref();
  }

  /** One interval's work for every centre, and its webhook deliveries. Errors are logged, never thrown. */
  async round(): Promise<void> {
    await this.tickAll();
    await this.deliveries();
  }

  /** Ticks every centre and queues the notifications that became due (delivered beside the ticks). */
  private async tickAll(): Promise<void> {
    const { ctx } = this;
    for (const host of ctx.network.all()) {
      try {
        await tickCentre(ctx, host);
        const remote = this.remote.get(host.id);
        if (!remote || ctx.config.jobs.webhookUrl === null) continue;
        this.outbox.push(...(await dueNotifications(ctx, host, remote)));
        this.pump();
      } catch (err) {
        this.log.error({ centre: host.id, err: String(err) }, 'time-driven work failed');
      }
    }
  }

  /** Starts deliveries from the outbox while slots are free. */
  private pump(): void {
    const url = this.ctx.config.jobs.webhookUrl;
    while (!this.stopped && url !== null && this.inFlight.size < DELIVERY_CONCURRENCY && this.outbox.length > 0) {
      const n = this.outbox.shift()!;
      const p: Promise<void> = this.deliver(url, n).finally(() => {
        this.inFlight.delete(p);
        this.pump();
        if (this.inFlight.size === 0 && (this.outbox.length === 0 || this.stopped)) this.drained?.resolve();
      });
      this.inFlight.add(p);
    }
  }

  private async deliver(url: string, n: Notification): Promise<void> {
    const { ctx } = this;
    try {
      await postWebhook(url, ctx.config.jobs.webhookTimeoutMs, payloadOf(n, ctx.hash), this.stopping.signal);
      ctx.metrics.notifications.inc({ kind: n.kind, outcome: 'sent' });
    } catch (err) {
      ctx.metrics.notifications.inc({ kind: n.kind, outcome: 'failed' });
      this.log.warn({ notification: n.id, err: String(err) }, this.stopped ? 'webhook delivery aborted: shutting down' : 'webhook delivery failed');
    }
  }

  /** Resolves when every queued delivery has been attempted. */
  private deliveries(): Promise<void> {
    if (this.inFlight.size === 0 && (this.outbox.length === 0 || this.stopped)) return Promise.resolve();
    if (!this.drained) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r)).finally(() => (this.drained = undefined));
      this.drained = { promise, resolve };
    }
    return this.drained.promise;
  }

  /** Stops the timer, waits for the ticks running, aborts the deliveries in flight and drops those not started. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
    const dropped = this.outbox.splice(0);
    for (const n of dropped) this.ctx.metrics.notifications.inc({ kind: n.kind, outcome: 'failed' });
    if (dropped.length > 0) this.log.warn({ dropped: dropped.length }, 'webhook deliveries not sent: shutting down');
    await Promise.all([...this.inFlight]);
  }
}
