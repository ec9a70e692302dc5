/**
 * Heap bytes per waiting ticket. Runs in a child process started with `node --expose-gc` (a clean
 * heap, and `gc()` to measure after a full collection): builds the benchmark centre with all windows
 * open, measures, issues N walk-ins (all left waiting), measures again.
 *
 * Counted: heapUsed + arrayBuffers. The engine keeps tickets in typed arrays (struct of arrays)
 * whose backing stores live outside the V8 heap and show up in `arrayBuffers` (part of `external`),
 * so heapUsed alone would flatter it. The citizen key strings (22 characters each, distinct) are
 * kept by the engine and are counted.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ROOT } from '../lib/machine.ts';
import { EngineDriver } from './engine-driver.ts';

export interface MemoryResult {
  readonly depth: number;
  /** (heapUsed + arrayBuffers) after − before, per waiting ticket. */
  readonly bytesPerTicket: number;
  readonly heapBytesPerTicket: number;
  readonly arrayBufferBytesPerTicket: number;
  /** The engine's own count of waiting tickets after the fill. */
  readonly waiting: number;
  readonly heapUsedBefore: number;
  readonly heapUsedAfter: number;
  readonly arrayBuffersBefore: number;
  readonly arrayBuffersAfter: number;
}

const THIS_FILE = fileURLToPath(import.meta.url);

/** Measures in this process; needs `global.gc` (node --expose-gc). */
export function measureMemory(depth: number, centreSeed: number, workloadSeed: number): MemoryResult {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('measureMemory needs node --expose-gc');
  const settle = () => {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage();
  };
  const driver = new EngineDriver(centreSeed, workloadSeed);
  const before = settle();
  driver.prefill(depth);
  const after = settle();
  const waiting = driver.engineDepth(); // also keeps the centre alive until after the measurement
  const heap = after.heapUsed - before.heapUsed;
  const buffers = after.arrayBuffers - before.arrayBuffers;
  return {
    depth,
    bytesPerTicket: (heap + buffers) / depth,
    heapBytesPerTicket: heap / depth,
    arrayBufferBytesPerTicket: buffers / depth,
    waiting,
    heapUsedBefore: before.heapUsed,
    heapUsedAfter: after.heapUsed,
    arrayBuffersBefore: before.arrayBuffers,
    arrayBuffersAfter: after.arrayBuffers,
  };
}

/** Runs `measureMemory` in a fresh `node --expose-gc --import tsx` child and returns its answer. */
export function measureMemoryInChild(depth: number, centreSeed: number, workloadSeed: number): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', THIS_FILE, String(depth), String(centreSeed), String(workloadSeed)], {
      cwd: BENCH_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`memory probe exited with ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out) as MemoryResult);
      } catch {
        reject(new Error(`memory probe printed no JSON: ${out.trim()} ${err.trim()}`));
      }
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  const [depth, centreSeed, workloadSeed] = process.argv.slice(2).map(Number);
  if (!depth || centreSeed === undefined || workloadSeed === undefined) {
    process.stderr.write('usage: node --expose-gc --import tsx memory-probe.ts <depth> <centreSeed> <workloadSeed>\n');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(measureMemory(depth, centreSeed, workloadSeed)));
}
