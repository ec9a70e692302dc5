/**
 * `pnpm bench <suite>`: measured claims about the engine and the server. One file per suite under
 * src/commands/ exporting a commander Command; register it below. Results are written to
 * packages/bench/results (see lib/results-files.ts) with the machine they came from.
 */
import { Command } from 'commander';
import { bullmqCommand } from './commands/bullmq.ts';
import { coreCommand } from './commands/core.ts';
import { instructionsCommand } from './commands/instructions.ts';
import { replayCommand } from './commands/replay.ts';
import { serverCommand } from './commands/server.ts';

const program = new Command('bench')
  .description('Benchmarks of the ASAN queue: each suite measures its anchors in the same run and reports ratios to them.')
  .showHelpAfterError();

program.addCommand(coreCommand());
program.addCommand(serverCommand());
program.addCommand(bullmqCommand());
program.addCommand(replayCommand());
program.addCommand(instructionsCommand());

await program.parseAsync(process.argv);
