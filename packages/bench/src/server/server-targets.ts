/**
 * The issue's targets for the server, checked on the medians of a run (benchmarks, not tests):
 *
 * - issue-ticket on the embedded store ≥ 50 % of the Fastify hello world's req/s (same run);
 * - issue-ticket on the Redis store ≥ 80 % of the one-EVALSHA route's req/s (same run);
 * - p99 ≤ 20 ms at 100 connections without pipelining, on every route of ours that ran.
 *
 * All at pipelining 1. A target whose runs were not made (or made with fewer than 100 connections,
 * for the p99) is "not measured" (null), never a pass.
 */
import type { ServerSuiteOptions, SubjectSummary } from './server-suite.ts';

export interface TargetCheck {
  readonly name: string;
  readonly goal: string;
  /** The measured value (median), or null when not measured. */
  readonly value: number | null;
  readonly shown: string;
  readonly pass: boolean | null;
}

const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;

export function serverTargets(summaries: readonly SubjectSummary[], opts: Pick<ServerSuiteOptions, 'connections'>): TargetCheck[] {
  const at1 = summaries.filter((s) => s.pipelining === 1);
  const find = (subject: string) => at1.find((s) => s.subject === subject);
  const embedded = find('embedded:issue')?.perHello ?? null;
  const redis = find('redis:issue')?.perEvalsha ?? null;
  const ours = at1.filter((s) => s.subject.includes(':'));
  const worst = ours.length > 0 ? ours.reduce((a, b) => (b.p99Ms.median > a.p99Ms.median ? b : a)) : null;
  const p99Measured = worst !== null && opts.connections >= 100;
  return [
    {
      name: 'issue-ticket, embedded ÷ Fastify hello',
      goal: '≥ 50 %',
      value: embedded?.median ?? null,
      shown: embedded ? `${pct(embedded.median)} (${pct(embedded.min)}–${pct(embedded.max)})` : 'not measured',
      pass: embedded ? embedded.median >= 0.5 : null,
    },
    {
      name: 'issue-ticket, Redis ÷ one-EVALSHA route',
      goal: '≥ 80 %',
      value: redis?.median ?? null,
      shown: redis ? `${pct(redis.median)} (${pct(redis.min)}–${pct(redis.max)})` : 'not measured',
      pass: redis ? redis.median >= 0.8 : null,
    },
    {
      name: 'p99 at 100 connections, no pipelining (worst of our routes)',
      goal: '≤ 20 ms',
      value: p99Measured ? worst.p99Ms.median : null,
      shown: worst ? `${worst.p99Ms.median.toFixed(1)} ms (${worst.subject})${p99Measured ? '' : ` — only ${opts.connections} connections: not measured`}` : 'not measured',
      pass: p99Measured ? worst.p99Ms.median <= 20 : null,
    },
  ];
}
