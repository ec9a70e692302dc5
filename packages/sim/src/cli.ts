#!/usr/bin/env node
/**
 * The simulator's command line: `pnpm sim <command> --help`.
 */
import { Command } from 'commander';
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
  .showHelpAfterError();
runCommand(program);
reportCommand(program);
compareCommand(program);
validateCommand(program);
workerCommand(program);
yearCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
