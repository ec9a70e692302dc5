/**
 * Crashes, Redis store with `appendfsync always`: kill -9 the server process in the middle of a load
 * of ticket issues, then kill -9 redis-server itself and start it again from its append-only file.
 * Each time, every ticket whose issue was acknowledged is there with its number (by its token on
 * the server, and in Redis read through the store module); resending what got no answer never makes
 * a second ticket. Every setting, more rounds: scripts/reliability/crash.ts.
 */
import { describe, it } from 'vitest';
import { expectNothingLost } from './support/crash-expectations.ts';
import { runCrash } from './support/crash-scenario.ts';

describe('kill -9 with the Redis store (appendfsync always)', () => {
  it('of the server process: loses no acknowledged ticket', async () => {
    const r = await runCrash({ store: { kind: 'redis', fsync: 'always' }, victim: 'server', rounds: 2, acksPerRound: 150, desks: 6 });
    expectNothingLost(r, 2 * 150);
  }, 180_000);

  it('of redis-server, restarted from its AOF: loses no acknowledged ticket, and the server recovers by itself', async () => {
    const r = await runCrash({ store: { kind: 'redis', fsync: 'always' }, victim: 'redis', rounds: 2, acksPerRound: 150, desks: 6 });
    // The server process is never restarted here: runCrash waits (bounded) for its /ready to answer 200 again.
    expectNothingLost(r, 2 * 150);
  }, 180_000);
});
