/**
 * `pnpm bench <suite>`: measured claims about the engine and the server. One file per suite under
 * src/commands/ exporting a commander Command; register it below. Results are written to
 * packages/bench/results (see lib/results-files.ts) with the machine they came from.
 */
import { SimError } from '@asan/sim';
import { Command, CommanderError } from 'commander';
import { BenchError, exitStatusOf } from './lib/errors.ts';
import { bullmqCommand } from './commands/bullmq.ts';
import { coreCommand } from './commands/core.ts';
import { instructionsCommand } from './commands/instructions.ts';
import { replayCommand } from './commands/replay.ts';
import { serverCommand } from './commands/server.ts';

const program = new Command('bench')
  .description('Benchmarks of the ASAN queue: each suite measures its anchors in the same run and reports ratios to them.')
  .showHelpAfterError();

// Usage errors print as one coded line and exit 2 (nothing was measured), like the refusals below.
program.exitOverride().configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'error: BENCH_ERR_BAD_OPTION: ')) });
for (const command of [coreCommand(), serverCommand(), bullmqCommand(), replayCommand(), instructionsCommand()]) {
  program.addCommand(command.copyInheritedSettings(program));
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2; // --help and --version end with 0; the message is printed already
  } else if (e instanceof BenchError || e instanceof SimError) {
    // A refusal: the file or option the user gave cannot be used, or a tool is missing (the message says what to fix);
    // or, exit 1, a results file or README that could not be written after measuring (the numbers are on stdout).
    process.stderr.write(`error: ${e.message}\n`);
    process.exitCode = e instanceof BenchError ? exitStatusOf(e) : 2;
  } else {
    throw e; // a failure of the benchmark itself: its stack trace helps
  }
}
