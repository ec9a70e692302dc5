/**
 * A real server process (`node --import tsx src/main.ts …`, exactly what `pnpm start` runs) on its
 * own port: started with flags, ready when GET /health answers, its pino output kept when asked,
 * killed by pid (SIGKILL for crash tests) and started again with the same flags and port.
 */
import { fileURLToPath } from 'node:url';
import { OwnedProcess } from './owned-process.ts';
import { freePort, until } from './wait.ts';

const SERVER_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../src/main.ts', import.meta.url));

export interface ServerOptions {
  readonly configFile: string;
  /** Redis store at this URL; absent: the embedded store in `dataDir`. */
  readonly redis?: string;
  readonly dataDir?: string;
  /** Embedded store without a flush on every commit. */
  readonly noSync?: boolean;
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Keep stdout and stderr (pino's JSON lines) in `output`; default: stderr only. */
  readonly captureOutput?: boolean;
  /** Another entry point with the same flags (e.g. a script's accelerated-clock server). */
  readonly entry?: string;
  readonly extraArgs?: readonly string[];
}

export class ServerProcess {
  private readonly proc = new OwnedProcess();
  /** Captured output chunks (stdout and stderr), in arrival order. */
  readonly output: string[] = [];

  private constructor(
    readonly port: number,
    private readonly options: ServerOptions,
  ) {}

  static async start(options: ServerOptions): Promise<ServerProcess> {
    const s = new ServerProcess(await freePort(), options);
    await s.restart();
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.proc.running;
  }

  /** Everything captured, as one string. */
  get log(): string {
    return this.output.join('');
  }

  /** Starts the process (again) with the same flags and port; resolves when /health answers. */
  async restart(): Promise<void> {
    const o = this.options;
    const args = ['--config', o.configFile, '--port', String(this.port), '--log-level', o.logLevel ?? 'warn'];
    if (o.redis) args.push('--redis', o.redis);
    if (o.dataDir) args.push('--data-dir', o.dataDir);
    if (o.noSync) args.push('--no-sync');
    args.push(...(o.extraArgs ?? []));
    // Nothing from this process's environment may change the server's settings.
    const env = { ...process.env };
    for (const k of ['REDIS_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'ASAN_SECRET']) delete env[k];
    const child = this.proc.spawn(process.execPath, ['--import', 'tsx', o.entry ?? MAIN, ...args], { cwd: SERVER_DIR, env, stdio: ['ignore', o.captureOutput ? 'pipe' : 'ignore', 'pipe'] });
    const keep = (chunk: Buffer) => void this.output.push(chunk.toString('utf8'));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await until(
      `server on ${this.port}`,
      async () => {
        if (!this.running) throw new Error(`server exited (${this.proc.ended}): ${this.log.slice(-2000)}`);
        const res = await fetch(`${this.url}/health`);
        return res.ok;
      },
      { timeoutMs: 60_000, everyMs: 100 },
    );
  }

  /** Sends a signal by pid and waits for the exit; returns the exit code (null when killed). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    return this.proc.kill(signal);
  }

  /** Graceful stop (SIGTERM), or SIGKILL when it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (!this.running) return this.proc.kill();
    const timer = setTimeout(() => void this.kill('SIGKILL'), graceMs);
    const code = await this.kill('SIGTERM');
    clearTimeout(timer);
    return code;
  }
}
