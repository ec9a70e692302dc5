/**
 * The soak's day, planned before it starts (seeded): the large example of the simulator
 * (packages/sim/examples/large-weekday.json: ~2,500 applicants 10:00–20:00, 82 services, 90 windows
 * in shifts) scaled `factor` times — demand, windows (each window cloned, numbered w + 1000·k) and
 * booking capacity per slot — and drawn into walk-in arrivals and bookings with their check-in times
 * and no-shows, by the example's hourly shape, service weights, channels, classes and lateness
 * (drawn with the simulator's seeded streams and distributions).
 */
import { readFileSync } from 'node:fs';
import { time, type CentreInput } from '@asan/queue-core';
import { samplerOf, type DistSpec } from '../../../sim/src/distributions.ts';
import { stream } from '../../../sim/src/rng.ts';
import { createScenario } from '../../../sim/src/spec.ts';
import type { ServerConfigInput, TokenRule } from '../../src/config/server-config.ts';

export const SOAK_SECRET = 'soak-secret-0123456789abcdef-0123456789abcdef';
export const SOAK_TOKENS = { admin: 'soak-admin-token-0123456789', desk: 'soak-desk-token-0123456789', kiosk: 'soak-kiosk-token-0123456789' } as const;
export const operatorToken = (window: number): string => `soak-operator-${window}-0123456789`;

export type Channel = 'desk' | 'terminal' | 'callCentre';

export interface WalkIn {
  readonly at: number;
  readonly service: string;
  readonly class: string;
  readonly channel: Channel;
}

export interface Booking {
  readonly service: string;
  readonly class: string;
  readonly slot: number;
  readonly slotMs: number;
  /** When the citizen checks in, or null (a no-show). */
  readonly arrive: number | null;
  readonly citizenId: string;
}

export interface SoakPlan {
  readonly centre: CentreInput;
  readonly offsetMs: number;
  /** Epoch ms of local 10:00 and 20:00 of the day. */
  readonly opens: number;
  readonly closes: number;
  readonly walkIns: readonly WalkIn[];
  readonly bookings: readonly Booking[];
  /** Window number → the services it serves. */
  readonly windows: ReadonlyMap<number, readonly string[]>;
  /** A handle time of a service, in ms (the example's distribution for it). */
  readonly handleMs: (service: string) => number;
  readonly absentWhenCalledRate: number;
  /** Draws from the plan's seeded stream (for the driver's choices). */
  readonly random: () => number;
}

interface Spec {
  date: string;
  centre: Record<string, unknown>;
  classes: { id: string; share: number }[];
  services: { id: string; handle: DistSpec; slotMin?: number; demand: { weight: number } }[];
  demand: { perDay: number; hourlyShape: Record<string, number>; channels: Record<Channel, number>; bookingShare: number };
  citizens: { lateness: DistSpec; noShowRate: number; absentWhenCalledRate: number };
}

function chooser<T>(items: readonly T[], weights: readonly number[], random: () => number): () => T {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map(((sum) => (w: number) => (sum += w / total))(0));
  return () => {
    const u = random();
    const i = cumulative.findIndex((c) => u < c);
    return items[i === -1 ? items.length - 1 : i]!;
  };
}

export function planSoak(factor: number, seed: number): SoakPlan {
  const spec = JSON.parse(readFileSync(new URL('../../../sim/examples/large-weekday.json', import.meta.url), 'utf8')) as Spec;
  const base = createScenario(spec).config.input;
  // The simulator's seeded streams and distributions: the same draws for the same seed.
  const rng = stream(seed, 'soak/plan');
  const random = () => rng.next();
  const offsetMs = (base.utcOffsetMin ?? 240) * time.MINUTE_MS;
  const day = time.parseDate(spec.date);
  const opens = time.epochOf(day, 10 * 60, offsetMs);
  const closes = time.epochOf(day, 20 * 60, offsetMs);

  const windows = Array.from({ length: factor }, (_, k) => base.windows.map((w) => ({ ...w, number: w.number + 1000 * k }))).flat();
  const centre: CentreInput = { ...base, windows, booking: { ...(base.booking ?? {}), capacityPerSlot: (base.booking?.capacityPerSlot ?? 2) * factor } };

  const hours = Object.keys(spec.demand.hourlyShape);
  const hour = chooser(hours, Object.values(spec.demand.hourlyShape), random);
  const at = () => time.epochOf(day, time.parseClock(hour()), offsetMs) + random() * 60 * time.MINUTE_MS;
  const service = chooser(spec.services, spec.services.map((s) => s.demand.weight), random);
  const klass = chooser(spec.classes.map((c) => c.id), spec.classes.map((c) => c.share), random);
  const channels = Object.keys(spec.demand.channels) as Channel[];
  const channel = chooser(channels, Object.values(spec.demand.channels), random);
  const lateness = samplerOf(spec.citizens.lateness);

  const total = Math.round(spec.demand.perDay * factor);
  const booked = Math.round(total * spec.demand.bookingShare);
  const walkIns: WalkIn[] = Array.from({ length: total - booked }, () => ({ at: at(), service: service().id, class: klass(), channel: channel() })).sort((a, b) => a.at - b.at);
  const bookings: Booking[] = Array.from({ length: booked }, (_, i) => {
    const s = service();
    const slotMs = (s.slotMin ?? 15) * time.MINUTE_MS;
    const slot = Math.min(Math.floor(at() / slotMs) * slotMs, closes - slotMs);
    const late = lateness(rng) * time.MINUTE_MS;
    const arrive = random() < spec.citizens.noShowRate ? null : Math.max(slot + late, slot - 29 * time.MINUTE_MS);
    return { service: s.id, class: klass(), slot, slotMs, arrive, citizenId: `SOAK${String(i).padStart(7, '0')}` };
  });

  const handle = new Map(spec.services.map((s) => [s.id, samplerOf(s.handle)]));
  const handleMs = (id: string): number => handle.get(id)!(rng) * time.MINUTE_MS;
  return { centre, offsetMs, opens, closes, walkIns, bookings, windows: new Map(windows.map((w) => [w.number, w.services])), handleMs, absentWhenCalledRate: spec.citizens.absentWhenCalledRate, random };
}

/** The server's configuration for the soak: the scaled centre, its staff's tokens, no public limits. */
export function soakNetwork(plan: SoakPlan): ServerConfigInput {
  const operators = [...plan.windows.keys()].map((w): TokenRule => ({ token: operatorToken(w), role: 'operator', centre: plan.centre.id, window: w, label: `operator ${w}` }));
  return {
    secret: SOAK_SECRET,
    centres: [plan.centre],
    tokens: [
      { token: SOAK_TOKENS.admin, role: 'admin', label: 'admin' },
      { token: SOAK_TOKENS.desk, role: 'desk', centre: plan.centre.id, label: 'desk' },
      { token: SOAK_TOKENS.kiosk, role: 'kiosk', centre: plan.centre.id, label: 'kiosk' },
      ...operators,
    ],
    rateLimit: { publicMax: 1_000_000, publicWindowMs: 60_000 },
    logLevel: 'warn',
  };
}
