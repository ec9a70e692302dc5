/**
 * Starts the time-driven work: on BullMQ when the store is Redis (one tick per centre and interval
 * across all instances, retried webhook deliveries), on in-process timers with the embedded store.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../http/context.ts';
import { BullmqJobs } from './bullmq-jobs.ts';
import { RemoteTickets } from './remote-tickets.ts';
import { TimerJobs } from './timer-jobs.ts';

export interface Jobs {
  stop(): Promise<void>;
}

export function remoteTicketsOf(ctx: AppContext): Map<string, RemoteTickets> {
  const remote = new Map<string, RemoteTickets>();
  for (const h of ctx.network.all()) remote.set(h.id, new RemoteTickets(() => h.centre));
  ctx.network.onEvents((host, events) => remote.get(host.id)?.observe(events));
  return remote;
}

export async function startJobs(ctx: AppContext, log: FastifyBaseLogger): Promise<Jobs> {
  const remote = remoteTicketsOf(ctx);
  const store = ctx.config.store;
  if (store.kind === 'redis') return BullmqJobs.start(ctx, log, remote, store.url, store.prefix);
  return TimerJobs.start(ctx, log, remote, { immediate: true });
}
