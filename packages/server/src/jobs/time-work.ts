/**
 * The time-driven work of one centre, whoever schedules it (BullMQ or in-process timers): run the
 * engine's `tick` (booking expiry, recall time-outs, roster, end of day), then list the
 * notifications that have become due.
 */
import type { CentreHost } from '../centre/centre-host.ts';
import type { AppContext } from '../http/context.ts';
import type { Notification, RemoteTickets } from './remote-tickets.ts';

export async function tickCentre(ctx: AppContext, host: CentreHost): Promise<number> {
  const answer = await host.run<{ transitions: number }>((now) => ({ type: 'tick', now }), (r) => ({ status: 200, body: r }));
  return (answer.body as { transitions: number }).transitions;
}

export async function dueNotifications(ctx: AppContext, host: CentreHost, remote: RemoteTickets): Promise<Notification[]> {
  if (ctx.config.jobs.webhookUrl === null) return [];
  return host.read((_c, now) => remote.due(now, ctx.config.jobs.notifyAtPeopleAhead, ctx.config.jobs.bookingReminderMs));
}
