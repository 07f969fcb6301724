import { Command, InvalidArgumentError } from 'commander';
import { registerAlertCommands } from './alert-commands.js';
import { registerAnalysisCommands } from './analysis-commands.js';
import { registerFeedCommands } from './feed-commands.js';
import { registerServiceCommands } from './service-commands.js';

export function parseList<T extends string>(allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) {
      if (!allowed.includes(item as T)) throw new InvalidArgumentError(`"${item}" is not one of ${allowed.join(', ')}`);
    }
    return items as T[];
  };
}

const program = new Command('sahelwatch')
  .description('Watches Sahel news feeds for JNIM indicators and alerts analysts once, with the evidence.')
  .option('-c, --config <file>', 'configuration file (default: sahelwatch.yaml if present)')
  .showHelpAfterError();

registerServiceCommands(program);
registerAnalysisCommands(program);
registerFeedCommands(program);
registerAlertCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`sahelwatch: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
