/**
 * The README's first example, run as written against the demo it describes (`--always-open`, so it
 * works at any hour; time-driven jobs on, as `pnpm start` runs them), over a real socket: every
 * command gets a 2xx answer, or the README says which refusal it gets and why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { demoNetwork } from '../src/config/demo-network.ts';
import { createServerConfig } from '../src/config/validate-config.ts';
import { tempDir } from './helpers.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The curl commands of the first sh block that has any, continuation lines joined, and the text after it up to the next heading or table. */
function example(): { commands: string[]; after: string } {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)];
  const block = blocks.find((b) => b[1]!.includes('curl '))!;
  const commands = block[1]!.replace(/\\\n\s*/g, ' ').split('\n').filter((l) => l.startsWith('curl '));
  const rest = README.slice(block.index! + block[0].length);
  return { commands, after: rest.slice(0, rest.search(/\n(\||#)/)) };
}

/** One curl command (the flags the README uses: -s, -X, -H, -d) as a fetch against `base`. */
async function run(command: string, base: string, token: string | undefined): Promise<{ status: number; body: Record<string, unknown> }> {
  const line = token === undefined ? command : command.replace('<token from the answer>', token);
  const words = [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  let method = 'GET';
  let url = '';
  let body: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-s') continue;
    if (w === '-X') method = words[++i]!;
    else if (w === '-H') {
      const [name, ...value] = words[++i]!.split(':');
      headers[name!.trim().toLowerCase()] = value.join(':').trim();
    } else if (w === '-d') body = words[++i]!;
    else url = w;
  }
  url = url.replace(/^localhost:3000/, base);
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the README's example", () => {
  it('runs as the README says against the --always-open demo', async () => {
    const tmp = tempDir();
    const config = createServerConfig({ ...demoNetwork({ alwaysOpen: true }), logLevel: 'silent', store: { kind: 'embedded', dataDir: tmp.dir, noSync: true } });
    const app = await buildApp({ config, logger: false, defaultMetrics: false });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      // The server's first tick (at start) runs the roster, as it does for `pnpm start`.
      for (let i = 0; i < 100 && app.ctx.network.get('baku-1').centre.windows()[0]!.status !== 'open'; i++) await new Promise((r) => setTimeout(r, 50));
      const { commands, after } = example();
      expect(commands.length).toBe(4);
      let token: string | undefined;
      for (const command of commands) {
        const answer = await run(command, base, token);
        if (typeof answer.body.token === 'string') token = answer.body.token;
        if (answer.status >= 300) {
          // Before: `…/windows/1/open` answered 409 SRV_ERR_STATE_CONFLICT (the roster had opened the
          // window at its shift start) and the README did not say so.
          expect(after, `${command} → ${answer.status} ${JSON.stringify(answer.body)}`).toContain(String(answer.body.code));
          expect(after).toContain(String(answer.body.engineCode));
        }
      }
      expect(token).toBeDefined();
    } finally {
      await app.close();
      tmp.remove();
    }
  });
});
