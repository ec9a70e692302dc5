/** Configuration: defaults, validation with every problem listed, the example network, the CLI. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli, readConfigFile } from '../src/config/cli.ts';
import { DEMO_CENTRE, demoNetwork } from '../src/config/demo-network.ts';
import { createServerConfig, ServerConfigError } from '../src/config/validate-config.ts';
import { ServerError } from '../src/errors.ts';
import { SECRET, tempDir } from './helpers.ts';

const EXAMPLE = new URL('../examples/network.json', import.meta.url).pathname;

function problems(input: unknown): string[] {
  try {
    createServerConfig(input as never);
  } catch (err) {
    if (err instanceof ServerConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  throw new Error('expected SRV_ERR_CONFIG_INVALID');
}

describe('server configuration', () => {
  it('fills defaults with units in the names and freezes the result', () => {
    const c = createServerConfig({ centres: [DEMO_CENTRE], secret: SECRET });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3000, bodyLimitBytes: 16_384, graceMs: 10_000, requestTimeoutMs: 30_000, liveHeartbeatMs: 15_000, liveMaxStreamsPerAddress: 64 });
    expect(c.store).toEqual({ kind: 'embedded', dataDir: './.data', noSync: false, overlappingSync: true });
    expect(c.jobs.tickIntervalMs).toBe(15_000);
    expect(Object.isFrozen(c) && Object.isFrozen(c.http) && Object.isFrozen(c.tokens)).toBe(true);
  });

  it('lists every problem with its path, centre problems included', () => {
    const bad = problems({
      secret: 'short',
      centres: [{ ...DEMO_CENTRE, windows: [{ number: 1, floor: 1, agency: 'mia', services: ['nothing'] }] }, DEMO_CENTRE, DEMO_CENTRE],
      tokens: [{ token: 'x', role: 'root' }, { token: 'operator-token-0001', role: 'operator', centre: 'baku-1', window: 77 }],
      http: { port: 'eighty', colour: 'blue' },
      store: { kind: 'postgres' },
      jobs: { tickIntervalMs: 5, webhookUrl: 'ftp://x' },
      extra: true,
    });
    expect(bad).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^extra: is not a setting/),
        expect.stringMatching(/^http\.port: must be an integer/),
        expect.stringMatching(/^http\.colour: is not a setting/),
        expect.stringMatching(/^store\.kind: must be 'embedded' or 'redis'/),
        expect.stringMatching(/^secret: must be at least 32 characters, got 5;/),
        expect.stringMatching(/^centres\[0\]\.windows\[0\]\.services\[0\]: unknown service "nothing"/),
        expect.stringMatching(/^centres\[2\]\.id: duplicate centre id baku-1/),
        expect.stringMatching(/^tokens\[0\]\.token: must be 16–256 printable ASCII characters/),
        expect.stringMatching(/^tokens\[1\]\.window: an operator token is bound to a window of baku-1/),
        expect.stringMatching(/^jobs\.tickIntervalMs: must be an integer from 100/),
        expect.stringMatching(/^jobs\.webhookUrl: must be an http\(s\) URL/),
      ]),
    );
    expect(() => createServerConfig({ centres: [] } as never)).toThrow(/SRV_ERR_CONFIG_INVALID/);
  });

  it('loads the example network: two fixed centres and a mobile bus with a timetable', () => {
    const c = createServerConfig(readConfigFile(EXAMPLE));
    expect(c.centres.map((x) => [x.id, x.kind])).toEqual([
      ['baku-2', 'fixed'],
      ['ganja', 'fixed'],
      ['mobile-1', 'mobile'],
    ]);
    expect(c.centres[2]!.stops.size).toBe(4);
    expect(c.tokens.filter((t) => t.role === 'operator')).toHaveLength(12);
  });

  it('the demo: one large centre with ~10 services and windows, rosters and demo tokens', () => {
    const c = createServerConfig(demoNetwork({ alwaysOpen: false }));
    const centre = c.centres[0]!;
    expect(centre.services.length).toBeGreaterThanOrEqual(10);
    expect(centre.windows.length).toBeGreaterThanOrEqual(10);
    expect(centre.agencies.length).toBeGreaterThanOrEqual(5);
    expect(centre.windows.every((w) => w.roster.length > 0)).toBe(true);
    expect(c.tokens.map((t) => t.role)).toEqual(expect.arrayContaining(['admin', 'desk', 'kiosk', 'operator']));
  });
});

describe('command line', () => {
  it('runs the demo on the embedded store by default; flags and env override', () => {
    const d = parseCli([], {});
    expect(d.help).toBe(false);
    if (d.help) return;
    expect(d.config.demo).toBe(true);
    expect(d.config.store.kind).toBe('embedded');
    expect(d.config.http.port).toBe(3000);
    const r = parseCli(['--redis', 'redis://127.0.0.1:6390', '--port', '4000', '--host', '0.0.0.0', '--always-open'], { LOG_LEVEL: 'warn' });
    if (r.help) throw new Error('no help');
    expect(r.config.store).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6390', prefix: 'asan' });
    expect(r.config.http).toMatchObject({ port: 4000, host: '0.0.0.0' });
    expect(r.config.logLevel).toBe('warn');
    const env = parseCli(['--data-dir', '/tmp/x', '--no-sync'], { REDIS_URL: undefined, PORT: '3100' });
    if (env.help) throw new Error('no help');
    expect(env.config.store).toMatchObject({ kind: 'embedded', dataDir: '/tmp/x', noSync: true });
    expect(env.config.http.port).toBe(3100);
    // an empty PORT is unset, like the other variables (it stopped the start); an empty --port is refused
    const emptyPort = parseCli([], { PORT: '' });
    if (emptyPort.help) throw new Error('no help');
    expect(emptyPort.config.http.port).toBe(3000);
    expect(() => parseCli(['--port', ''], {})).toThrow(/--port must be a number, got ""/);
    expect(parseCli(['--help'], {})).toEqual({ help: true });
  });

  it('refuses unknown flags, bad values and unreadable files with coded errors', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof ServerError ? err.code : err instanceof ServerConfigError ? err.code : 'other';
      }
      return 'none';
    };
    expect(code(() => parseCli(['--bogus'], {}))).toBe('SRV_ERR_BAD_ARGUMENT');
    expect(code(() => parseCli(['--port', 'x80'], {}))).toBe('SRV_ERR_BAD_ARGUMENT');
    expect(code(() => parseCli(['--port', '99999'], {}))).toBe('SRV_ERR_CONFIG_INVALID');
    expect(code(() => parseCli(['--config', '/nonexistent.json'], {}))).toBe('SRV_ERR_CONFIG_FILE');
    expect(code(() => parseCli(['--config', new URL('../package.json', import.meta.url).pathname], {}))).toBe('SRV_ERR_CONFIG_INVALID');
    expect(code(() => parseCli(['--config', EXAMPLE, '--always-open'], {}))).toBe('SRV_ERR_BAD_ARGUMENT');
    expect(code(() => parseCli(['--config', EXAMPLE], { ASAN_SECRET: 'short' }))).toBe('SRV_ERR_CONFIG_INVALID');
  });

  it('refuses a configuration file that is JSON but not one object, saying so (no TypeError)', () => {
    const tmp = tempDir();
    try {
      for (const [text, kind] of [['null', 'null'], ['[]', 'an array'], ['[{"secret":"x"}]', 'an array'], ['42', 'a number'], ['"network"', 'a string'], ['true', 'a boolean']] as const) {
        const file = join(tmp.dir, 'network.json');
        writeFileSync(file, text);
        let caught: unknown;
        try {
          parseCli(['--config', file], {});
        } catch (err) {
          caught = err;
        }
        expect(caught, text).toBeInstanceOf(ServerError);
        const e = caught as ServerError;
        expect(e.code, text).toBe('SRV_ERR_CONFIG_FILE');
        expect(e.message, text).toBe(`Cannot read configuration file ${file}: must be one JSON object ({ "secret": …, "centres": [ … ] }), got ${kind}`);
      }
    } finally {
      tmp.remove();
    }
  });

  it('names where a bad value came from: the flag or the environment variable, not only the setting', () => {
    const messageOf = (f: () => unknown): string => {
      try {
        f();
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
      return 'none';
    };
    expect(messageOf(() => parseCli(['--port', 'abc'], {}))).toBe('Bad command-line argument: --port must be a number, got "abc"');
    expect(messageOf(() => parseCli([], { PORT: 'abc' }))).toBe('Bad command-line argument: PORT (environment) must be a number, got "abc"');
    expect(messageOf(() => parseCli(['--port', '99999'], {}))).toContain('  - http.port (from --port): must be an integer from 0 to 65535, got 99999');
    expect(messageOf(() => parseCli([], { PORT: '99999' }))).toContain('  - http.port (from PORT in the environment): must be');
    expect(messageOf(() => parseCli([], { LOG_LEVEL: 'loud' }))).toContain('  - logLevel (from LOG_LEVEL in the environment): must be one of');
    expect(messageOf(() => parseCli(['--log-level', 'loud'], { LOG_LEVEL: 'info' }))).toContain('  - logLevel (from --log-level): must be one of');
    expect(messageOf(() => parseCli([], { REDIS_URL: 'http://x' }))).toContain('  - store.url (from REDIS_URL in the environment): must be a redis://');
    expect(messageOf(() => parseCli(['--config', EXAMPLE], {}))).toBe('none');
    // A secret that is set but too short is not "required": say how long it must be.
    const short = messageOf(() => parseCli([], { ASAN_SECRET: 'short' }));
    expect(short).toContain('  - secret (from ASAN_SECRET in the environment): must be at least 32 characters, got 5');
    expect(short).not.toContain('is required');
  });

  it('refuses embedded-store flags with the Redis store instead of ignoring them', () => {
    const reasonOf = (f: () => unknown): string => {
      try {
        f();
      } catch (err) {
        return err instanceof ServerError ? `${err.code}: ${err.message}` : String(err);
      }
      return 'none';
    };
    const redis = ['--redis', 'redis://127.0.0.1:6379'];
    expect(reasonOf(() => parseCli([...redis, '--data-dir', '/srv/asan'], {}))).toBe('SRV_ERR_BAD_ARGUMENT: Bad command-line argument: --data-dir applies to the embedded store; the store is Redis (--redis)');
    expect(reasonOf(() => parseCli([...redis, '--no-sync'], {}))).toBe('SRV_ERR_BAD_ARGUMENT: Bad command-line argument: --no-sync applies to the embedded store; the store is Redis (--redis)');
    expect(reasonOf(() => parseCli(['--no-sync'], { REDIS_URL: 'redis://127.0.0.1:6379' }))).toBe('SRV_ERR_BAD_ARGUMENT: Bad command-line argument: --no-sync applies to the embedded store; the store is Redis (REDIS_URL in the environment)');
    // A DATA_DIR in the environment (set for every process) is not an explicit request: still ignored.
    expect(reasonOf(() => parseCli(redis, { DATA_DIR: '/srv/asan' }))).toBe('none');
    expect(reasonOf(() => parseCli(['--data-dir', '/srv/asan', '--no-sync'], {}))).toBe('none');
  });

  it('resolves --config and --data-dir against the directory pnpm was run from (INIT_CWD), as the README runs them', () => {
    // `pnpm start -- --config packages/server/examples/network.json` at the repository root runs the
    // server in packages/server; pnpm passes the directory the operator typed in as INIT_CWD.
    const examples = new URL('../examples/', import.meta.url).pathname;
    const c = parseCli(['--config', 'network.json', '--data-dir', 'data-here'], { INIT_CWD: examples });
    if (c.help) throw new Error('help');
    expect(c.configFile).toBe(join(examples, 'network.json'));
    expect(c.config.store).toMatchObject({ kind: 'embedded', dataDir: join(examples, 'data-here') });
    // Absolute paths, and no INIT_CWD (node run directly): as given.
    const d = parseCli(['--config', EXAMPLE, '--data-dir', '/srv/asan'], { INIT_CWD: '/elsewhere' });
    if (d.help) throw new Error('help');
    expect([d.configFile, d.config.store.kind === 'embedded' && d.config.store.dataDir]).toEqual([EXAMPLE, '/srv/asan']);
    const e = parseCli(['--data-dir', 'rel'], {});
    if (e.help) throw new Error('help');
    expect(e.config.store.kind === 'embedded' && e.config.store.dataDir).toBe('rel');
  });
});
