/**
 * The board: the last calls of a centre's day (ticket, window, time, recall), as its monitors show
 * them; the day's end takes that day's calls off (`retain`), since display numbers start again.
 * Kept as a ring of numbers, so a call costs no object and no string; the entries (display
 * number, service, window number, floor, name) are built only when someone reads the board.
 * What an entry shows is copied at the call (prefix, sequence number, name, and the service it was
 * called for, since a later transfer changes the ticket's service), so the board does not depend
 * on the ticket staying in the ticket table (finished tickets are archived, tickets.ts).
 */
export interface BoardEntry {
  readonly at: number;
  readonly ticket: number;
  readonly number: string;
  readonly service: string;
  readonly window: number;
  readonly floor: number;
  readonly name?: string;
  readonly recall: boolean;
}

/** What the board needs to describe a call: provided by the state. */
export interface BoardLookup {
  /** Display number of a sequence number under ticket prefix `prefix` (an index into the centre's prefixes); '' for seq 0. */
  numberOf(prefix: number, seq: number): string;
  /** Index of a ticket prefix (letters), -1 for none of this centre. */
  prefixIndex(letters: string): number;
  serviceId(service: number): string;
  windowNumber(window: number): number;
  windowFloor(window: number): number;
  serviceIndex(id: string): number;
  windowIndex(number: number): number;
}

export class Board {
  private readonly at: Float64Array;
  private readonly ticket: Int32Array;
  private readonly window: Int16Array;
  private readonly service: Int16Array;
  private readonly recall: Uint8Array;
  private readonly prefix: Int16Array;
  private readonly seq: Int32Array;
  private readonly name: (string | undefined)[];
  /** Index of the oldest entry, and the number of entries. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    const n = Math.max(1, capacity);
    this.at = new Float64Array(n);
    this.ticket = new Int32Array(n);
    this.window = new Int16Array(n);
    this.service = new Int16Array(n);
    this.recall = new Uint8Array(n);
    this.prefix = new Int16Array(n);
    this.seq = new Int32Array(n);
    this.name = new Array<string | undefined>(n).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** Records a call (or recall), dropping the oldest entry when full. */
  push(at: number, ticket: number, window: number, service: number, recall: boolean, prefix: number, seq: number, name: string | undefined): void {
    const cap = this.capacity;
    if (cap === 0) return;
    let i: number;
    if (this.count < cap) {
      i = this.head + this.count;
      if (i >= cap) i -= cap;
      this.count++;
    } else {
      i = this.head;
      this.head = i + 1 === cap ? 0 : i + 1;
    }
    this.at[i] = at;
    this.ticket[i] = ticket;
    this.window[i] = window;
    this.service[i] = service;
    this.recall[i] = recall ? 1 : 0;
    this.prefix[i] = prefix;
    this.seq[i] = seq;
    this.name[i] = name;
  }

  /** The entries, oldest first. */
  entries(look: BoardLookup): BoardEntry[] {
    const out: BoardEntry[] = [];
    for (let k = 0; k < this.count; k++) {
      let i = this.head + k;
      if (i >= this.capacity) i -= this.capacity;
      const id = this.ticket[i]!;
      const w = this.window[i]!;
      const name = this.name[i];
      out.push({
        at: this.at[i]!,
        ticket: id,
        number: look.numberOf(this.prefix[i]!, this.seq[i]!),
        service: look.serviceId(this.service[i]!),
        window: look.windowNumber(w),
        floor: look.windowFloor(w),
        ...(name !== undefined ? { name } : {}),
        recall: this.recall[i] === 1,
      });
    }
    return out;
  }

  /** Keeps only the entries whose ticket `keep` accepts, in their order (the day's end: once a day). */
  retain(keep: (ticket: number) => boolean): void {
    const cap = this.capacity;
    let n = 0;
    for (let k = 0; k < this.count; k++) {
      let i = this.head + k;
      if (i >= cap) i -= cap;
      if (!keep(this.ticket[i]!)) continue;
      let j = this.head + n;
      if (j >= cap) j -= cap;
      if (j !== i) {
        this.at[j] = this.at[i]!;
        this.ticket[j] = this.ticket[i]!;
        this.window[j] = this.window[i]!;
        this.service[j] = this.service[i]!;
        this.recall[j] = this.recall[i]!;
        this.prefix[j] = this.prefix[i]!;
        this.seq[j] = this.seq[i]!;
        this.name[j] = this.name[i];
      }
      n++;
    }
    for (let k = n; k < this.count; k++) {
      let j = this.head + k;
      if (j >= cap) j -= cap;
      this.name[j] = undefined; // keeps no name of a dropped call
    }
    this.count = n;
  }

  /** Loads entries (oldest first), as `entries` gives them (snapshots). */
  load(entries: readonly BoardEntry[], look: BoardLookup): void {
    this.head = 0;
    this.count = 0;
    for (const e of entries) {
      const letters = /^[A-Z]*/.exec(e.number)![0];
      this.push(e.at, e.ticket, look.windowIndex(e.window), look.serviceIndex(e.service), e.recall, look.prefixIndex(letters), Number(e.number.slice(letters.length)), e.name);
    }
  }
}
