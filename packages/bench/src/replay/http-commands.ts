/**
 * One engine command as the HTTP request the server's routes take for it (all sent with the admin
 * token, which may act on every window and ticket), and the check of the server's answer against
 * the simulator's: accepted or refused with the same engine code, the same ticket id issued, booked
 * or called. Public tokens of booked tickets are kept from the booking answers for their check-ins.
 */
import type { Command } from '@asan/queue-core';
import type { HttpAnswer } from './pipelined-client.ts';
import type { RecordedCommand } from './record-day.ts';

export interface HttpCall {
  readonly method: 'POST';
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** The simulator's citizen keys (`c12`) as personal IDs the server accepts (3–32 of A-Z a-z 0-9 space -). */
export const citizenIdOf = (key: string): string => `sim-${key}`;

export class CommandMapper {
  /** Public tokens of booked tickets, by ticket id. */
  private readonly tokens = new Map<number, string>();

  constructor(private readonly centre: string) {}

  /** Whether the public token of a booked ticket is known yet (its booking's answer has arrived). */
  knows(ticket: number): boolean {
    return this.tokens.has(ticket);
  }

  call(cmd: Command): HttpCall {
    const c = `/api/centres/${this.centre}`;
    const window = (action: string): HttpCall => ({ method: 'POST', path: `${c}/windows/${(cmd as { window: number }).window}/${action}`, body: {} });
    switch (cmd.type) {
      case 'issueWalkIn':
        return {
          method: 'POST',
          path: `${c}/tickets`,
          body: { service: cmd.service, citizenId: citizenIdOf(cmd.citizen), ...(cmd.class ? { class: cmd.class } : {}), ...(cmd.channel ? { channel: cmd.channel } : {}), ...(cmd.name ? { name: cmd.name } : {}) },
        };
      case 'book': {
        if (!('service' in cmd) || cmd.service === undefined || cmd.slot === undefined) throw new Error('replay: bookings through a hold are not supported');
        return {
          method: 'POST',
          path: `${c}/bookings`,
          body: { citizenId: citizenIdOf(cmd.citizen), service: cmd.service, slot: new Date(cmd.slot).toISOString(), ...(cmd.stop ? { stop: cmd.stop } : {}), ...(cmd.class ? { class: cmd.class } : {}) },
        };
      }
      case 'checkIn': {
        const token = this.tokens.get(cmd.ticket);
        if (token === undefined) throw new Error(`replay: no public token for booked ticket ${cmd.ticket}`);
        return { method: 'POST', path: `${c}/check-in`, body: { token } };
      }
      case 'cancel':
        return { method: 'POST', path: `${c}/tickets/${cmd.ticket}/cancel`, body: cmd.reason ? { reason: cmd.reason } : {} };
      case 'resume':
        return { method: 'POST', path: `${c}/tickets/${cmd.ticket}/resume`, body: {} };
      case 'park':
        if ('ticket' in cmd && cmd.ticket !== undefined) return { method: 'POST', path: `${c}/tickets/${cmd.ticket}/park`, body: {} };
        return window('park');
      case 'openWindow':
        return window('open');
      case 'closeWindow':
        return window('close');
      case 'startBreak':
        return window('break-start');
      case 'endBreak':
        return window('break-end');
      case 'callNext':
        return window('call-next');
      case 'recall':
        return window('recall');
      case 'start':
        return window('start');
      case 'complete':
        return { ...window('complete'), body: cmd.rating !== undefined ? { rating: cmd.rating } : {} };
      case 'noShow':
        return window('no-show');
      case 'requeue':
        return window('requeue');
      case 'tick':
        return { method: 'POST', path: `${c}/tick`, body: {} };
      default:
        throw new Error(`replay: command ${cmd.type} has no route in the replay`);
    }
  }

  /** Compares the server's answer with the simulator's; returns a description of the difference, or null. */
  check(rec: RecordedCommand, answer: HttpAnswer): string | null {
    const body = (answer.body ?? {}) as { ticket?: number | null; token?: string; engineCode?: string; code?: string };
    const ok = answer.status >= 200 && answer.status < 300;
    if (rec.refused !== null) {
      if (ok) return `${rec.cmd.type}: the simulator's engine refused (${rec.refused}), the server accepted (${answer.status})`;
      return body.engineCode === rec.refused ? null : `${rec.cmd.type}: refused with ${body.engineCode ?? body.code} (${answer.status}), the simulator's engine with ${rec.refused}`;
    }
    if (!ok) return `${rec.cmd.type}: the server answered ${answer.status} ${JSON.stringify(answer.body)}; the simulator's engine accepted`;
    if (rec.cmd.type === 'book') {
      const id = body.token ? Number.parseInt(body.token.split('.')[0]!, 36) : NaN;
      if (id !== rec.ticket) return `book: the server booked ticket ${id}, the simulator ${rec.ticket}`;
      this.tokens.set(id, body.token!);
      return null;
    }
    if ((rec.cmd.type === 'issueWalkIn' || rec.cmd.type === 'callNext') && (body.ticket ?? null) !== rec.ticket) {
      return `${rec.cmd.type}: ticket ${body.ticket} from the server, ${rec.ticket} from the simulator`;
    }
    return null;
  }
}
