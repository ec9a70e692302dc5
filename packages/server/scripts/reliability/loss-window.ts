/**
 * The window of loss of each durability setting, measured rather than assumed: while desks issue
 * tickets as fast as a real server process answers, and after they stop, the store's files
 * (LMDB's data.mdb; Redis's append-only files) are sampled every 100 ms for pages that are in the
 * page cache only — dirty or under writeback — with the cachestat(2) system call (cachestat.py;
 * Linux >= 6.5). A kill -9 of a process loses none of those pages; a kernel crash or a power cut
 * loses all of them. "Clean after" is how long after the last acknowledged issue the files held
 * such pages: the time the last acknowledged tickets would have been lost in a machine crash.
 *
 *   node --import tsx packages/server/scripts/reliability/loss-window.ts [--seconds 20] [--desks 8]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runDesks } from '../../test/reliability/support/load-driver.ts';
import { CENTRE, networkInput, SERVICES, TOKENS, writeNetwork } from '../../test/reliability/support/network-config.ts';
import { RedisProcess, type Fsync } from '../../test/reliability/support/redis-process.ts';
import { ServerProcess } from '../../test/reliability/support/server-process.ts';
import { sleep } from '../../test/reliability/support/wait.ts';
import { main, numberFlags, progress, report } from './script-io.ts';

type Setting = { name: string; embedded: { noSync: boolean } } | { name: string; redis: Fsync };
const SETTINGS: readonly Setting[] = [
  { name: 'embedded LMDB, flush on commit', embedded: { noSync: false } },
  { name: 'embedded LMDB, noSync', embedded: { noSync: true } },
  { name: 'Redis appendfsync always', redis: 'always' },
  { name: 'Redis appendfsync everysec', redis: 'everysec' },
];

const SAMPLE_MS = 100;

interface Sample {
  readonly t: number;
  readonly dirty: number;
  readonly writeback: number;
}

/** Samples the page-cache state of `files` until `stop()`. */
function sampler(files: readonly string[]): { samples: Sample[]; stop: () => void } {
  const script = fileURLToPath(new URL('./cachestat.py', import.meta.url));
  const child = spawn('python3', [script, String(SAMPLE_MS), ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: Sample[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => samples.push(JSON.parse(line) as Sample));
  return { samples, stop: () => void (child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGTERM')) };
}

async function measure(s: Setting, seconds: number, desks: number) {
  const dir = mkdtempSync(join(tmpdir(), 'asan-window-'));
  const redis = 'redis' in s ? await RedisProcess.start({ aof: s.redis }) : undefined;
  const dataDir = join(dir, 'data');
  const server = await ServerProcess.start({ configFile: writeNetwork(dir, networkInput()), logLevel: 'error', ...(redis ? { redis: redis.url } : { dataDir, noSync: 'embedded' in s && s.embedded.noSync }) });
  const files = redis ? readdirSync(join(redis.dir, 'appendonlydir')).map((f) => join(redis.dir, 'appendonlydir', f)) : [join(dataDir, 'data.mdb')];
  const probe = sampler(files);
  try {
    const started = Date.now();
    const result = await runDesks({ servers: [server.url], centre: CENTRE, run: `w${started.toString(36)}`, token: TOKENS.desk, tickets: Number.MAX_SAFE_INTEGER, desks, services: SERVICES, stopped: () => Date.now() - started > seconds * 1000 });
    const lastAck = Date.now();
    const pending = (x: Sample) => x.dirty + x.writeback > 0;
    while (Date.now() - lastAck < 90_000 && !probe.samples.some((x) => x.t > lastAck && !pending(x))) await sleep(100);
    const during = probe.samples.filter((x) => x.t >= started && x.t <= lastAck);
    const after = probe.samples.filter((x) => x.t > lastAck);
    const clean = after.find((x) => !pending(x));
    const rate = result.acknowledged.length / ((lastAck - started) / 1000);
    // Clean at the first sample after the last answer: every acknowledged write was on disk within
    // one sampling interval, which is all this method can resolve.
    const window = !clean ? null : clean === after[0] ? 0 : clean.t - lastAck;
    return {
      setting: s.name,
      acknowledged: result.acknowledged.length,
      issuesPerS: Math.round(rate),
      samplesDuringLoad: during.length,
      samplesWithPagesInCacheOnly: during.filter(pending).length,
      maxPagesInCacheOnly: Math.max(0, ...during.map((x) => x.dirty + x.writeback)),
      lastAcknowledgedOnDiskAfter: window === null ? 'not within 90 s' : window === 0 ? `< ${SAMPLE_MS} ms (first sample clean)` : `${Math.round(window)} ms (± ${SAMPLE_MS})`,
      ticketsAtRiskInAMachineCrash: window === null ? null : Math.round((rate * window) / 1000),
    };
  } finally {
    probe.stop();
    await server.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(async () => {
  const flags = numberFlags({ seconds: 20, desks: 8 });
  progress(`loss window: ${JSON.stringify(flags)}`);
  const results = [];
  for (const s of SETTINGS) {
    progress(s.name);
    results.push(await measure(s, flags.seconds, flags.desks));
    progress(JSON.stringify(results.at(-1)));
  }
  report('loss-window', { ...flags, results });
  return true;
});
