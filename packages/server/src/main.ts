/**
 * `pnpm start`: parse flags and environment, build the app, listen, print where things are, and
 * shut down gracefully on SIGINT / SIGTERM (in-flight requests finish; nothing appended is lost).
 */
import { parseCli, HELP } from './config/cli.ts';
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
  const app = await buildApp({ config, ...(replayClock ? { replayClock, jobs: false } : {}) });
  const address = await app.listen({ host: config.http.host, port: config.http.port });

  const store = config.store.kind === 'redis' ? `Redis at ${config.store.url.replace(/\/\/[^@]*@/, '//***@')}` : `embedded LMDB in ${config.store.dataDir}${config.store.noSync ? ' (noSync)' : ''}`;
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

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
