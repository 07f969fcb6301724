import type { Command } from 'commander';
import { backtestIndicator, formatEvalReport, runEval } from '../eval/run.js';
import { action } from './common.js';

export function registerAnalysisCommands(program: Command): void {
  program
    .command('eval')
    .description('score extraction and indicator matching on a labelled JSONL corpus, in-process (no Redis)')
    .requiredOption('--corpus <file>', 'labelled corpus, one JSON object per line (format of tests/fixtures/eval/dev.jsonl)')
    .option('--json', 'print one JSON object with every score')
    .action(
      action(async (opts: { corpus: string; json?: boolean }) => {
        const report = runEval(opts.corpus);
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatEvalReport(report)}\n`);
      }),
    );

  const indicators = program.command('indicators').description('indicator files: backtest before going live');
  indicators
    .command('test <file>')
    .description('run one indicator over a labelled corpus: what it would have raised, with evidence, precision and recall')
    .requiredOption('--corpus <file>', 'labelled JSONL corpus')
    .action(
      action(async (file: string, opts: { corpus: string }) => {
        process.stdout.write(`${backtestIndicator(file, opts.corpus)}\n`);
      }),
    );
}
