/**
 * `pnpm start`: parse flags and environment, build the app, listen, print where things are, and
 * shut down gracefully on SIGINT / SIGTERM (in-flight requests finish; nothing appended is lost).
 */
import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCli, HELP } from './config/cli.ts';
import type { ServerConfig } from './config/server-config.ts';
import { ServerConfigError } from './config/validate-config.ts';
import { buildApp } from './app.ts';
import { ServerError } from './errors.ts';
import { ReplayClock } from './http/replay-clock.ts';

async function main(): Promise<void> {
  let cli;
  try {
    // `pnpm start -- --flag` passes the `--` through: drop it.
    const argv = process.argv.slice(2);
    cli = parseCli(argv[0] === '--' ? argv.slice(1) : argv, process.env);
  } catch (err) {
    if (err instanceof ServerError || err instanceof ServerConfigError) {
      process.stderr.write(`${err instanceof ServerError ? `${err.code}: ` : ''}${err.message}\n\nRun with --help for the options.\n`);
      process.exit(2);
    }
    throw err;
  }
  if (cli.help) {
    process.stdout.write(HELP);
    return;
  }
  const { config } = cli;
  // Replays and benchmarks only: time is set by admin requests (from 0 until the first one, so a
  // replay may start at any date); no time-driven jobs.
  const replayClock = cli.clock === 'replay' ? new ReplayClock(0) : undefined;
  if (config.store.kind === 'embedded') {
    let release: () => void;
    try {
      release = claimDataDir(config.store.dataDir);
    } catch (err) {
      if (err instanceof DataDirInUse) return startFailed(`cannot open the embedded store in ${resolve(config.store.dataDir)}: ${err.message}`);
      return startFailed(storeProblem(config.store, err));
    }
    process.on('exit', release);
  }
  let app;
  try {
    app = await buildApp({ config, ...(replayClock ? { replayClock, jobs: false } : {}) });
  } catch (err) {
    // The stored log does not fit the configuration (config change between restarts): a configuration problem.
    if (err instanceof ServerConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    return startFailed(storeProblem(config.store, err));
  }
  let address;
  try {
    address = await app.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    await app.close().catch(() => {});
    return startFailed(listenProblem(config.http.host, config.http.port, err));
  }

  const store = config.store.kind === 'redis' ? `Redis at ${maskUrl(config.store.url)}` : `embedded LMDB in ${resolve(config.store.dataDir)}${config.store.noSync ? ' (noSync)' : ''}`;
  const lines = [
    '',
    `ASAN queue server listening on ${address} — store: ${store}`,
    `  API docs (OpenAPI): ${address}/docs`,
    `  index of pages:     ${address}/`,
  ];
  if (replayClock) lines.push('  CLOCK: replay (benchmarks only) — time moves only when an admin request sends x-asan-now; no time-driven jobs');
  for (const c of config.centres) {
    lines.push(`  ${c.name} (${c.id}):`, `    board page:    ${address}/board/${c.id}`, `    operator page: ${address}/operator/${c.id}/${c.windows[0]!.number}   (one per window)`);
  }
  if (config.demo) {
    lines.push('', '  Demo tokens (NOT for production): admin "demo-admin", desk "demo-desk", kiosk "demo-kiosk", operator of window N "demo-operator-N".');
    lines.push(`  Try: curl -s -X POST ${address}/api/centres/${config.centres[0]!.id}/tickets -H 'authorization: Bearer demo-desk' -H 'content-type: application/json' -d '{"service":"id-card"}'`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('graceful shutdown took longer than graceMs; exiting');
      process.exit(1);
    }, config.http.graceMs);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

class DataDirInUse extends Error {}

/**
 * One process per data directory (README): `<dir>/server.pid` names the server using it, as
 * "<pid> <start time>" (the process's start time in clock ticks since boot, from /proc on Linux).
 * A second server on the same directory would serve from a memory the first one's writes never
 * reach (its boards and reads stale); it is refused. A file whose process has exited (a crash) is
 * taken over, and so is one whose pid now belongs to a process started at another time (the pid
 * was reused after a crash). Without /proc (or a file with a pid only) the pid alone decides.
 * Returns the release (at exit).
 */
function claimDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'server.pid');
  const mine = `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim();
  const alive = (pid: number, started: string | undefined): boolean => {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
    }
    const now = started === undefined ? null : startTimeOf(pid);
    return now === null || now === started;
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
        } catch {
          // gone already
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const [pidText, started] = readFileSync(file, 'utf8').trim().split(/\s+/);
    const pid = Number(pidText);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid, started)) {
      throw new DataDirInUse(`it is in use by another server process (pid ${pid}) — stop it, or give another --data-dir / DATA_DIR / store.dataDir (one process per data directory)`);
    }
    rmSync(file, { force: true }); // its process has exited, or the pid is another process's now
  }
  throw new Error(`cannot take ${file}`);
}

/** A process's start time (clock ticks after boot, field 22 of /proc/<pid>/stat), or null where there is no /proc. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name (which is in parentheses and may hold spaces): field 3 onwards
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start !== undefined && /^\d+$/.test(start) ? start : null;
  } catch {
    return null;
  }
}

/** A Redis URL with its credentials masked. */
function maskUrl(url: string): string {
  return url.replace(/\/\/[^@]*@/, '//***@');
}

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}

/** The store could not be opened or its centres not loaded: which store, why, what to change. */
function storeProblem(store: ServerConfig['store'], err: unknown): string {
  return store.kind === 'redis'
    ? `cannot use the Redis store at ${maskUrl(store.url)}: ${messageOf(err)} — check that Redis runs there, or fix --redis / REDIS_URL / store.url`
    : `cannot open the embedded store in ${resolve(store.dataDir)}: ${messageOf(err)} — give a directory this process can create and write (--data-dir / DATA_DIR / store.dataDir)`;
}

/** The address could not be listened on: which, why, what to change. */
function listenProblem(host: string, port: number, err: unknown): string {
  const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  const why =
    code === 'EADDRINUSE'
      ? 'the address is already in use (EADDRINUSE) — stop the process that uses it, or choose another --port / PORT / http.port'
      : code === 'EACCES'
        ? 'permission denied (EACCES) — ports below 1024 need privileges; choose another --port / PORT / http.port'
        : `${messageOf(err)} — --host / HOST / http.host must be an address of this machine (e.g. 127.0.0.1 or 0.0.0.0)`;
  return `cannot listen on ${host}:${port}: ${why}`;
}

/** A start that failed after the configuration was accepted: a coded line, exit code 2, no stack. */
function startFailed(reason: string): never {
  process.stderr.write(`SRV_ERR_START_FAILED: ${new ServerError('SRV_ERR_START_FAILED', { reason }).message}\n`);
  process.exit(2);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
