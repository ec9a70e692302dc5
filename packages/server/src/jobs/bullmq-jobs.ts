/**
 * Time-driven work on BullMQ (Redis store). Two queues under the deployment's prefix:
 * - `asan-tick`: one job scheduler per centre repeats every `tickIntervalMs`; whichever instance's
 *   worker takes a job ticks that centre (through the same optimistic append as any command) and
 *   enqueues the notifications that became due;
 * - `asan-notify`: one job per notification, its id the notification's id, so the same
 *   notification is enqueued once whichever instance finds it; delivery is retried with backoff.
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { AppContext } from '../http/context.ts';
import { jobsPrefix } from '../store/redis-keys.ts';
import type { Notification, RemoteTickets } from './remote-tickets.ts';
import { dueNotifications, tickCentre } from './time-work.ts';
import { payloadOf, postWebhook } from './webhook.ts';

const TICK = 'asan-tick';
const NOTIFY = 'asan-notify';

export class BullmqJobs {
  private constructor(
    private readonly connection: Redis,
    private readonly queues: readonly Queue[],
    private readonly workers: readonly Worker[],
    private readonly stopping: AbortController,
  ) {}

  static async start(ctx: AppContext, log: FastifyBaseLogger, remote: ReadonlyMap<string, RemoteTickets>, url: string, storePrefix: string): Promise<BullmqJobs> {
    // BullMQ workers block on Redis: they need their own connection with unlimited retries.
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    // Aborts a webhook delivery in flight at stop: the job fails and BullMQ retries it later (here
    // or on another instance), instead of the shutdown waiting up to webhookTimeoutMs for it.
    const stopping = new AbortController();
    const opts = { connection: connection as unknown as ConnectionOptions, prefix: jobsPrefix(storePrefix) };
    const tickQueue = new Queue<{ centre: string }>(TICK, opts);
    const notifyQueue = new Queue<Notification>(NOTIFY, opts);

    const tickWorker = new Worker<{ centre: string }>(
      TICK,
      async (job) => {
        const host = ctx.network.get(job.data.centre);
        const transitions = await tickCentre(ctx, host);
        const r = remote.get(host.id);
        const due = r ? await dueNotifications(ctx, host, r) : [];
        for (const n of due) {
          await notifyQueue.add('notify', n, { jobId: n.id, attempts: 5, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } });
        }
        return { transitions, notifications: due.length };
      },
      { ...opts, concurrency: 1 },
    );
    const notifyWorker = new Worker<Notification>(
      NOTIFY,
      async (job) => {
        const webhook = ctx.config.jobs.webhookUrl;
        if (webhook === null) return;
        try {
          await postWebhook(webhook, ctx.config.jobs.webhookTimeoutMs, payloadOf(job.data, ctx.hash), stopping.signal);
          ctx.metrics.notifications.inc({ kind: job.data.kind, outcome: 'sent' });
        } catch (err) {
          ctx.metrics.notifications.inc({ kind: job.data.kind, outcome: 'failed' });
          throw err;
        }
      },
      { ...opts, concurrency: 4 },
    );
    for (const w of [tickWorker, notifyWorker]) w.on('failed', (job, err) => log.warn({ queue: w.name, job: job?.id, err: err.message }, 'job failed'));
    // Redis down: each queue and worker reports every reconnect attempt. Without a listener BullMQ
    // prints each with its stack to the console; log it once per message and 10 s instead.
    const lastLogged = new Map<string, number>();
    const connectionError = (err: Error): void => {
      const now = Date.now();
      if (now - (lastLogged.get(err.message) ?? -Infinity) < 10_000) return;
      lastLogged.set(err.message, now);
      log.warn({ err: err.message }, 'jobs connection error');
    };
    for (const q of [tickQueue, notifyQueue] as Queue[]) q.on('error', connectionError);
    for (const w of [tickWorker, notifyWorker] as Worker[]) w.on('error', connectionError);
    connection.on('error', connectionError);

    for (const h of ctx.network.all()) {
      await tickQueue.upsertJobScheduler(`tick-${h.id}`, { every: ctx.config.jobs.tickIntervalMs }, { name: 'tick', data: { centre: h.id }, opts: { removeOnComplete: 100, removeOnFail: 1_000 } });
    }
    return new BullmqJobs(connection, [tickQueue, notifyQueue], [tickWorker, notifyWorker], stopping);
  }

  /** Aborts webhook deliveries in flight, waits for running jobs to finish, then closes the queues and the connection. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(this.queues.map((q) => q.close()));
    await this.connection.quit();
  }
}
