/**
 * Command line and environment → ServerConfig. Precedence: defaults < configuration file < env < flags.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ServerError } from '../errors.ts';
import { demoNetwork } from './demo-network.ts';
import type { ServerConfig, ServerConfigInput } from './server-config.ts';
import { createServerConfig, ServerConfigError } from './validate-config.ts';

export const HELP = `Usage: pnpm start [-- options]   (or: tsx packages/server/src/main.ts [options])

Runs the ASAN queue server. Without --config it runs the built-in demo centre (demo tokens).

Options:
  --config <file>     JSON network file: centres (fixed and mobile), tokens, secret, settings
  --redis <url>       use the Redis store at <url> instead of the embedded one   [env REDIS_URL]
  --data-dir <dir>    directory of the embedded store (default ./.data)           [env DATA_DIR]
  --no-sync           embedded store: do not flush every commit to disk (faster, less durable)
  --port <n>          port to listen on (default 3000)                            [env PORT]
  --host <addr>       address to listen on (default 127.0.0.1)                    [env HOST]
  --always-open       demo only: open the demo centre around the clock
  --log-level <lvl>   fatal, error, warn, info, debug, trace, silent              [env LOG_LEVEL]
  --clock <kind>      wall (default) or replay: replays and benchmarks only — time stands still
                      unless an admin request sets it with the header x-asan-now: <epoch ms>;
                      no time-driven jobs (the replay sends its own ticks)
  --help              show this help

Environment: ASAN_SECRET (HMAC key, at least 32 characters) overrides the file's secret.
`;

/** `wall`: Date.now. `replay`: set by admin requests (http/replay-clock.ts), for replays and benchmarks. */
export type ClockKind = 'wall' | 'replay';

export type Cli = { readonly help: true } | { readonly help: false; readonly config: ServerConfig; readonly configFile: string | null; readonly clock: ClockKind };

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): Cli {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        redis: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-sync': { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'always-open': { type: 'boolean' },
        'log-level': { type: 'string' },
        clock: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new ServerError('SRV_ERR_BAD_ARGUMENT', { reason: err instanceof Error ? err.message : String(err) });
  }
  if (values.help) return { help: true };

  const clock = values.clock ?? 'wall';
  if (clock !== 'wall' && clock !== 'replay') throw new ServerError('SRV_ERR_BAD_ARGUMENT', { reason: `--clock must be wall or replay, got ${JSON.stringify(clock)}` });
  // `pnpm start` runs the server in packages/server; paths typed on the command line are meant from
  // where the operator ran it, which pnpm (and npm) pass as INIT_CWD.
  const fromCwd = (path: string): string => (env.INIT_CWD && !isAbsolute(path) ? resolve(env.INIT_CWD, path) : path);
  const file = values.config !== undefined ? fromCwd(values.config) : null;
  if (file && values['always-open']) throw new ServerError('SRV_ERR_BAD_ARGUMENT', { reason: '--always-open applies to the demo only, not to --config' });
  const input: ServerConfigInput = file ? readConfigFile(file) : demoNetwork({ alwaysOpen: values['always-open'] === true });

  // Where each value set outside the file came from, so a problem with it names the flag or variable.
  const sources = new Map<string, string>();
  const from = (path: string, flag: string, flagValue: unknown, envName: string, envValue: string | undefined): void => {
    if (flagValue !== undefined) sources.set(path, flag);
    else if (envValue) sources.set(path, `${envName} in the environment`);
  };
  from('http.port', '--port', values.port, 'PORT', env.PORT);
  from('http.host', '--host', values.host, 'HOST', env.HOST);
  from('store.url', '--redis', values.redis, 'REDIS_URL', env.REDIS_URL);
  from('store.dataDir', '--data-dir', values['data-dir'], 'DATA_DIR', env.DATA_DIR);
  from('logLevel', '--log-level', values['log-level'], 'LOG_LEVEL', env.LOG_LEVEL);
  from('secret', '(none)', undefined, 'ASAN_SECRET', env.ASAN_SECRET);

  // An empty variable is unset, as for HOST, REDIS_URL, DATA_DIR and LOG_LEVEL; an empty --port is refused.
  const portText = values.port ?? (env.PORT || undefined);
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    const name = values.port !== undefined ? '--port' : 'PORT (environment)';
    if (!/^\d{1,5}$/.test(portText)) throw new ServerError('SRV_ERR_BAD_ARGUMENT', { reason: `${name} must be a number, got ${JSON.stringify(portText)}` });
  }
  const host = values.host ?? env.HOST;
  const redisUrl = values.redis ?? env.REDIS_URL;
  const dataDir = values['data-dir'] !== undefined ? fromCwd(values['data-dir']) : env.DATA_DIR;
  const logLevel = values['log-level'] ?? env.LOG_LEVEL;

  const store = { ...(input.store ?? {}) };
  if (redisUrl) Object.assign(store, { kind: 'redis', url: redisUrl });
  if (dataDir) Object.assign(store, { dataDir });
  if (values['no-sync']) Object.assign(store, { noSync: true });
  if (store.kind === 'redis') {
    // Asked for explicitly on the command line, these would be silently ignored: say so.
    const redisFrom = values.redis ? '--redis' : redisUrl ? 'REDIS_URL in the environment' : "the configuration file's store.kind";
    for (const flag of ['--data-dir', '--no-sync'] as const) {
      if (values[flag === '--data-dir' ? 'data-dir' : 'no-sync'] !== undefined) throw new ServerError('SRV_ERR_BAD_ARGUMENT', { reason: `${flag} applies to the embedded store; the store is Redis (${redisFrom})` });
    }
    delete store.dataDir;
    delete store.noSync;
    delete store.overlappingSync;
  }

  const merged: ServerConfigInput = {
    ...input,
    http: { ...(input.http ?? {}), ...(port !== undefined ? { port } : {}), ...(host ? { host } : {}) },
    store,
    ...(env.ASAN_SECRET ? { secret: env.ASAN_SECRET } : {}),
    ...(logLevel ? { logLevel: logLevel as ServerConfigInput['logLevel'] } : {}),
  };
  let config: ServerConfig;
  try {
    config = createServerConfig(merged);
  } catch (err) {
    if (!(err instanceof ServerConfigError)) throw err;
    throw new ServerConfigError(err.problems.map((p) => (sources.has(p.path) ? { ...p, path: `${p.path} (from ${sources.get(p.path)})` } : p)));
  }
  return { help: false, config, configFile: file, clock };
}

export function readConfigFile(file: string): ServerConfigInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ServerError('SRV_ERR_CONFIG_FILE', { file, reason: err instanceof Error ? err.message : String(err) });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ServerError('SRV_ERR_CONFIG_FILE', { file, reason: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
  }
  // Valid JSON that is not one object (null, an array, a number…): say so, rather than fail on it later.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new ServerError('SRV_ERR_CONFIG_FILE', { file, reason: `must be one JSON object ({ "secret": …, "centres": [ … ] }), got ${kind}` });
  }
  return parsed as ServerConfigInput;
}
