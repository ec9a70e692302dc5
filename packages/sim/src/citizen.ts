/**
 * A citizen's live state during a run (mutable, internal) and its conversion to the immutable
 * record a run returns. Times are epoch ms, NaN until they happen.
 *
 * The numbers and flags of all citizens of a run live in two flat typed arrays (`CitizenTable`:
 * 22 doubles and 13 int32 per citizen); a `Citizen` is a small handle with accessors over its
 * rows plus its strings. A run keeps every citizen until its end, so per-citizen objects with ~20
 * double fields (each a separate heap number) made up most of what the garbage collector copied
 * and promoted; typed-array rows are outside the scanned heap.
 */
import type { Channel } from '@asan/queue-core';
import type { SimRecord } from './records.ts';

/** Where a citizen is, as the simulator sees it. */
export const C_PLANNED = 0; // booked, not arrived yet
export const C_WAITING = 1; // in the queue (or checked in early), never called
export const C_CALLED_ABSENT = 2; // called, not there: the engine recalls, then marks a no-show
export const C_SERVING = 3;
export const C_AT_BANK = 4;
export const C_WAITING_AGAIN = 5; // back from the bank, in the queue
export const C_DONE = 6; // finished one way or another (record state says how)
export const C_WAITING_TRANSFER = 7; // transferred to another service, in its queue

const NF = 22; // doubles per citizen
const NI = 13; // int32 per citizen (the last: flags)
const FLAGS = NI - 1;

/** A released table (its arrays and citizen handles), taken by the next run of this thread. */
let spare: CitizenTable | null = null;

/**
 * The rows of every citizen of a run: F (doubles) and I (int32), grown by doubling; and where each
 * citizen is (`A`, one byte per citizen: the loop's most frequent question — is the citizen still
 * waiting when its patience ends? — reads a dense array instead of the citizen's handle and row).
 *
 * A table and its citizen handles (one per row) are used again by the next run of the thread once
 * this run is released (`release`): a run's handles all lived to its end, so allocating them was
 * what the scavenger copied and promoted; a handle is re-initialised when its row is added again.
 */
export class CitizenTable {
  F: Float64Array;
  I: Int32Array;
  A: Uint8Array;
  n = 0;
  /** The handle of row i (i < n: this run's citizen i + 1; beyond n: kept for the next run). */
  readonly handles: Citizen[] = [];

  private constructor() {
    this.F = new Float64Array(NF * 1024);
    this.I = new Int32Array(NI * 1024);
    this.A = new Uint8Array(1024);
  }

  /** An empty table: the thread's released one, or a new one. */
  static acquire(): CitizenTable {
    const t = spare;
    if (t !== null) {
      spare = null;
      t.n = 0;
      return t;
    }
    return new CitizenTable();
  }

  /**
   * Hands the table (arrays and handles) to the next run of the thread (a week's run grew them to
   * ~16,000 rows: growing and touching fresh pages again was ~4 % of a run). Only once the run's
   * citizens are no longer read: their handles will be other citizens'.
   */
  release(): void {
    if (spare === null || spare.F.length < this.F.length) spare = this;
  }

  /** A new citizen: the next row, every field at its default, and its handle. */
  citizen(
    day: number,
    source: number,
    sourceId: string,
    kind: 'walkin' | 'booking',
    service: string,
    cls: string,
    channel: Channel,
    handleMs: number,
    patienceMs: number,
    absent: boolean,
    bankMs: number,
    beforeShare: number,
  ): Citizen {
    const i = this.add();
    let c = this.handles[i];
    if (c === undefined) {
      c = new Citizen(this, i);
      this.handles.push(c);
    }
    c.id = i + 1;
    c.day = day;
    c.source = source;
    c.sourceId = sourceId;
    c.kind = kind;
    c.service = service;
    c.cls = cls;
    c.channel = channel;
    c.state = 'booked';
    c.reason = undefined;
    const f = i * NF;
    const F = this.F;
    F[f + 18] = handleMs;
    F[f + 19] = patienceMs;
    F[f + 20] = bankMs;
    F[f + 21] = beforeShare;
    if (absent) this.I[i * NI + FLAGS] = 1024;
    return c;
  }

