import type { Command } from 'commander';
import { dryRunIndicator, parseDryRunInput } from '../eval/dry-run.js';
import { formatFollowUpScores, readFollowUpSet, scoreFollowUps } from '../eval/follow-ups.js';
import { backtestIndicator, formatEvalReport, runEval } from '../eval/run.js';
import { formatSourceScores, readSourceSet, scoreSources } from '../eval/sources.js';
import { connectRedis, requireRedis } from '../queue/redis.js';
import { action, CliExit, loadConfigOrExit } from './common.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

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

  program
    .command('eval-followups')
    .description('score story joining of later reports (revised tolls, claims, "Tuesday\'s attack") on a labelled JSONL set, through Redis under a throw-away key prefix')
    .requiredOption('--corpus <file>', 'labelled follow-up set, one report per line (format of data/eval/followups.jsonl)')
    .option('--json', 'print one JSON object with the scores')
    .action(
      action(async (opts: { corpus: string; json?: boolean }, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        const items = readFollowUpSet(opts.corpus);
        await requireRedis(config.redis.url);
        const redis = connectRedis(config.redis.url);
        try {
          const scores = await scoreFollowUps(redis, items, config.stories);
          process.stdout.write(opts.json ? `${JSON.stringify(scores)}\n` : `${formatFollowUpScores(scores)}\n`);
        } finally {
          redis.disconnect();
        }
      }),
    );

  program
    .command('eval-sources')
    .description(
      'score source independence (agencies, near copies, outlets and ownership groups) and report accounts (claim, official, local, denial) on a labelled JSONL set, in-process (no Redis), with the config\'s sources: settings',
    )
    .requiredOption('--corpus <file>', 'labelled reports, one per line (format of tests/fixtures/eval/sources-sample.jsonl)')
    .option('--json', 'print one JSON object with every score, error and decision')
    .action(
      action(async (opts: { corpus: string; json?: boolean }, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        const scores = scoreSources(readSourceSet(opts.corpus), config.sources, config.stories);
        process.stdout.write(opts.json ? `${JSON.stringify(scores)}\n` : `${formatSourceScores(scores)}\n`);
      }),
    );

  const indicators = program.command('indicators').description('indicator files: backtest before going live');
  indicators
    .command('test <file>')
    .description(
      'run one indicator over a labelled corpus (--corpus: what it would have raised, with evidence, precision and recall), ' +
        'or dry-run it on ad-hoc text (--text, or text piped on stdin: matched or not, and why)',
    )
    .option('--corpus <file>', 'labelled JSONL corpus')
    .option('--text <text>', 'text to try (first line is the headline), or JSONL lines {"title", "text", "lang"?, "published"?}; "-" reads stdin')
    .addHelpText('after', '\nWith neither --corpus nor --text, text piped on stdin is read.')
    .action(
      action(async (file: string, opts: { corpus?: string; text?: string }) => {
        if (opts.corpus !== undefined && opts.text !== undefined) throw new CliExit('give --corpus or --text, not both', 2);
        if (opts.corpus !== undefined) {
          process.stdout.write(`${backtestIndicator(file, opts.corpus)}\n`);
          return;
        }
        const fromStdin = opts.text === '-' || (opts.text === undefined && !process.stdin.isTTY);
        if (opts.text === undefined && !fromStdin) throw new CliExit('give --corpus FILE.jsonl, --text "…", or pipe text on stdin', 2);
        const input = fromStdin ? await readStdin() : (opts.text ?? '');
        const { report } = dryRunIndicator(file, parseDryRunInput(input, fromStdin ? 'stdin' : '--text'));
        process.stdout.write(`${report}\n`);
      }),
    );
}
