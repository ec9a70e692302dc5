/**
 * Crashes, embedded store with its durable settings (a flush on every commit): kill -9 the server
 * process in the middle of a load of ticket issues, twice, and start it again on the same data
 * directory. Every ticket whose issue was acknowledged is there with its number (by its token on the
 * restarted server, and in the LMDB files read through the store module); resending what got no
 * answer never makes a second ticket; numbering goes on without reusing a number.
 * Every setting, more rounds: scripts/reliability/crash.ts.
 */
import { describe, it } from 'vitest';
import { expectNothingLost } from './support/crash-expectations.ts';
import { runCrash } from './support/crash-scenario.ts';

describe('kill -9 of the server, embedded LMDB store', () => {
  it('loses no acknowledged ticket (flush on every commit)', async () => {
    const r = await runCrash({ store: { kind: 'embedded', noSync: false }, victim: 'server', rounds: 2, acksPerRound: 150, desks: 6 });
    expectNothingLost(r, 2 * 150);
  }, 180_000);
});
