/**
 * Crashes, every setting: kill -9 of the server process (embedded LMDB with and without a flush on
 * every commit; Redis with appendfsync always and everysec) and of redis-server itself (restarted
 * from its AOF, always and everysec), several rounds each, in the middle of a load of ticket issues.
 *
 *   node --import tsx packages/server/scripts/reliability/crash.ts [--rounds 5] [--acks 300] [--desks 8]
 *
 * Killing a process does not lose what it already handed to the kernel (the page cache survives), so
 * the faster settings are expected to lose nothing here too; loss-window.ts measures how long their
 * acknowledged writes stay in the page cache only.
 */
import { runCrash, type CrashOptions } from '../../test/reliability/support/crash-scenario.ts';
import { main, numberFlags, progress, report } from './script-io.ts';

const CASES: readonly { name: string; store: CrashOptions['store']; victim: CrashOptions['victim'] }[] = [
  { name: 'embedded LMDB, flush on commit — kill -9 server', store: { kind: 'embedded', noSync: false }, victim: 'server' },
  { name: 'embedded LMDB, noSync — kill -9 server', store: { kind: 'embedded', noSync: true }, victim: 'server' },
  { name: 'Redis appendfsync always — kill -9 server', store: { kind: 'redis', fsync: 'always' }, victim: 'server' },
  { name: 'Redis appendfsync everysec — kill -9 server', store: { kind: 'redis', fsync: 'everysec' }, victim: 'server' },
  { name: 'Redis appendfsync always — kill -9 redis-server', store: { kind: 'redis', fsync: 'always' }, victim: 'redis' },
  { name: 'Redis appendfsync everysec — kill -9 redis-server', store: { kind: 'redis', fsync: 'everysec' }, victim: 'redis' },
];

main(async () => {
  const flags = numberFlags({ rounds: 5, acks: 300, desks: 8 });
  progress(`crash: ${JSON.stringify(flags)}`);
  const results = [];
  for (const c of CASES) {
    progress(c.name);
    const r = await runCrash({ store: c.store, victim: c.victim, rounds: flags.rounds, acksPerRound: flags.acks, desks: flags.desks, progress });
    const lost = r.reconciliation.lost.length + r.lostByHttp.length;
    const ok = lost === 0 && r.unclaimed === 0 && !r.freshNumberReused && Object.keys(r.resent).every((s) => s === '201');
    results.push({
      case: c.name,
      ok,
      kills: r.rounds.length,
      acknowledged: r.acknowledged,
      unansweredAtKill: r.rounds.reduce((n, x) => n + x.unanswered, 0),
      unansweredStatuses: r.rounds.map((x) => x.unansweredStatuses),
      lostAcknowledged: r.reconciliation.lost.length,
      lostByToken: r.lostByHttp.length,
      resent: r.resent,
      unclaimedTickets: r.unclaimed,
      freshNumberReused: r.freshNumberReused,
      settledMsAfterKill: r.rounds.map((x) => Math.round(x.settledMs)),
      readyMsAfterRestart: r.rounds.map((x) => Math.round(x.recoveryMs)),
    });
  }
  const ok = results.every((r) => r.ok);
  report('crash', { ok, ...flags, results });
  return ok;
});
