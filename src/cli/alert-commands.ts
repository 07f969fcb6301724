import { type Command, InvalidArgumentError } from 'commander';
import type { Redis } from 'ioredis';
import { type Alert, expiredSinceUpdate } from '../alerts/alert.js';
import { type AlertMatcher, formatMatcher, isEmptyMatcher } from '../alerts/matcher.js';
import { formatSilence, SilenceStore } from '../alerts/silences.js';
import { AlertStore } from '../alerts/store.js';
import { systemClock } from '../core/clock.js';
import { DeadLetters, formatDeadLetter } from '../delivery/dead-letters.js';
import { formatGrouping } from '../delivery/grouping.js';
import { explainRoute } from '../delivery/route.js';
import { openQueues, closeQueues } from '../queue/queues.js';
import { connectRedis, requireRedis } from '../queue/redis.js';
import type { Config } from '../config/config.js';
import { addMatcherOptions, alertWithLabels, knownIndicators, matcherFromOptions } from './alert-matcher-options.js';
import { action, CliExit, loadConfigOrExit } from './common.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "90m", "24h", "7d", "2w" → milliseconds. */
export function parseDuration(text: string): number {
  const m = text.trim().match(/^(\d+(?:\.\d+)?)\s*([mhdw])$/);
  if (!m?.[1] || !m[2]) throw new InvalidArgumentError(`"${text}" is not a duration like 90m, 24h, 7d or 2w`);
  return Number(m[1]) * (UNIT_MS[m[2]] ?? 0);
}

/** Opens Redis for one CLI action and always closes it. */
async function withRedis<T>(config: Config, run: (redis: Redis) => Promise<T>): Promise<T> {
  // The connection below retries forever (right for the service, wrong for a command): fail within seconds instead.
  await requireRedis(config.redis.url);
  const redis = connectRedis(config.redis.url);
  try {
    return await run(redis);
  } finally {
    redis.disconnect();
  }
}

const OUTPUT_FORMATS = ['text', 'json'] as const;

