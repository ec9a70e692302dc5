#!/usr/bin/env node
/**
 * The simulator's command line: `pnpm sim <command> --help`.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { compareCommand } from './cli-compare.ts';
import { reportCommand } from './cli-report.ts';
import { runCommand } from './cli-run.ts';
import { validateCommand } from './cli-validate.ts';
import { workerCommand } from './cli-worker.ts';
import { yearCommand } from './cli-year.ts';

const program = new Command();
program
  .name('sim')
  .description("Discrete-event simulator of a service centre's day, driving the real @asan/queue-core engine.")
  .version((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version)
  // Usage errors found by commander (a bad option value, an unknown option, a missing argument or
  // required option) print as one coded line and exit 2, like the simulator's own refusals: exit 1
  // is `validate`'s "a metric failed". Set before the commands are added: they inherit it.
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(usageError(text)) });
runCommand(program);
reportCommand(program);
compareCommand(program);
validateCommand(program);
workerCommand(program);
yearCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // --help and --version end with 0; an error's message is printed already, except after the help
    // that `sim` without a command prints
    if (e.code === 'commander.help' && e.exitCode !== 0) process.stderr.write(`SIM_ERR_BAD_OPTION: give a command: ${program.commands.map((c) => c.name()).join(', ')}\n`);
    process.exitCode = e.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});

/** Commander's `error: …` (with a "Did you mean" line, perhaps) as one `SIM_ERR_BAD_OPTION: …` line. */
function usageError(text: string): string {
  return `SIM_ERR_BAD_OPTION: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`;
}
