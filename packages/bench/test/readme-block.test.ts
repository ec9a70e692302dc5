/**
 * The README's results blocks: replaceBlock rewrites only what is between the markers, and each
 * suite's block is a one-line caption (date, machine, link to the results file) and the result's
 * tables — never the results file with its own headings. Built from committed results files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bullmqReadmeBlock, bullmqTable } from '../src/bullmq/bullmq-report.ts';
import { coreReadmeBlock, coreTable } from '../src/core/core-report.ts';
import { performanceSection } from '../src/commands/core.ts';
import { BENCH_ROOT } from '../src/lib/machine.ts';
import { replaceBlock, resultsCaption, resultsLink } from '../src/lib/readme-block.ts';
import { replayMarkdown, replayReadmeBlock } from '../src/replay/replay-report.ts';
import { serverReadmeBlock, serverTable } from '../src/server/server-report.ts';

const RESULTS = path.join(BENCH_ROOT, 'results');
const result = (stem: string): any => JSON.parse(readFileSync(path.join(RESULTS, `${stem}.json`), 'utf8'));

describe('replaceBlock', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempFile = (text: string | null): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-readme-'));
    dirs.push(dir);
    const file = path.join(dir, 'README.md');
    if (text !== null) writeFileSync(file, text);
    return file;
  };

  it('replaces only the text between the markers, and again the same way', () => {
    const file = tempFile('# T\n\nbefore\n\n<!-- x-results:start -->\nold\n<!-- x-results:end -->\n\nafter\n');
    replaceBlock(file, 'x-results', '\nnew | table\n\n', '## Latest');
    expect(readFileSync(file, 'utf8')).toBe('# T\n\nbefore\n\n<!-- x-results:start -->\nnew | table\n<!-- x-results:end -->\n\nafter\n');
    replaceBlock(file, 'x-results', 'newer', '## Latest');
    expect(readFileSync(file, 'utf8')).toBe('# T\n\nbefore\n\n<!-- x-results:start -->\nnewer\n<!-- x-results:end -->\n\nafter\n');
  });

  it('refuses a README whose block markers are doubled or out of order, and leaves it as it was', () => {
    for (const text of [
      '<!-- x-results:start -->\na\n<!-- x-results:end -->\n<!-- x-results:start -->\nb\n<!-- x-results:end -->\n',
      '<!-- x-results:end -->\nold\n<!-- x-results:start -->\n',
      'only <!-- x-results:start --> here\n',
    ]) {
      const file = tempFile(text);
      expect(() => replaceBlock(file, 'x-results', 'new', '## Latest')).toThrow(/^BENCH_ERR_FILE: .*the results block "x-results" has/);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('appends the fallback heading and the block when the markers are missing', () => {
    const file = tempFile('# T\n\ntext\n');
    replaceBlock(file, 'x-results', 'body', '## Latest');
    expect(readFileSync(file, 'utf8')).toBe('# T\n\ntext\n\n## Latest\n\n<!-- x-results:start -->\nbody\n<!-- x-results:end -->\n');
    const missing = tempFile(null);
    replaceBlock(missing, 'x-results', 'body', '## Latest');
    expect(readFileSync(missing, 'utf8')).toBe('## Latest\n\n<!-- x-results:start -->\nbody\n<!-- x-results:end -->\n');
  });
});

describe('README results blocks: a caption and the tables', () => {
  const readme = path.join(BENCH_ROOT, 'README.md');

  it('links a results file from the README that shows it', () => {
    expect(resultsLink(readme, path.join(RESULTS, 'core-2026-11-25.md'))).toBe('results/core-2026-11-25.md');
    expect(resultsLink(path.join(BENCH_ROOT, '..', 'queue-core', 'README.md'), path.join(RESULTS, 'core-2026-11-25.md'))).toBe('../bench/results/core-2026-11-25.md');
    // Outside the repository (--out /tmp/…): the absolute path, shown as text, not a relative link out of the repo.
    const outside = path.join(tmpdir(), 'results', 'core-2026-11-25.md');
    expect(resultsLink(readme, outside)).toBe(outside);
  });

  it('captions a run with its date, machine, commit and load, and its results file (or says none was written)', () => {
    const m = result('core-2026-11-25').machine;
    expect(resultsCaption(m, 'results/core-2026-11-25.md')).toBe(
      'Run of 2026-11-25 on Intel(R) Xeon(R) Processor, 2 cores, 23.5 GiB, Linux 6.18.44-fc-v669 x64, Node v20.20.2, commit e53d718; ' +
        '1-min load average 1.74 → 2.11. Results: [results/core-2026-11-25.md](results/core-2026-11-25.md).',
    );
    expect(resultsCaption(m, null)).toMatch(/No results file was written \(--no-write\)\.$/);
    expect(resultsCaption(m, '/tmp/results/core-2026-11-25.md')).toMatch(/ Results: \/tmp\/results\/core-2026-11-25\.md \(outside the repository, not linked\)\.$/);
    expect(resultsCaption({ ...m, nice: -10 }, null, 'Day `d`')).toMatch(/^Day `d`; run of 2026-11-25 .*, nice -10\. No results/);
  });

  const blocks: [string, string, (link: string) => string][] = [
    ['replay (embedded)', 'replay-embedded-2026-11-24-4', (l) => replayReadmeBlock(result('replay-embedded-2026-11-24-4'), l)],
    ['replay (redis)', 'replay-redis-2026-11-24-6', (l) => replayReadmeBlock(result('replay-redis-2026-11-24-6'), l)],
    ['core', 'core-2026-11-25', (l) => coreReadmeBlock(result('core-2026-11-25'), l)],
    ['server', 'server-2026-11-25-issue-amd', (l) => serverReadmeBlock(result('server-2026-11-25-issue-amd'), l)],
    ['bullmq', 'bullmq-2026-11-24-6', (l) => bullmqReadmeBlock(result('bullmq-2026-11-24-6'), l)],
  ];
  for (const [suite, stem, block] of blocks) {
    it(`${suite}: the first line is the caption with the link; then tables, no headings, no second machine line`, () => {
      const link = `results/${stem}.md`;
      const text = block(link);
      const lines = text.split('\n');
      expect(lines[0]).toContain(`Results: [${link}](${link}).`);
      const m = result(stem).machine;
      expect(lines[0]!.toLowerCase()).toContain(`run of ${m.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores`.toLowerCase());
      expect(lines[1]).toBe('');
      expect(lines.filter((l) => /^#/.test(l))).toEqual([]);
      expect(lines.filter((l) => l.startsWith('Machine:') || l.startsWith('- '))).toEqual([]);
      expect(text).toContain('| target | goal | measured (median, min–max) | result |');
    });
  }

  it('replay: the replays table and the targets, not the results file (what runs, day statistics, machine)', () => {
    const r = result('replay-embedded-2026-11-24-4');
    const text = replayReadmeBlock(r, 'results/replay-embedded-2026-11-24-4.md');
    expect(text.split('\n')[0]).toMatch(/^Day `large-weekday` \(seed 2025, embedded store: 2,525 citizens, 17,345 commands, active span 05:30–17:54 UTC = 12\.41 h\); run of 2026-11-24 on AMD EPYC/);
    expect(text).toContain('| as fast as possible | 1.25 | 13,881 | 35,757 | – | 0 | equal | 17,531 / 17,531 |');
    expect(text).not.toContain('## What runs');
    expect(text).not.toContain('```json');
    expect(replayMarkdown(r)).toContain('## What runs'); // the results file keeps them
  });

  it('core, server, bullmq: the same tables as the printed table, with the caption in place of the machine line', () => {
    const drop = (t: string) => t.split('\n').filter((l) => !l.startsWith('Machine:')).join('\n').trim();
    const rest = (b: string) => b.split('\n').slice(2).join('\n').trim();
    const core = result('core-2026-11-25');
    expect(rest(coreReadmeBlock(core, null))).toBe(drop(coreTable(core)));
    const server = result('server-2026-11-25-issue-amd');
    expect(rest(serverReadmeBlock(server, null))).toBe(drop(serverTable(server)));
    const bullmq = result('bullmq-2026-11-24-6');
    expect(rest(bullmqReadmeBlock(bullmq, null))).toBe(drop(bullmqTable(bullmq)));
  });

  it('server: the "÷ bare POST" column only in a run that had that anchor', () => {
    expect(serverTable(result('server-2026-11-25-issue-amd'))).toContain('÷ bare POST');
    const older = serverTable(result('server-2026-11-24-6')); // session 8: no bare-POST anchor yet
    expect(older).not.toContain('÷ bare POST');
    expect(older).toContain('| route | req/s | ÷ hello | ÷ EVALSHA route | p50 ms |');
  });

  /**
   * The committed READMEs say what their caption's results file holds: each block is exactly what
   * its suite's formatter writes from that file's JSON (as `--update-readme` would have written it),
   * so a hand edit of a block, or a block left behind a re-generated results file, fails here.
   */
  it('every README block is its suite\'s formatter output from the results file it links', () => {
    const QUEUE_CORE_README = path.join(BENCH_ROOT, '..', 'queue-core', 'README.md');
    const blocks: [string, string, (r: any, link: string) => string][] = [
      [readme, 'core-results', coreReadmeBlock],
      [readme, 'server-results', serverReadmeBlock],
      [readme, 'bullmq-results', bullmqReadmeBlock],
      [readme, 'replay-embedded-results', replayReadmeBlock],
      [readme, 'replay-redis-results', replayReadmeBlock],
      [QUEUE_CORE_README, 'core-bench', (r, link) => performanceSection(coreReadmeBlock(r, link))],
    ];
    for (const [file, name, format] of blocks) {
      const text = readFileSync(file, 'utf8');
      const start = `<!-- ${name}:start -->\n`;
      const i = text.indexOf(start);
      const j = text.indexOf(`\n<!-- ${name}:end -->`);
      expect(i, `${name} markers in ${file}`).toBeGreaterThanOrEqual(0);
      const block = text.slice(i + start.length, j);
      const link = /Results: \[([^\]]+)\]\(\1\)/.exec(block)?.[1];
      expect(link, `${name}: a results link in its caption`).toBeDefined();
      const json = path.join(path.dirname(file), link!.replace(/\.md$/, '.json'));
      expect(block, `${name} in ${path.relative(BENCH_ROOT, file)} against ${link}`).toBe(format(JSON.parse(readFileSync(json, 'utf8')), link!).trim());
    }
  });
});

