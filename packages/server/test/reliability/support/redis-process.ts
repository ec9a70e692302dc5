/**
 * A private redis-server for a reliability test: its own port and directory, optionally with an
 * append-only file (`appendfsync always` or `everysec`), that a test can kill (-9 included) and
 * start again on the same port from the same files. Never the machine's shared Redis; stopped by
 * pid.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { OwnedProcess } from './owned-process.ts';
import { freePort, until } from './wait.ts';

export type Fsync = 'always' | 'everysec';

export interface RedisOptions {
  /** Append-only file with this fsync policy; absent: no persistence at all. */
  readonly aof?: Fsync;
}

export class RedisProcess {
  private readonly proc = new OwnedProcess();

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly options: RedisOptions,
  ) {}

  static async start(options: RedisOptions = {}): Promise<RedisProcess> {
    const r = new RedisProcess(await freePort(), mkdtempSync(join(tmpdir(), 'asan-redis-')), options);
    await r.restart();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.proc.running;
  }

  /** Starts redis-server on this port and directory (after a kill: it loads the append-only file). */
  async restart(): Promise<void> {
    const persistence = this.options.aof ? ['--appendonly', 'yes', '--appendfsync', this.options.aof] : ['--appendonly', 'no'];
    this.proc.spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir, ...persistence], { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // refused while it starts; loading the AOF answers LOADING
    try {
      await until(`redis-server on ${this.port}`, async () => {
        if (!this.proc.running) throw new Error(`redis-server exited (${this.proc.ended})`);
        if (probe.status !== 'ready') await probe.connect();
        return (await probe.ping()) === 'PONG';
      });
    } finally {
      probe.disconnect();
    }
  }

  /** Sends a signal by pid and waits for the exit (SIGKILL: no AOF rewrite, no goodbye). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.proc.kill(signal);
  }

  /** A client of its own (the caller quits it). */
  client(): Redis {
    return new Redis(this.url, { maxRetriesPerRequest: 1 });
  }

  /** Stops it and removes its files. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
