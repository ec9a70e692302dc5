/**
 * Fastify gives every request its own child logger (`req.log`, bound to the request id). A pino
 * child costs ~0.5 µs to make (half of it the redaction of its bindings) and is garbage after the
 * request, yet at the levels a loaded server runs at (`warn` and above) almost no request logs
 * anything. So the child is made on the first line logged at an enabled level: the same child, with
 * the same bindings, writes the same line; a request that logs nothing never makes one.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

type Bindings = Record<string, unknown>;
/** pino's logger (Fastify's own when `logger` is options): it can say whether a level is enabled. */
type PinoLike = FastifyBaseLogger & { isLevelEnabled(level: string): boolean; bindings(): Bindings };
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

class LazyRequestLogger {
  private made: PinoLike | undefined;

  constructor(
    private readonly parent: PinoLike,
    private readonly childBindings: Bindings,
  ) {}

  private real(): PinoLike {
    return (this.made ??= this.parent.child(this.childBindings) as PinoLike);
  }

  /** Logs through the child, made now if `level` is enabled (the parent's level decides until then). */
  private log(level: Level, args: unknown[]): void {
    const logger = this.made ?? (this.parent.isLevelEnabled(level) ? this.real() : undefined);
    if (logger) (logger[level] as (...a: unknown[]) => void).apply(logger, args);
  }

  get level(): string {
    return this.made ? this.made.level : this.parent.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }

  error(...args: unknown[]): void {
    this.log('error', args);
  }

  warn(...args: unknown[]): void {
    this.log('warn', args);
  }

  info(...args: unknown[]): void {
    this.log('info', args);
  }

  debug(...args: unknown[]): void {
    this.log('debug', args);
  }

  trace(...args: unknown[]): void {
    this.log('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: object): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }

  isLevelEnabled(level: string): boolean {
    return (this.made ?? this.parent).isLevelEnabled(level);
  }

  bindings(): Bindings {
    return this.real().bindings();
  }
}

/**
 * Fastify's `childLoggerFactory`: a lazy child for requests that inherit the app's level and
 * serializers; a route with a level or serializers of its own gets its child at once.
 */
export function lazyChildLogger(this: FastifyInstance, logger: FastifyBaseLogger, bindings: Bindings, options: { level?: string; serializers?: unknown }): FastifyBaseLogger {
  const pino = logger as PinoLike;
  if (options.level !== undefined || options.serializers !== undefined || typeof pino.isLevelEnabled !== 'function') return logger.child(bindings, options as object);
  return new LazyRequestLogger(pino, bindings) as unknown as FastifyBaseLogger;
}
