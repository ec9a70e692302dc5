/**
 * How the board names what it stores (board.ts BoardLookup): display numbers, service ids, window
 * numbers and floors from their indexes, and back when a snapshot's board is loaded. A pure function
 * of the config (and its shared tables); a centre state makes one when its board is first read.
 */
import type { BoardLookup } from './board.ts';
import type { CentreConfig } from './config.ts';
import { cachedNumber, type ConfigTables } from './config-tables.ts';
import { InvariantError } from './errors.ts';

export class ConfigBoardLookup implements BoardLookup {
  constructor(
    private readonly config: CentreConfig,
    private readonly tables: ConfigTables,
  ) {}

  numberOf(prefix: number, seq: number): string {
    return cachedNumber(this.tables, prefix, seq);
  }
  prefixIndex(letters: string): number {
    return this.tables.prefixes.indexOf(letters);
  }
  serviceId(s: number): string {
    return this.config.services[s]!.id;
  }
  windowNumber(w: number): number {
    return this.config.windows[w]!.number;
  }
  windowFloor(w: number): number {
    return this.config.windows[w]!.floor;
  }
  serviceIndex(id: string): number {
    const s = this.config.serviceIndex.get(id);
    if (s === undefined) throw new InvariantError(`event names unknown service ${id}`);
    return s;
  }
  windowIndex(number: number): number {
    const w = this.config.windowIndex.get(number);
    if (w === undefined) throw new InvariantError(`event names unknown window ${number}`);
    return w;
  }
}