  /** A new row (its index), every field at its default. */
  private add(): number {
    const i = this.n++;
    if (i * NF >= this.F.length) {
      const F = new Float64Array(this.F.length * 2);
      F.set(this.F);
      this.F = F;
      const I = new Int32Array(this.I.length * 2);
      I.set(this.I);
      this.I = I;
      const A = new Uint8Array(this.A.length * 2);
      A.set(this.A);
      this.A = A;
    }
    const f = i * NF;
    const F = this.F;
    F[f + 0] = NaN; // showedUpAt
    F[f + 1] = NaN; // arrivedAt
    F[f + 2] = NaN; // callableAt
    F[f + 3] = NaN; // slot
    F[f + 4] = NaN; // due
    F[f + 5] = NaN; // firstCalledAt
    F[f + 6] = NaN; // startedAt
    F[f + 7] = NaN; // endedAt
    F[f + 8] = NaN; // parkedAt
    F[f + 9] = NaN; // resumedAt
    F[f + 10] = NaN; // secondCalledAt
    F[f + 11] = NaN; // etaP50Ms
    F[f + 12] = NaN; // etaP90Ms
    F[f + 13] = 0; // transferHandleMs
    F[f + 14] = NaN; // transferredAt
    F[f + 15] = NaN; // transferCalledAt
    F[f + 16] = 0; // lateMs
    F[f + 17] = 0; // confirmMs
    const o = i * NI;
    const I = this.I;
    I[o + 0] = -1; // ticket
    I[o + 1] = 0; // (unused: where the citizen is is in A)
    I[o + 2] = -1; // window
    I[o + 3] = -1; // firstWindow
    I[o + 4] = -1; // lastWindow
    I[o + 5] = -1; // peopleAhead
    I[o + 6] = 0; // serviceIndex
    I[o + 7] = -1; // transferTo
    I[o + 8] = -1; // transferWindow
    I[o + 9] = 0; // rating
    I[o + 10] = 0; // wantSlot
    I[o + 11] = -1; // hold
    I[o + FLAGS] = 0;
    this.A[i] = C_PLANNED;
    return i;
  }
}

/** What a run's citizens came to (`countsOf`, `sim year`): one pass over the rows, not through the handles. */
export interface RowTally {
  arrived: number;
  served: number;
  abandoned: number;
  noShows: number;
  turnedAway: number;
  transfers: number;
}

/** Tallies rows [0, t.n): the same counts as reading each citizen's `turnedAway`, `arrivedAt`, `state`, `abandoned`, `transferredAt`. */
export function tallyRows(t: CitizenTable): RowTally {
  const F = t.F;
  const I = t.I;
  const hs = t.handles;
  const r: RowTally = { arrived: 0, served: 0, abandoned: 0, noShows: 0, turnedAway: 0, transfers: 0 };
  for (let k = 0; k < t.n; k++) {
    const flags = I[k * NI + FLAGS]!;
    const f = k * NF;
    if ((flags & 4) !== 0) r.turnedAway++;
    else if (F[f + 1] === F[f + 1]) r.arrived++; // arrivedAt not NaN
    const state = hs[k]!.state;
    if (state === 'done') r.served++;
    else if (state === 'noShow') r.noShows++;
    if ((flags & 2) !== 0) r.abandoned++;
    if (F[f + 14] === F[f + 14]) r.transfers++; // transferredAt not NaN
  }
  return r;
}

/** A citizen: a handle on its rows in the run's table, and its strings (set by `CitizenTable.citizen`). */
export class Citizen {
  private readonly f: number;
  private readonly o: number;
  /** Row index (id − 1). */
  private readonly i: number;
  /** Citizen number in the run (row + 1). */
  id = 0;
  day = 0;
  source = 0;
  sourceId = '';
  kind: 'walkin' | 'booking' = 'walkin';
  service = '';
  cls = '';
  channel: Channel = 'desk';
  /** Engine state at the end ('done', 'cancelled', 'noShow', 'expired', …). */
  state = 'booked';
  reason: string | undefined = undefined;

