/**
 * What an operator sees when the server cannot start after its configuration was accepted: the
 * store cannot be opened (Redis not reachable, a data directory that cannot be made) or the address
 * cannot be listened on (port in use, a host that is not this machine's). Real processes
 * (`node --import tsx src/main.ts`, what `pnpm start` runs), real sockets: a coded message that
 * says what failed and what to change, exit code 2, no stack trace, no ioredis noise.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { freePort } from './reliability/support/wait.ts';

const SERVER_DIR = fileURLToPath(new URL('../', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Runs the server with these flags until it exits (bounded: killed by its pid after 20 s). */
function run(args: readonly string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const env = { ...process.env };
  for (const k of ['REDIS_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'ASAN_SECRET']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--log-level', 'warn', ...args], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }, 20_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    }),
  );
}

function expectStartFailure(r: { code: number | null; stderr: string; stdout: string }, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^SRV_ERR_START_FAILED: The server could not start: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
  expect(r.stderr, 'no ioredis noise').not.toMatch(/\[ioredis\]/);
  expect(r.stdout).not.toMatch(/listening on/);
}

describe('the server cannot start', () => {
  const tmp = tempDir();
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    tmp.remove();
  });

  it('its port is in use: names the address and says to free it or choose another port', async () => {
    const r = await run(['--port', String(busyPort), '--data-dir', join(tmp.dir, 'a')]);
    expectStartFailure(r, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${busyPort}: the address is already in use \\(EADDRINUSE\\)`));
    expect(r.stderr).toMatch(/--port/);
  }, 30_000);

  it('its host is not an address of this machine: names it and the flag', async () => {
    const r = await run(['--host', '999.1.1.1', '--port', '0', '--data-dir', join(tmp.dir, 'b')]);
    expectStartFailure(r, /cannot listen on 999\.1\.1\.1:0: .*ENOTFOUND/);
    expect(r.stderr).toMatch(/--host/);
  }, 30_000);

  it('its data directory cannot be made: names the directory and the flag', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const r = await run(['--port', '0', '--data-dir', join(file, 'data')]);
    expectStartFailure(r, new RegExp(`cannot open the embedded store in ${join(file, 'data').replace(/[.]/g, '\\.')}: .*ENOTDIR`));
    expect(r.stderr).toMatch(/--data-dir/);
  }, 30_000);

  it('Redis is not reachable: names the URL (password masked) and the flag, at once', async () => {
    const port = await freePort(); // nothing listens there
    const started = Date.now();
    const r = await run(['--port', '0', '--redis', `redis://user:s3cret@127.0.0.1:${port}`]);
    expectStartFailure(r, new RegExp(`cannot use the Redis store at redis://\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    expect(r.stderr).not.toMatch(/s3cret/);
    expect(r.stderr).toMatch(/--redis/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});

describe('two servers on one data directory', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('the second is refused while the first runs; after the first was killed, a new one starts', async () => {
    const { ServerProcess } = await import('./reliability/support/server-process.ts');
    const { networkInput, writeNetwork } = await import('./reliability/support/network-config.ts');
    const configFile = writeNetwork(tmp.dir, networkInput());
    const dataDir = join(tmp.dir, 'data');
    const first = await ServerProcess.start({ configFile, dataDir, logLevel: 'warn' });
    try {
      const r = await run(['--config', configFile, '--port', '0', '--data-dir', dataDir]);
      expectStartFailure(r, new RegExp(`cannot open the embedded store in ${dataDir.replace(/[.]/g, '\\.')}: it is in use by another server process \\(pid ${first.pid}\\)`));
      expect(first.running).toBe(true);
      await first.kill('SIGKILL');
      const second = await ServerProcess.start({ configFile, dataDir, logLevel: 'warn' });
      expect(second.running).toBe(true);
      await second.stop();
    } finally {
      if (first.running) await first.stop();
    }
  }, 60_000);

  it('takes over a server.pid whose pid now belongs to another process (reused after a crash), and still refuses one of a live server', async () => {
    const { ServerProcess } = await import('./reliability/support/server-process.ts');
    const { networkInput, writeNetwork } = await import('./reliability/support/network-config.ts');
    const configFile = writeNetwork(tmp.dir, networkInput());
    const dataDir = join(tmp.dir, 'data-reused');
    mkdirSync(dataDir, { recursive: true });
    // A live process that is not a server, named by a file a crashed server left: same pid, another start time.
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dataDir, 'server.pid'), `${other.pid} 1`);
      const server = await ServerProcess.start({ configFile, dataDir, logLevel: 'warn' });
      expect(server.running).toBe(true);
      // the file now names the new server, and a second server is refused by it
      expect(readFileSync(join(dataDir, 'server.pid'), 'utf8')).toMatch(new RegExp(`^${server.pid} \\d+$`));
      const r = await run(['--config', configFile, '--port', '0', '--data-dir', dataDir]);
      expectStartFailure(r, new RegExp(`it is in use by another server process \\(pid ${server.pid}\\)`));
      await server.stop();
    } finally {
      other.kill('SIGKILL');
    }
  }, 60_000);
});
