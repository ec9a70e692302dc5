/**
 * A child process a test owns: spawned by it, known by its pid, signalled only by that pid (never by
 * name), and awaited until it has exited. RedisProcess and ServerProcess start theirs through it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export class OwnedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The exit code, or the signal that ended it, or null while it runs. */
  get ended(): string | null {
    return this.running ? null : String(this.child?.exitCode ?? this.child?.signalCode ?? 'never started');
  }

  /** Starts the process (the previous one must have exited). */
  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
    if (this.running) throw new Error(`${command} is still running (pid ${this.pid})`);
    const child = spawn(command, [...args], options);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    return child;
  }

  /** Sends a signal to its pid and waits for the exit; the exit code (null when a signal ended it). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.running && this.child?.pid !== undefined) process.kill(this.child.pid, signal);
    return this.exited;
  }
}