function parseOutput(value: string): (typeof OUTPUT_FORMATS)[number] {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not one of ${OUTPUT_FORMATS.join(', ')}`);
  return value as (typeof OUTPUT_FORMATS)[number];
}

/**
 * A `list` subcommand: one line per record from Redis, or `empty` when there are none;
 * `-o json` prints one JSON array of the records instead (`[]` when there are none).
 */
function listCommand<T>(parent: Command, description: string, empty: string, records: (redis: Redis, prefix: string) => Promise<T[]>, line: (record: T) => string): void {
  parent
    .command('list')
    .description(description)
    .option('-o, --output <format>', `output format: ${OUTPUT_FORMATS.join(' or ')}`, parseOutput, 'text')
    .action(
      action(async (opts: { output: (typeof OUTPUT_FORMATS)[number] }, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        const out = await withRedis(config, (redis) => records(redis, config.redis.prefix));
        if (opts.output === 'json') process.stdout.write(`${JSON.stringify(out)}\n`);
        else process.stdout.write(`${out.length > 0 ? out.map(line).join('\n') : empty}\n`);
      }),
    );
}

interface SilenceAddOptions {
  for: number;
  comment: string;
  by: string;
  dryRun?: boolean;
}

/** Active alerts (not expired since their last update) within the retention that a matcher catches, newest first. */
async function activeAlertsMatching(redis: Redis, config: Config, matcher: AlertMatcher): Promise<Alert[]> {
  const store = new AlertStore(redis, config.redis.prefix, { retention_days: config.delivery.retention_days }, systemClock);
  const found: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...matcher, limit: 1000, ...(cursor ? { cursor } : {}) });
    found.push(...page.alerts.filter((a) => !expiredSinceUpdate(a)));
    cursor = page.nextCursor;
  } while (cursor && found.length < 10_000);
  return found;
}

function registerSilenceCommands(program: Command): void {
  const silence = program.command('silence').description('silences: matching alerts are recorded but not delivered');
  addMatcherOptions(silence.command('add').description('add a silence (at least one matcher; the alert-matcher vocabulary)'))
    .requiredOption('--for <duration>', 'how long, e.g. 24h, 7d', parseDuration)
    .requiredOption('--comment <text>', 'why')
    .option('--by <name>', 'who', process.env.USER ?? 'cli')
    .option('--dry-run', 'list the active alerts it would catch, and add nothing')
    .action(
      action(async (opts: SilenceAddOptions & Parameters<typeof matcherFromOptions>[0], cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        const matchers = matcherFromOptions(opts, config, knownIndicators(config));
        if (isEmptyMatcher(matchers)) {
          throw new CliExit('silence add needs at least one matcher: --indicator, --story, --place, --country, --severity, --severity-at-least or --tags', 2);
        }
        await withRedis(config, async (redis) => {
          if (opts.dryRun) {
            const caught = await activeAlertsMatching(redis, config, matchers);
            process.stdout.write(`would silence ${caught.length} active alert${caught.length === 1 ? '' : 's'} (${formatMatcher(matchers)}); nothing added\n`);
            for (const alert of caught) process.stdout.write(`  ${alert.id}  [${alert.severity}] ${alert.indicatorId}  ${alert.story.title}\n`);
            return;
          }
          const store = new SilenceStore(redis, config.redis.prefix, systemClock);
          const added = await store.add({ matchers, expires_at: Date.now() + opts.for, comment: opts.comment, created_by: opts.by });
          process.stdout.write(`${formatSilence(added, Date.now())}\n`);
        });
      }),
    );
  listCommand(
    silence,
    'list silences, active and recently expired',
    'no silences',
    (redis, prefix) => new SilenceStore(redis, prefix, systemClock).list(),
    (s) => formatSilence(s, Date.now()),
  );
  silence
    .command('expire <id>')
    .description('end a silence now')
    .action(
      action(async (id: string, _opts: unknown, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        const ok = await withRedis(config, (redis) => new SilenceStore(redis, config.redis.prefix, systemClock).expire(id));
        if (!ok) throw new CliExit(`no active silence ${id}`);
        process.stdout.write(`expired ${id}\n`);
      }),
    );
}

function registerDeadLetterCommands(program: Command): void {
  const dead = program.command('deadletters').description('deliveries that failed after their last retry');
  listCommand(dead, 'list dead-lettered deliveries, newest first', 'no dead letters', (redis, prefix) => new DeadLetters({ redis, prefix }).list(), formatDeadLetter);
  dead
    .command('retry <key...>')
    .description('re-enqueue dead-lettered deliveries (same idempotency key); a running deliver worker sends them')
    .action(
      action(async (keys: string[], _opts: unknown, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        await withRedis(config, async (redis) => {
          const queues = openQueues(redis, config.redis.prefix);
          try {
            const letters = new DeadLetters({ redis, prefix: config.redis.prefix, queue: queues.deliver, retryPolicy: config.delivery });
            for (const key of keys) {
              if (!(await letters.retry(key))) throw new CliExit(`no dead letter ${key}`);
              process.stdout.write(`re-enqueued ${key}\n`);
            }
          } finally {
            await closeQueues(queues);
          }
        });
      }),
    );
}

/** An alert with the labels the options give (indicators read once). */
function labelled(opts: Parameters<typeof matcherFromOptions>[0], config: Config): Alert {
  const known = knownIndicators(config);
  return alertWithLabels(matcherFromOptions(opts, config, known), known);
}

/** `routes test`: as `amtool config routes test`, the receivers an alert with these labels (or a stored alert) reaches, and the way through the tree. */
function registerRouteCommands(program: Command): void {
  const routes = program.command('routes').description('the routing tree of delivery.route');
  addMatcherOptions(routes.command('test').description('which receivers an alert with these labels, or a stored alert (--alert), reaches, and through which routes'))
    .option('--alert <id>', 'a stored alert (al_…) instead of labels')
    .option('-o, --output <format>', `output format: ${OUTPUT_FORMATS.join(' or ')}`, parseOutput, 'text')
    .action(
      action(async (opts: Parameters<typeof matcherFromOptions>[0] & { alert?: string; output: (typeof OUTPUT_FORMATS)[number] }, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        const alert = opts.alert
          ? await withRedis(config, async (redis) => {
              const stored = await new AlertStore(redis, config.redis.prefix, { retention_days: config.delivery.retention_days }, systemClock).get(opts.alert ?? '');
              if (!stored) throw new CliExit(`no alert ${opts.alert} in Redis (alerts are kept ${config.delivery.retention_days} days)`);
              return stored;
            })
          : labelled(opts, config);
        const { receivers, steps, fromIndicator, grouping } = explainRoute(config.delivery, alert);
        if (opts.output === 'json') {
          process.stdout.write(`${JSON.stringify({ receivers, steps, fromIndicator, grouping })}\n`);
          return;
        }
        process.stdout.write(`${receivers.length > 0 ? receivers.join(', ') : '(no receiver: the alert would be recorded, not sent)'}\n`);
        for (const step of steps) process.stdout.write(`  ${step.path}  ${step.match}${step.receivers.length > 0 ? `  → ${step.receivers.join(', ')}` : ''}\n`);
        if (fromIndicator.length > 0) process.stdout.write(`  indicator ${alert.indicatorId} names  → ${fromIndicator.join(', ')}\n`);
        for (const [receiver, how] of Object.entries(grouping)) process.stdout.write(`  grouped for ${receiver}: ${formatGrouping(how)}\n`);
      }),
    );
}

export function registerAlertCommands(program: Command): void {
  registerRouteCommands(program);
  registerSilenceCommands(program);
  registerDeadLetterCommands(program);
}
