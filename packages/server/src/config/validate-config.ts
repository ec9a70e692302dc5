/**
 * Builds the frozen ServerConfig from an input (file, flags, test): fills defaults, checks every
 * field and throws one ServerConfigError (SRV_ERR_CONFIG_INVALID) that lists every problem with
 * its path and what to fix. Centre configurations are validated by the engine (createConfig); their
 * problems are reported under `centres[i]`.
 */
import { ConfigError, createConfig, type CentreConfig } from '@asan/queue-core';
import { ROLES, DEFAULTS, type ServerConfig, type ServerConfigInput, type StoreConfig, type TokenRule } from './server-config.ts';
import { SRV_ERRORS } from '../errors.ts';

export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

export class ServerConfigError extends Error {
  readonly code = 'SRV_ERR_CONFIG_INVALID' as const;
  constructor(readonly problems: readonly ConfigProblem[]) {
    // The catalogue's message ('Server configuration is invalid: {problems}'), then one line per problem.
    super(`SRV_ERR_CONFIG_INVALID: ${SRV_ERRORS.SRV_ERR_CONFIG_INVALID.message.replace('{problems}', `${problems.length} problem(s)`)}:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ServerConfigError';
  }
}

const TOP_KEYS = new Set(['http', 'store', 'secret', 'centres', 'tokens', 'jobs', 'rateLimit', 'appendAttempts', 'snapshotEveryEvents', 'centreQueueMaxRequests', 'idempotencyTtlHours', 'logLevel', 'demo', '$schema', 'description']);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

export function createServerConfig(input: ServerConfigInput): ServerConfig {
  const problems: ConfigProblem[] = [];
  const bad = (path: string, message: string): void => void problems.push({ path, message });
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new ServerConfigError([{ path: '', message: 'configuration must be a JSON object' }]);

  const known = (path: string, obj: unknown, keys: readonly string[]): Record<string, unknown> => {
    if (obj === undefined) return {};
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      bad(path, 'must be an object');
      return {};
    }
    for (const k of Object.keys(obj)) if (!keys.includes(k)) bad(`${path}.${k}`, `is not a setting; known: ${keys.join(', ')}`);
    return obj as Record<string, unknown>;
  };
  const int = (path: string, v: unknown, dflt: number, min: number, max: number, or = ''): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      bad(path, `must be ${or}an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return dflt;
    }
    return v;
  };
  const bool = (path: string, v: unknown, dflt: boolean): boolean => {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') bad(path, `must be true or false, got ${JSON.stringify(v)}`);
    return v === true;
  };
  const text = (path: string, v: unknown, dflt: string, re: RegExp, what: string): string => {
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || !re.test(v)) {
      bad(path, `must be ${what}, got ${JSON.stringify(v)}`);
      return dflt;
    }
    return v;
  };

  for (const k of Object.keys(input)) if (!TOP_KEYS.has(k)) bad(k, `is not a setting; known: ${[...TOP_KEYS].join(', ')}`);
  const demo = bool('demo', input.demo, false);

  const h = known('http', input.http, Object.keys(DEFAULTS.http));
  const http = {
    host: text('http.host', h.host, DEFAULTS.http.host, /^[A-Za-z0-9.:-]{1,255}$/, 'a host name or address'),
    port: int('http.port', h.port, DEFAULTS.http.port, 0, 65_535),
    bodyLimitBytes: int('http.bodyLimitBytes', h.bodyLimitBytes, DEFAULTS.http.bodyLimitBytes, 256, 10 * 1024 * 1024),
    graceMs: int('http.graceMs', h.graceMs, DEFAULTS.http.graceMs, 0, 600_000),
    requestTimeoutMs: int('http.requestTimeoutMs', h.requestTimeoutMs, DEFAULTS.http.requestTimeoutMs, 1_000, 600_000),
    liveHeartbeatMs: h.liveHeartbeatMs === 0 ? 0 : int('http.liveHeartbeatMs', h.liveHeartbeatMs, DEFAULTS.http.liveHeartbeatMs, 100, 600_000, '0 (off) or '),
    liveMaxStreamsPerAddress: int('http.liveMaxStreamsPerAddress', h.liveMaxStreamsPerAddress, DEFAULTS.http.liveMaxStreamsPerAddress, 1, 100_000),
  };

  const s = known('store', input.store, Object.keys(DEFAULTS.store));
  const kind = s.kind ?? DEFAULTS.store.kind;
  let store: StoreConfig;
  // A setting of the other store is refused, not ignored: `url` without `kind: 'redis'` ran on the
  // embedded store (each instance its own log), the opposite silently dropped a data directory.
  const onlyFor = (keys: readonly string[], store: string, fix: string): void => {
    for (const k of keys) if (s[k] !== undefined) bad(`store.${k}`, `applies to the ${store} store only; the store is ${kind === 'redis' ? 'Redis' : 'embedded'} — ${fix}`);
  };
  if (kind === 'redis') onlyFor(['dataDir', 'noSync', 'overlappingSync'], 'embedded', 'remove it');
  else if (kind === 'embedded') onlyFor(['url', 'prefix'], 'Redis', 'set store.kind to "redis" to use Redis, or remove it');
  if (kind === 'redis') {
    store = {
      kind,
      url: text('store.url', s.url, DEFAULTS.store.url, /^rediss?:\/\/\S+$/, "a redis:// or rediss:// URL"),
      prefix: text('store.prefix', s.prefix, DEFAULTS.store.prefix, /^[A-Za-z0-9_.-]{1,64}$/, 'a key prefix of letters, digits, _ . -'),
    };
  } else {
    if (kind !== 'embedded') bad('store.kind', `must be 'embedded' or 'redis', got ${JSON.stringify(kind)}`);
    store = {
      kind: 'embedded',
      dataDir: text('store.dataDir', s.dataDir, DEFAULTS.store.dataDir, /^.{1,4096}$/, 'a directory path'),
      noSync: bool('store.noSync', s.noSync, DEFAULTS.store.noSync),
      overlappingSync: bool('store.overlappingSync', s.overlappingSync, DEFAULTS.store.overlappingSync),
    };
  }

  const secret = typeof input.secret === 'string' ? input.secret : '';
  if (secret.length === 0) bad('secret', 'is required: at least 32 characters (or set ASAN_SECRET); it keys citizen hashes and ticket tokens, keep it stable');
  else if (secret.length < 32) bad('secret', `must be at least 32 characters, got ${secret.length}; it keys citizen hashes and ticket tokens, keep it stable`);

  const centres: CentreConfig[] = [];
  if (!Array.isArray(input.centres) || input.centres.length === 0) bad('centres', 'needs at least one centre');
  else {
    input.centres.forEach((c, i) => {
      try {
        const cfg = createConfig(c);
        if (centres.some((o) => o.id === cfg.id)) bad(`centres[${i}].id`, `duplicate centre id ${cfg.id}`);
        centres.push(cfg);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        for (const p of err.problems) bad(`centres[${i}]${p.path ? `.${p.path}` : ''}`, p.message);
      }
    });
  }

  const tokens: TokenRule[] = [];
  const tokensIn = input.tokens ?? [];
  if (!Array.isArray(tokensIn)) bad('tokens', 'must be an array');
  else {
    const seen = new Set<string>();
    tokensIn.forEach((t, i) => {
      const p = `tokens[${i}]`;
      const r = known(p, t, ['token', 'role', 'centre', 'window', 'label']);
      const token = r.token;
      // Sent as `Authorization: Bearer <token>`, matched as printable ASCII (security/auth.ts): any
      // other character (another alphabet, an accent, a control) would make a token nobody can use.
      const shortest = demo ? 4 : 16;
      if (typeof token !== 'string' || token.length < shortest || token.length > 256 || !/^[\x21-\x7e]+$/.test(token)) {
        return bad(`${p}.token`, `must be ${shortest}–256 printable ASCII characters without spaces (it is sent in the Authorization header)`);
      }
      if (seen.has(token)) bad(`${p}.token`, 'is used twice');
      seen.add(token);
      const role = r.role;
      if (!(ROLES as readonly unknown[]).includes(role)) return bad(`${p}.role`, `must be one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
      const centre = r.centre;
      const cfg = centres.find((c) => c.id === centre);
      if (centre !== undefined && !cfg) bad(`${p}.centre`, `unknown centre ${JSON.stringify(centre)}`);
      if (role === 'operator') {
        if (centre === undefined) bad(`${p}.centre`, 'an operator token is bound to one centre');
        if (cfg && (typeof r.window !== 'number' || !cfg.windowIndex.has(r.window))) bad(`${p}.window`, `an operator token is bound to a window of ${String(centre)}, got ${JSON.stringify(r.window)}`);
      } else if (r.window !== undefined) bad(`${p}.window`, 'only an operator token is bound to a window');
      if (role === 'admin' && centre !== undefined) bad(`${p}.centre`, 'an admin token is for every centre');
      if (r.label !== undefined && (typeof r.label !== 'string' || r.label.length === 0 || r.label.length > 100)) bad(`${p}.label`, `a label is a text of 1–100 characters, got ${JSON.stringify(r.label)}`);
      tokens.push({
        token,
        role: role as TokenRule['role'],
        ...(typeof centre === 'string' ? { centre } : {}),
        ...(typeof r.window === 'number' ? { window: r.window } : {}),
        label: typeof r.label === 'string' ? r.label : `${String(role)}#${i}`,
      });
    });
  }

  const j = known('jobs', input.jobs, Object.keys(DEFAULTS.jobs));
  const webhookUrl = j.webhookUrl === undefined || j.webhookUrl === null ? null : text('jobs.webhookUrl', j.webhookUrl, '', /^https?:\/\/\S+$/, 'an http(s) URL or null');
  const jobs = {
    tickIntervalMs: int('jobs.tickIntervalMs', j.tickIntervalMs, DEFAULTS.jobs.tickIntervalMs, 100, 3_600_000),
    webhookUrl: webhookUrl === '' ? null : webhookUrl,
    webhookTimeoutMs: int('jobs.webhookTimeoutMs', j.webhookTimeoutMs, DEFAULTS.jobs.webhookTimeoutMs, 100, 120_000),
    notifyAtPeopleAhead: int('jobs.notifyAtPeopleAhead', j.notifyAtPeopleAhead, DEFAULTS.jobs.notifyAtPeopleAhead, 0, 1000),
    bookingReminderMs: int('jobs.bookingReminderMs', j.bookingReminderMs, DEFAULTS.jobs.bookingReminderMs, 0, 7 * 86_400_000),
  };

  const rl = known('rateLimit', input.rateLimit, Object.keys(DEFAULTS.rateLimit));
  const rateLimit = {
    publicMax: int('rateLimit.publicMax', rl.publicMax, DEFAULTS.rateLimit.publicMax, 1, 1_000_000),
    publicWindowMs: int('rateLimit.publicWindowMs', rl.publicWindowMs, DEFAULTS.rateLimit.publicWindowMs, 1_000, 86_400_000),
  };

  const appendAttempts = int('appendAttempts', input.appendAttempts, DEFAULTS.appendAttempts, 1, 1000);
  const snapshotEveryEvents = int('snapshotEveryEvents', input.snapshotEveryEvents, DEFAULTS.snapshotEveryEvents, 0, 100_000_000);
  const centreQueueMaxRequests = int('centreQueueMaxRequests', input.centreQueueMaxRequests, DEFAULTS.centreQueueMaxRequests, 1, 10_000_000);
  const idempotencyTtlHours = int('idempotencyTtlHours', input.idempotencyTtlHours, DEFAULTS.idempotencyTtlHours, 1, 8760);
  const logLevel = input.logLevel ?? DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) bad('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);

  if (problems.length > 0) throw new ServerConfigError(problems);
  return deepFreeze({ http, store, secret, centres, tokens, jobs, rateLimit, appendAttempts, snapshotEveryEvents, centreQueueMaxRequests, idempotencyTtlHours, logLevel, demo });
}
