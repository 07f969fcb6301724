import { type Command, InvalidArgumentError } from 'commander';
import type { Redis } from 'ioredis';
import { formatSilence, SilenceStore } from '../alerts/silences.js';
import { systemClock } from '../core/clock.js';
import { DeadLetters, formatDeadLetter } from '../delivery/dead-letters.js';
import { openQueues, closeQueues } from '../queue/queues.js';
import { connectRedis } from '../queue/redis.js';
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
  const redis = connectRedis(config.redis.url);
  try {
    return await run(redis);
  } finally {
    redis.disconnect();
  }
}

/** A `list` subcommand: one line per record from Redis, or `empty` when there are none. */
function listCommand(parent: Command, description: string, empty: string, lines: (redis: Redis, prefix: string) => Promise<string[]>): void {
  parent
    .command('list')
    .description(description)
    .action(
      action(async (_opts: unknown, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        const out = await withRedis(config, (redis) => lines(redis, config.redis.prefix));
        process.stdout.write(`${out.length > 0 ? out.join('\n') : empty}\n`);
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
        const config = loadConfigOrExit(cmd);
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
  listCommand(silence, 'list silences, active and recently expired', 'no silences', async (redis, prefix) => {
    const silences = await new SilenceStore(redis, prefix, systemClock).list();
    return silences.map((s) => formatSilence(s, Date.now()));
  });
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
  listCommand(dead, 'list dead-lettered deliveries, newest first', 'no dead letters', async (redis, prefix) =>
    (await new DeadLetters({ redis, prefix }).list()).map(formatDeadLetter),
  );
  dead
    .command('retry <key...>')
    .description('re-enqueue dead-lettered deliveries (same idempotency key); a running deliver worker sends them')
    .action(
      action(async (keys: string[], _opts: unknown, cmd: Command) => {
        const config = loadConfigOrExit(cmd);
        await withRedis(config, async (redis) => {
          const queues = openQueues(redis, config.redis.prefix);
          try {
            const letters = new DeadLetters({ redis, prefix: config.redis.prefix, queue: queues.deliver });
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
