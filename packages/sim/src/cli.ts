#!/usr/bin/env node
/**
 * The simulator's command line: `pnpm sim <command> --help`.
 */
import { Command, Option } from 'commander';
import { validateCommand } from './cli-validate.ts';

const program = new Command();
program
  .name('sim')
  .description("Discrete-event simulator of a service centre's day, driving the real @asan/queue-core engine.")
  .showHelpAfterError();
validateCommand(program);
void Option;

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
