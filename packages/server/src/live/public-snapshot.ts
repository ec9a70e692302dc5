/**
 * What the public may see of a centre at a glance: last calls (number, window, floor, display
 * name), waiting and served per service, and each window's status. Shared by the board route, the
 * live stream and the pages.
 */
import type { Centre } from '@asan/queue-core';
import { centreLoadOf } from '../centre/load-memo.ts';

export interface PublicSnapshot {
  readonly centre: string;
  readonly name: string;
  readonly version: number;
  /** The server's clock when the snapshot was read (epoch ms): the board shows the time from it, not from the browser's clock. */
  readonly at: number;
  /** The centre's UTC offset in minutes (Baku: 240): the board shows `at` in the centre's time. */
  readonly utcOffsetMin: number;
  readonly calls: readonly { at: number; number: string; service: string; window: number; floor: number; name?: string; recall: boolean }[];
  readonly services: readonly { service: string; name: string; waiting: number; openWindows: number; servedToday: number; meanWaitTodayMin: number | null }[];
  readonly windows: readonly { number: number; floor: number; status: string; ticketNumber: string | null }[];
}

export function boardCalls(centre: Centre, limit?: number): PublicSnapshot['calls'] {
  return centre.board(limit).map((b) => ({
    at: b.at,
    number: b.number,
    service: b.service,
    window: b.window,
    floor: b.floor,
    ...(b.name !== undefined ? { name: b.name } : {}),
    recall: b.recall,
  }));
}

export function publicSnapshot(centre: Centre, now: number): PublicSnapshot {
  return {
    centre: centre.config.id,
    name: centre.config.name,
    version: centre.version,
    at: now,
    utcOffsetMin: centre.config.offsetMs / 60_000,
    calls: boardCalls(centre),
    services: centreLoadOf(centre).services,
    windows: centre.windows().map((w) => ({ number: w.number, floor: w.floor, status: w.status, ticketNumber: w.ticketNumber })),
  };
}
