/**
 * Day statistics from an event log: folds the log into a fresh centre and reads its counters,
 * so the numbers come from the one fold there is (no second interpretation of the events).
 */
import { Centre } from './centre.ts';
import type { CentreConfig } from './config.ts';
import type { CentreInput } from './config-types.ts';
import type { QueueEvent } from './events.ts';
import type { DayStats } from './queries.ts';

/** Statistics of the last local day present in `events`. */
export function dayStatsFromEvents(config: CentreConfig | CentreInput, events: Iterable<QueueEvent>): DayStats {
  return Centre.replay(config, events).dayStats();
}