  constructor(
    private readonly t: CitizenTable,
    i: number,
  ) {
    this.i = i;
    this.f = i * NF;
    this.o = i * NI;
  }

  get showedUpAt(): number {
    return this.t.F[this.f + 0]!;
  }
  set showedUpAt(x: number) {
    this.t.F[this.f + 0] = x;
  }
  get arrivedAt(): number {
    return this.t.F[this.f + 1]!;
  }
  set arrivedAt(x: number) {
    this.t.F[this.f + 1] = x;
  }
  get callableAt(): number {
    return this.t.F[this.f + 2]!;
  }
  set callableAt(x: number) {
    this.t.F[this.f + 2] = x;
  }
  get slot(): number {
    return this.t.F[this.f + 3]!;
  }
  set slot(x: number) {
    this.t.F[this.f + 3] = x;
  }
  get due(): number {
    return this.t.F[this.f + 4]!;
  }
  set due(x: number) {
    this.t.F[this.f + 4] = x;
  }
  get firstCalledAt(): number {
    return this.t.F[this.f + 5]!;
  }
  set firstCalledAt(x: number) {
    this.t.F[this.f + 5] = x;
  }
  get startedAt(): number {
    return this.t.F[this.f + 6]!;
  }
  set startedAt(x: number) {
    this.t.F[this.f + 6] = x;
  }
  get endedAt(): number {
    return this.t.F[this.f + 7]!;
  }
  set endedAt(x: number) {
    this.t.F[this.f + 7] = x;
  }
  get parkedAt(): number {
    return this.t.F[this.f + 8]!;
  }
  set parkedAt(x: number) {
    this.t.F[this.f + 8] = x;
  }
  get resumedAt(): number {
    return this.t.F[this.f + 9]!;
  }
  set resumedAt(x: number) {
    this.t.F[this.f + 9] = x;
  }
  get secondCalledAt(): number {
    return this.t.F[this.f + 10]!;
  }
  set secondCalledAt(x: number) {
    this.t.F[this.f + 10] = x;
  }
  get etaP50Ms(): number {
    return this.t.F[this.f + 11]!;
  }
  set etaP50Ms(x: number) {
    this.t.F[this.f + 11] = x;
  }
  get etaP90Ms(): number {
    return this.t.F[this.f + 12]!;
  }
  set etaP90Ms(x: number) {
    this.t.F[this.f + 12] = x;
  }
  get transferHandleMs(): number {
    return this.t.F[this.f + 13]!;
  }
  set transferHandleMs(x: number) {
    this.t.F[this.f + 13] = x;
  }
  get transferredAt(): number {
    return this.t.F[this.f + 14]!;
  }
  set transferredAt(x: number) {
    this.t.F[this.f + 14] = x;
  }
  get transferCalledAt(): number {
    return this.t.F[this.f + 15]!;
  }
  set transferCalledAt(x: number) {
    this.t.F[this.f + 15] = x;
  }
  get lateMs(): number {
    return this.t.F[this.f + 16]!;
  }
  set lateMs(x: number) {
    this.t.F[this.f + 16] = x;
  }
  get confirmMs(): number {
    return this.t.F[this.f + 17]!;
  }
  set confirmMs(x: number) {
    this.t.F[this.f + 17] = x;
  }
  get handleMs(): number {
    return this.t.F[this.f + 18]!;
  }
  get patienceMs(): number {
    return this.t.F[this.f + 19]!;
  }
  /** 0 when no payment trip. */
  get bankMs(): number {
    return this.t.F[this.f + 20]!;
  }
  get beforeShare(): number {
    return this.t.F[this.f + 21]!;
  }
  get ticket(): number {
    return this.t.I[this.o + 0]!;
  }
  set ticket(x: number) {
    this.t.I[this.o + 0] = x;
  }
  get at(): number {
    return this.t.A[this.i]!;
  }
  set at(x: number) {
    this.t.A[this.i] = x;
  }
  /** index of the window holding it */
  get window(): number {
    return this.t.I[this.o + 2]!;
  }
  set window(x: number) {
    this.t.I[this.o + 2] = x;
  }
  get firstWindow(): number {
    return this.t.I[this.o + 3]!;
  }
  set firstWindow(x: number) {
    this.t.I[this.o + 3] = x;
  }
  get lastWindow(): number {
    return this.t.I[this.o + 4]!;
  }
  set lastWindow(x: number) {
    this.t.I[this.o + 4] = x;
  }
  get peopleAhead(): number {
    return this.t.I[this.o + 5]!;
  }
  set peopleAhead(x: number) {
    this.t.I[this.o + 5] = x;
  }
  /** Engine service index (of the queue the ticket is in: the transfer target once transferred). */
  get serviceIndex(): number {
    return this.t.I[this.o + 6]!;
  }
  set serviceIndex(x: number) {
    this.t.I[this.o + 6] = x;
  }
  /** Transfer after the service: target service index, -1 none. */
  get transferTo(): number {
    return this.t.I[this.o + 7]!;
  }
  set transferTo(x: number) {
    this.t.I[this.o + 7] = x;
  }
  get transferWindow(): number {
    return this.t.I[this.o + 8]!;
  }
  set transferWindow(x: number) {
    this.t.I[this.o + 8] = x;
  }
  /** 1–5 given at the final complete, 0: none. */
  get rating(): number {
    return this.t.I[this.o + 9]!;
  }
  set rating(x: number) {
    this.t.I[this.o + 9] = x;
  }
  get wantSlot(): number {
    return this.t.I[this.o + 10]!;
  }
  set wantSlot(x: number) {
    this.t.I[this.o + 10] = x;
  }
  get hold(): number {
    return this.t.I[this.o + 11]!;
  }
  set hold(x: number) {
    this.t.I[this.o + 11] = x;
  }
  // (the flags read on every citizen's way — measured, absent, callable — spell the bit out: their
  // callers are large and the compiler stops inlining before it reaches a helper's body)
  private flag(bit: number): boolean {
    return (this.t.I[this.o + FLAGS]! & bit) !== 0;
  }
  private setFlag(bit: number, on: boolean): void {
    const I = this.t.I;
    I[this.o + FLAGS] = on ? I[this.o + FLAGS]! | bit : I[this.o + FLAGS]! & ~bit;
  }
  get late(): boolean {
    return this.flag(1);
  }
  set late(x: boolean) {
    this.setFlag(1, x);
  }
  get abandoned(): boolean {
    return this.flag(2);
  }
  set abandoned(x: boolean) {
    this.setFlag(2, x);
  }
  get turnedAway(): boolean {
    return this.flag(4);
  }
  set turnedAway(x: boolean) {
    this.setFlag(4, x);
  }
  get bookingRefused(): boolean {
    return this.flag(8);
  }
  set bookingRefused(x: boolean) {
    this.setFlag(8, x);
  }
  get expiredWalkIn(): boolean {
    return this.flag(16);
  }
  set expiredWalkIn(x: boolean) {
    this.setFlag(16, x);
  }
  get measured(): boolean {
    return (this.t.I[this.o + FLAGS]! & 32) !== 0;
  }
  set measured(x: boolean) {
    const I = this.t.I;
    const k = this.o + FLAGS;
    I[k] = x ? I[k]! | 32 : I[k]! & ~32;
  }
  get noShowPlan(): boolean {
    return this.flag(64);
  }
  set noShowPlan(x: boolean) {
    this.setFlag(64, x);
  }
  get viaHold(): boolean {
    return this.flag(128);
  }
  set viaHold(x: boolean) {
    this.setFlag(128, x);
  }
  get abandonHold(): boolean {
    return this.flag(256);
  }
  set abandonHold(x: boolean) {
    this.setFlag(256, x);
  }
  /** The hold was confirmed after the engine's hold TTL (refused), then booked directly. */
  get holdLate(): boolean {
    return this.flag(512);
  }
  set holdLate(x: boolean) {
    this.setFlag(512, x);
  }
  get absent(): boolean {
    return (this.t.I[this.o + FLAGS]! & 1024) !== 0;
  }

