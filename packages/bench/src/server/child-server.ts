/**
 * A server under test in its own fresh process: `node --import tsx <script> <args>`, started with
 * its output captured, ready when an HTTP GET of `readyPath` answers 200 (bounded wait), stopped by
 * its pid (SIGTERM, then SIGKILL after a grace period). Each measured run gets a fresh one, so no
 * run inherits another's heap, JIT state or queue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { BENCH_ROOT } from '../lib/machine.ts';

export interface ChildServer {
  readonly pid: number;
  readonly url: string;
  /** The last lines the process printed (for error messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  readonly script: string;
  readonly args: readonly string[];
  readonly port: number;
  readonly readyPath: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Give up waiting for readiness after this long. */
  readonly startTimeoutMs?: number;
  /** Extra node flags before the script (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', options.script, ...options.args], {
    cwd: BENCH_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid!, 'SIGTERM');
    const killer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
    }, 15_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.script} exited with code ${child.exitCode} before it was ready:\n${tail}`);
    if ((await httpStatus(url + options.readyPath)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.script} was not ready after ${options.startTimeoutMs ?? 120_000} ms:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid: child.pid!, url, output: () => tail, stop };
}
