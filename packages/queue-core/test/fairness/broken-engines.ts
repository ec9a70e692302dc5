/**
 * Deliberately broken engines, built around the real Centre with its public API only (decide →
 * tamper with the events → apply). broken-engines.prop.test.ts runs the fairness properties on
 * each and requires every one to be caught: the tests can fail.
 */
import { Centre, type CallResult, type Command, type Outcome, type QueueEvent, type TicketView } from '../../src/index.ts';
import type { Sut, Tamper } from './sut.ts';

function callable(sut: Sut, cmd: Command & { window: number }): TicketView[] {
  const w = sut.live.windows().find((x) => x.number === cmd.window);
  if (!w) return [];
  return sut.live.tickets().filter((t) => t.state === 'waiting' && t.callableAt! <= cmd.now && w.services.includes(t.service));
}

const rank = (sut: Sut, cls: string) => sut.live.config.classes.find((c) => c.id === cls)!.rank;

export const BROKEN: readonly (Tamper & { readonly caughtBy: RegExp })[] = [
  {
    name: 'wrong tie-break: among equal due dates the second-best is called',
    caughtBy: /INV-5|INV-6/,
    decide(cmd, sut) {
      if (cmd.type !== 'callNext') return undefined;
      const out = sut.live.decide(cmd);
      if (!out.ok || out.events.length === 0) return out;
      const best = sut.live.ticket((out.result as CallResult).ticket!)!;
      const ties = callable(sut, cmd)
        .filter((t) => t.id !== best.id && t.due === best.due)
        .sort((a, b) => rank(sut, a.class) - rank(sut, b.class) || a.callableAt! - b.callableAt! || a.id - b.id);
      const second = ties[0];
      if (!second) return out;
      return { ...out, events: [{ ...out.events[0]!, id: second.id } as QueueEvent], result: { ...(out.result as CallResult), ticket: second.id } };
    },
  },
  {
    name: 'booking callable too early: checked in, it is callable at once instead of from σ − E_call',
    caughtBy: /callableAt|INV-5/,
    events: (_cmd, events) => events.map((e) => (e.type === 'booking.checkedIn' && !e.late ? { ...e, callableAt: e.at } : e)),
  },
  {
    name: 'a closed window (or one on a break) still calls',
    caughtBy: /INV-13|INV-3/,
    decide(cmd, sut) {
      if (cmd.type !== 'callNext') return undefined;
      const w = sut.live.windows().find((x) => x.number === cmd.window);
      if (!w || (w.status === 'open' && w.after === null)) return undefined;
      const shadow = Centre.replay(sut.input, sut.log);
      shadow.apply([{ type: 'window.opened', at: cmd.now, window: cmd.window }]);
      const out = shadow.decide(cmd);
      return out.ok && out.events.length > 0 ? out : undefined;
    },
  },
  {
    name: 'an event lost in replay (the last recall, else the last event)',
    caughtBy: /INV-14/,
    replayLog(log) {
      let k = log.map((e) => e.type).lastIndexOf('ticket.recalled');
      if (k < 0) k = log.length - 1;
      return log.filter((_, i) => i !== k);
    },
  },
  {
    name: 'double call: a free window takes the ticket another window has just called',
    caughtBy: /INV-2|INV-5|model agreement/,
    decide(cmd, sut): Outcome | undefined {
      if (cmd.type !== 'callNext') return undefined;
      const w = sut.live.windows().find((x) => x.number === cmd.window);
      if (!w || w.status !== 'open' || w.after !== null || w.ticket !== null) return undefined;
      // A ticket this window could serve, so the double call is the only fault (not eligibility, INV-3).
      const other = sut.live.windows().find((x) => {
        const held = x.ticket === null ? undefined : sut.live.ticket(x.ticket);
        return held !== undefined && held.state === 'called' && w.services.includes(held.service);
      });
      if (!other) return undefined;
      const id = other.ticket!;
      return {
        ok: true,
        events: [
          { type: 'ticket.requeued', at: cmd.now, id, window: other.number },
          { type: 'ticket.called', at: cmd.now, id, window: cmd.window },
        ],
        result: { ticket: id } satisfies CallResult,
      };
    },
  },
  {
    name: 'a no-show goes back to the queue (and is called again)',
    caughtBy: /INV-11|INV-1 |model agreement/,
    events: (_cmd, events) => events.map((e) => (e.type === 'ticket.noShow' && !e.auto ? { ...e, type: 'ticket.requeued' } : e)),
  },
  {
    name: 'a transfer forgets seniority: d = t + T_return instead of min(d, t + T_return)',
    caughtBy: /INV-12|due|INV-5/,
    events: (_cmd, events, sut) => events.map((e) => (e.type === 'ticket.transferred' ? { ...e, due: e.at + sut.live.config.returnTargetMs } : e)),
  },
];