  /** The immutable record: the row read once, straight from the table's arrays; window indices become window numbers. */
  record(windowNumbers: Int32Array, services: readonly { readonly id: string }[]): SimRecord {
    const F = this.t.F;
    const I = this.t.I;
    const f = this.f;
    const o = this.o;
    const flags = I[o + FLAGS]!;
    const ticket = I[o + 0]!;
    const firstWindow = I[o + 3]!;
    const lastWindow = I[o + 4]!;
    const peopleAhead = I[o + 5]!;
    const transferTo = I[o + 7]!;
    const transferWindow = I[o + 8]!;
    const rating = I[o + 9]!;
    const patienceMs = F[f + 19]!;
    // Times equal to the one before (a walk-in shows up, arrives and is callable at once; most are
    // started when called) share its value, so the record holds one boxed number for them, not one
    // each: the same values, fewer allocations.
    const showedUpAt = orNull(F[f + 0]!);
    const a = F[f + 1]!;
    const arrivedAt = a === showedUpAt ? showedUpAt : orNull(a);
    const ca = F[f + 2]!;
    const callableAt = ca === arrivedAt ? arrivedAt : orNull(ca);
    const fc = F[f + 5]!;
    const firstCalledAt = orNull(fc);
    const st = F[f + 6]!;
    const startedAt = st === firstCalledAt ? firstCalledAt : orNull(st);
    // Not frozen (readonly by type; the array of records and the result are frozen): freezing each
    // record cost as much as building it (~540 of ~1,100 instructions), ~3.6 % of a reference day.
    return {
      id: this.id,
      ticket: ticket === -1 ? null : ticket,
      day: this.day,
      source: this.sourceId,
      service: this.service,
      class: this.cls,
      kind: this.kind,
      channel: this.channel,
      state: this.state,
      reason: this.reason,
      showedUpAt,
      arrivedAt,
      callableAt,
      slot: orNull(F[f + 3]!),
      due: orNull(F[f + 4]!),
      firstCalledAt,
      startedAt,
      endedAt: orNull(F[f + 7]!),
      parkedAt: orNull(F[f + 8]!),
      resumedAt: orNull(F[f + 9]!),
      secondCalledAt: orNull(F[f + 10]!),
      firstWindow: firstWindow === -1 ? null : windowNumbers[firstWindow]!,
      lastWindow: lastWindow === -1 ? null : windowNumbers[lastWindow]!,
      handleMs: F[f + 18]!,
      patienceMs: Number.isFinite(patienceMs) ? patienceMs : null,
      abandoned: (flags & 2) !== 0,
      absent: (flags & 1024) !== 0,
      late: (flags & 1) !== 0,
      turnedAway: (flags & 4) !== 0,
      bookingRefused: (flags & 8) !== 0,
      expiredWalkIn: (flags & 16) !== 0,
      peopleAhead: peopleAhead === -1 ? null : peopleAhead,
      etaP50Ms: orNull(F[f + 11]!),
      etaP90Ms: orNull(F[f + 12]!),
      transferService: transferTo === -1 ? null : services[transferTo]!.id,
      transferredAt: orNull(F[f + 14]!),
      transferCalledAt: orNull(F[f + 15]!),
      transferWindow: transferWindow === -1 ? null : windowNumbers[transferWindow]!,
      rating: this.state === 'done' && rating > 0 ? rating : null,
      viaHold: (flags & 128) !== 0,
      holdLate: (flags & 512) !== 0,
    };
  }
  /** The ticket is callable (counted in the window mirror's `callable`): in the queue, past its callable time. */
  get callable(): boolean {
    return (this.t.I[this.o + FLAGS]! & 2048) !== 0;
  }
  set callable(x: boolean) {
    const I = this.t.I;
    const k = this.o + FLAGS;
    I[k] = x ? I[k]! | 2048 : I[k]! & ~2048;
  }
}

/**
 * The engine's citizen key of citizen `id` ('c' + id): the same strings for every run of this
 * thread (a run's citizens are numbered from 1), made once instead of once per run and command.
 */
const names: string[] = [];
export function citizenKey(id: number): string {
  for (let k = names.length; k <= id; k++) names.push(`c${k}`);
  return names[id]!;
}

const orNull = (x: number): number | null => (x === x ? x : null);

