import { type Command, InvalidArgumentError } from 'commander';
import type { Redis } from 'ioredis';
import { formatSilence, SilenceStore } from '../alerts/silences.js';
import { systemClock } from '../core/clock.js';
import { DeadLetters, formatDeadLetter } from '../delivery/dead-letters.js';
import { openQueues, closeQueues } from '../queue/queues.js';
import { connectRedis, requireRedis } from '../queue/redis.js';
import { loadIndicators } from '../matching/indicators.js';
import type { Config } from '../config/config.js';
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
  indicator?: string;
  story?: string;
  place?: string;
  country?: string;
  for: number;
  comment: string;
  by: string;
}

function registerSilenceCommands(program: Command): void {
  const silence = program.command('silence').description('silences: matching alerts are recorded but not delivered');
  silence
    .command('add')
    .description('add a silence (at least one matcher)')
    .option('--indicator <id>', 'indicator id')
    .option('--story <id>', 'story id')
    .option('--place <id or name>', 'place id or name')
    .option('--country <iso2>', 'ISO alpha-2 country code')
    .requiredOption('--for <duration>', 'how long, e.g. 24h, 7d', parseDuration)
    .requiredOption('--comment <text>', 'why')
    .option('--by <name>', 'who', process.env.USER ?? 'cli')
    .action(
      action(async (opts: SilenceAddOptions, cmd: Command) => {
        if (!opts.indicator && !opts.story && !opts.place && !opts.country) {
          throw new CliExit('silence add needs at least one matcher: --indicator, --story, --place or --country', 2);
        }
        const config = loadConfigOrExit(cmd);
        if (opts.indicator) {
          const known = loadIndicators(config.indicators.dir).indicators.map((i) => i.id);
          if (!known.includes(opts.indicator)) {
            throw new CliExit(`no indicator "${opts.indicator}" in ${config.indicators.dir}; known: ${known.join(', ') || 'none'}`, 2);
          }
        }
        if (opts.country && !/^[A-Za-z]{2}$/.test(opts.country)) throw new CliExit(`--country takes an ISO alpha-2 code such as ML or BJ, not "${opts.country}"`, 2);
        await withRedis(config, async (redis) => {
          const store = new SilenceStore(redis, config.redis.prefix, systemClock);
          const { indicator, story, place, country } = opts;
          const added = await store.add({
            matchers: { indicator, story, place, country: country?.toUpperCase() },
            expires_at: Date.now() + opts.for,
            comment: opts.comment,
            created_by: opts.by,
          });
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

export function registerAlertCommands(program: Command): void {
  registerSilenceCommands(program);
  registerDeadLetterCommands(program);
}
