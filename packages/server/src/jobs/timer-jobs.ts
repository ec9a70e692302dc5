/**
 * Time-driven work on in-process timers (embedded store, no Redis): every `tickIntervalMs`, each
 * centre is ticked, then due notifications are posted to the webhook (one attempt each; a failed
 * delivery is logged and counted). `round()` is the whole work of one interval, for tests.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../http/context.ts';
import type { RemoteTickets } from './remote-tickets.ts';
import { dueNotifications, tickCentre } from './time-work.ts';
import { payloadOf, postWebhook } from './webhook.ts';

export class TimerJobs {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

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
      this.running = this.round().finally(() => this.schedule(this.ctx.config.jobs.tickIntervalMs));
    }, delayMs);
    this.timer.unref();
  }

  /** One interval's work for every centre. Errors are logged, never thrown. */
  async round(): Promise<void> {
    const { ctx } = this;
    for (const host of ctx.network.all()) {
      try {
        await tickCentre(ctx, host);
        const remote = this.remote.get(host.id);
        const url = ctx.config.jobs.webhookUrl;
        if (!remote || url === null) continue;
        for (const n of await dueNotifications(ctx, host, remote)) {
          try {
            await postWebhook(url, ctx.config.jobs.webhookTimeoutMs, payloadOf(n, ctx.hash));
            ctx.metrics.notifications.inc({ kind: n.kind, outcome: 'sent' });
          } catch (err) {
            ctx.metrics.notifications.inc({ kind: n.kind, outcome: 'failed' });
            this.log.warn({ notification: n.id, err: String(err) }, 'webhook delivery failed');
          }
        }
      } catch (err) {
        this.log.error({ centre: host.id, err: String(err) }, 'time-driven work failed');
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
