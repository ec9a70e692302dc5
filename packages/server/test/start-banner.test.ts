/**
 * Where the embedded store is, as the start says it: `pnpm start` runs the server in
 * packages/server, so a relative data directory that did not come from --data-dir (the default
 * `./.data`, DATA_DIR, a configuration file's store.dataDir) is taken from there, not from where the
 * operator typed the command. The start line names the directory absolutely, so nobody looks for
 * (or backs up) the wrong one. Real process, as start-failures.test.ts runs it.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { freePort } from './reliability/support/wait.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
/** tsx's loader by its full URL: the server runs in a directory of its own here, where `tsx` does not resolve. */
const TSX = import.meta.resolve('tsx');

/** Starts the server in `cwd` until it prints its start line, then stops it (by its pid). */
async function startLine(cwd: string, args: readonly string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  for (const k of ['REDIS_URL', 'PORT', 'HOST', 'LOG_LEVEL', 'ASAN_SECRET', 'INIT_CWD']) delete env[k];
  if (extraEnv.DATA_DIR === undefined) delete env.DATA_DIR;
  const child = spawn(process.execPath, ['--import', TSX, MAIN, '--log-level', 'warn', '--port', String(await freePort()), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line in 20 s: ${stderr}`)), 20_000);
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString('utf8');
        const line = stdout.split('\n').find((l) => l.includes('listening on') && l.includes('store:'));
        if (line) {
          clearTimeout(timer);
          resolve(line);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
  }
}

describe('the start line names the data directory', () => {
  it('absolutely, for the default ./.data (relative to where the server runs)', async () => {
    const tmp = tempDir();
    try {
      const dir = realpathSync(tmp.dir);
      const line = await startLine(dir, []);
      expect(existsSync(join(dir, '.data', 'data.mdb'))).toBe(true);
      // Before: "store: embedded LMDB in ./.data" — read from the repository root, a different directory.
      expect(line).toContain(`store: embedded LMDB in ${join(dir, '.data')}`);
    } finally {
      tmp.remove();
    }
  }, 30_000);

  it('absolutely, for a relative DATA_DIR', async () => {
    const tmp = tempDir();
    try {
      const dir = realpathSync(tmp.dir);
      const line = await startLine(dir, [], { DATA_DIR: 'store-here' });
      expect(line).toContain(`store: embedded LMDB in ${join(dir, 'store-here')}`);
    } finally {
      tmp.remove();
    }
  }, 30_000);
});
