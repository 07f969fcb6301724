import { existsSync, readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { checkIndicators, loadIndicators } from '../matching/indicators.js';
import { exampleProblems, runExamples } from '../eval/examples.js';
import { unconfiguredReceivers } from '../delivery/route.js';
import { alertSummary, REPLAY_TIMEOUT_MS, replayFeed } from '../service/replay.js';
import { ROLES, type Role, startService } from '../service/service.js';
import { runDemo } from '../service/demo.js';
import { formatAlert } from '../alerts/terminal-text.js';
import { action, CliExit, cliLogger, configFile, loadConfigOrExit, noIndicatorsReason, parseList, requireIndicators } from './common.js';
import { type Config, loadConfig, privateFeedProblems } from '../config/config.js';
import { locateInYaml, ValidationError } from '../core/validate.js';
import { COMPONENT_AREAS_DIR, componentAreaProblems } from '../extraction/attribution.js';
import { cueFileProblems } from '../extraction/cue-words.js';
import { BUNDLED_CUE_FILES } from './cue-files.js';
import { defaultGazetteer } from '../extraction/gazetteer.js';
import { deletePrefixKeys } from '../queue/redis.js';

const SHUTDOWN_GRACE_MS = 25_000;

/** A throw-away key prefix beside `base` (kept in one Redis Cluster slot when base is a {hash tag}). */
function freshPrefix(base: string): string {
  const name = `${base.replace(/[{}]/g, '')}-replay-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return base.startsWith('{') ? `{${name}}` : name;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError(`"${value}" is not a number of seconds`);
  return seconds;
}

function onShutdown(close: () => Promise<void>, log: ReturnType<typeof cliLogger>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'Shutting down: finishing running jobs.');
    const timer = setTimeout(() => {
      log.warn('Shutdown grace period over; exiting. Unfinished jobs will be retried by another worker.');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

export function registerServiceCommands(program: Command): void {
  program
    .command('start')
    .description('run the scheduler and the stage workers (all of them unless --only)')
    .option('--only <roles>', `comma-separated subset of: ${ROLES.join(', ')}`, parseList(ROLES))
    .action(
      action(async (opts: { only?: Role[] }, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        // Only analyze matches; a process of other roles (poll, fetch, deliver, http) runs without indicators.
        if (!opts.only || opts.only.includes('analyze')) requireIndicators(config);
        const log = cliLogger();
        const service = await startService(config, { roles: opts.only, log, autoStartRedis: true });
        onShutdown(() => service.close(), log);
      }),
    );

  program
    .command('replay <source>')
    .description('push one feed (file or URL) through the whole pipeline once, print the alerts, exit when all has settled')
    .option('--json', 'one JSON object per line on stdout for each alert raised, nothing else')
    .option('--fresh', 'run in a fresh key prefix, deleted afterwards: every item counts as new and its alerts are raised and delivered again')
    .option('--timeout <seconds>', 'give up waiting for items and deliveries to settle after this long', parseSeconds, REPLAY_TIMEOUT_MS / 1000)
    .action(
      action(async (source: string, opts: { json?: boolean; fresh?: boolean; timeout: number }, cmd: Command) => {
        const loaded = loadConfigOrExit(cmd);
        requireIndicators(loaded);
        // --fresh keeps nothing: a throw-away key prefix, and no record.
        const config = opts.fresh ? { ...loaded, redis: { ...loaded.redis, prefix: freshPrefix(loaded.redis.prefix) }, database: { ...loaded.database, enabled: false } } : loaded;
        let result: Awaited<ReturnType<typeof replayFeed>>;
        try {
          result = await replayFeed(config, source, cliLogger(), opts.timeout * 1000);
        } finally {
          if (opts.fresh) await deletePrefixKeys(config.redis.url, config.redis.prefix);
        }
        for (const alert of result.alerts) {
          process.stdout.write(opts.json ? `${JSON.stringify(alertSummary(alert))}\n` : `${formatAlert(alert)}\n`);
        }
        if (opts.json) return;
        process.stdout.write(`${result.items} items (${result.newItems} new), ${result.alerts.length} alerts.\n`);
        if (result.items > 0 && result.newItems === 0) {
          process.stdout.write(
            `Every item was seen before (prefix "${config.redis.prefix}" remembers them), so nothing was analysed again. Run with --fresh to push them through once more in a throw-away prefix.\n`,
          );
        }
      }),
    );

  program
    .command('check')
    .description("validate the configuration and every indicator file, and run each indicator's examples; exit non-zero on any problem")
    .action(
      action(async (_opts: unknown, cmd: Command) => {
        let failed = false;
        const file = configFile(cmd) ?? 'sahelwatch.yaml';
        let config: Config | undefined;
        try {
          config = loadConfig(configFile(cmd));
          // The fetcher refuses these at run time; say so now, where the file and line are known.
          const problems = privateFeedProblems(config, file);
          failed ||= problems.length > 0;
          // No --config and no sahelwatch.yaml here: say that defaults apply, rather than tick a file that is not there.
          const shown = configFile(cmd) || existsSync(file) ? file : `no ${file} in ${process.cwd()}: defaults`;
          process.stdout.write(problems.length > 0 ? `✗ ${shown}\n${problems.map((p) => `  ${p}`).join('\n')}\n` : `✓ ${shown}\n`);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          failed = true;
          process.stdout.write(`✗ ${file}\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
        }
        // Data read for every report: the areas of JNIM's components, and the bundled cue-word files.
        const dataChecks: Array<[string, string[]]> = [
          [COMPONENT_AREAS_DIR, componentAreaProblems(defaultGazetteer())],
          ...BUNDLED_CUE_FILES.map((cues): [string, string[]] => [cues.file, cueFileProblems(cues)]),
        ];
        for (const [path, problems] of dataChecks) {
          failed ||= problems.length > 0;
          process.stdout.write(problems.length > 0 ? `✗ ${path}\n${problems.map((p) => `  ${p}`).join('\n')}\n` : `✓ ${path}\n`);
        }
        const dir = config?.indicators.dir ?? 'indicators';
        const none = noIndicatorsReason(dir);
        if (none) {
          failed = true;
          process.stdout.write(`✗ ${dir}\n  ${none}\n`);
        }
        for (const result of checkIndicators(dir, config?.feeds)) {
          // A file that loads has its examples run through extraction and the rule.
          const examples = result.indicator ? runExamples(result.indicator) : [];
          const errors = [...result.errors, ...(result.indicator ? exampleProblems(result.indicator, examples) : [])];
          failed ||= errors.length > 0;
          const mark = errors.length > 0 ? '✗' : '✓';
          const passed = examples.filter((e) => e.ok).length;
          const tally = examples.length > 0 ? ` (${passed}/${examples.length} examples pass)` : '';
          process.stdout.write(`${mark} ${result.file}${tally}\n${errors.map((p) => `  ${p}`).join('\n')}${errors.length ? '\n' : ''}`);
          // What each regex costs, measured when it compiled (a costly one is an error above).
          const notes = result.indicator?.notes ?? [];
          if (notes.length > 0) {
            const text = readFileSync(result.file, 'utf8');
            for (const note of notes) process.stdout.write(`  i ${locateInYaml(text, result.file, note.path, note.message)}\n`);
          }
        }
        if (config) {
          for (const { indicator, receiver } of unconfiguredReceivers(loadIndicators(dir).indicators, config.delivery.receivers)) {
            process.stdout.write(`! indicator ${indicator} names receiver "${receiver}", which ${file} does not define: its alerts follow the routing tree only\n`);
          }
        }
        if (failed) throw new CliExit('check failed');
      }),
    );

  program
    .command('demo')
    .description('run the whole pipeline on the bundled sample feeds with a local webhook sink and an email outbox')
    .action(action(async () => runDemo(cliLogger())));
}
