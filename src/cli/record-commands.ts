import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { describeZodError } from '../http/errors.js';
import type { RecordStore } from '../record/store.js';
import { IsoTimeSchema, type SearchHit, SearchQuerySchema } from '../record/search-query.js';
import type { Config } from '../config/config.js';
import { action, CliExit, loadConfigOrExit } from './common.js';

interface SearchOptions {
  country?: string;
  admin1?: string;
  actor?: string;
  eventType?: string;
  indicator?: string;
  since?: string;
  until?: string;
  near?: string;
  limit?: string;
  json?: boolean;
}

/** `--near LAT,LON,KM` → the query's lat, lon and radius_km. */
function nearOption(near: string | undefined) {
  if (near === undefined) return {};
  const [lat, lon, radius_km] = near.split(',').map((part) => part.trim());
  if (!lat || !lon || !radius_km) throw new CliExit(`--near: expected LAT,LON,KM (e.g. 13.43,-6.26,100), got "${near}"`, 2);
  return { lat, lon, radius_km };
}

function formatHit(hit: SearchHit): string {
  const facts = [hit.countries.join(' '), hit.eventTypes.join(' '), hit.indicators.join(' ')].filter(Boolean).join(' · ');
  return [`${hit.published?.slice(0, 10) ?? '????-??-??'}  ${hit.outlet}${hit.language ? ` [${hit.language}]` : ''}  ${hit.title}`, `    ${hit.url}`, ...(facts ? [`    ${facts}`] : []), `    ${hit.snippet}`].join('\n');
}

/**
 * Opens the configured record for one command and closes it after, whatever
 * happens. A command that only reads (`existing`) does not create an empty
 * embedded store where none is.
 */
async function withRecord<T>(config: Config, what: string, use: (record: RecordStore) => Promise<T>, existing = false): Promise<T> {
  if (!config.database.enabled) throw new CliExit(`${what} needs the record, and the configuration keeps none (database.enabled: false)`);
  if (existing && !config.database.url && !existsSync(config.database.path)) {
    throw new CliExit(`${what}: no record at ${config.database.path} (database.path): run the service or \`sahelwatch import\` first, or set DATABASE_URL to a PostgreSQL record`);
  }
  // Loaded here: every other command starts without the query builder and the drivers.
  const { openRecord } = await import('../record/open.js');
  const record = await openRecord(config.database);
  try {
    return await use(record);
  } finally {
    await record.close();
  }
}

/** A date option: one line naming it when it is not an ISO date. */
function dateOption(name: string, value: string): Date {
  const parsed = IsoTimeSchema.safeParse(value);
  if (!parsed.success) throw new CliExit(`backtest: --${name}: expected an ISO date or date-time, e.g. 2025-01-31, got "${value}"`, 2);
  return new Date(parsed.data);
}

export function registerRecordCommands(program: Command): void {
  program
    .command('backtest <indicator>')
    .description(
      'run an indicator (a YAML file, or the id of one in indicators.dir) over the record and print what it would have raised. An article indicator runs over the stored articles with the extraction and matching the service uses: ' +
        'each matched story with its articles and evidence, whether its alerting policy (min_sources, threshold) let it alert, and the totals. A trend indicator is read at the end of each day over the stored events: each alert with both numbers and its events. ' +
        'A silence indicator is read at the end of each hour over when the stored articles were seen: each silence that would have raised an alert, with the baseline rate, the hours of silence and the last article',
    )
    .requiredOption('--since <date>', 'articles published on or after (ISO date or date-time)')
    .option('--until <date>', 'articles published before')
    .addOption(new Option('-o, --output <format>', 'text, or one JSON report').choices(['text', 'json']).default('text'))
    .action(
      action(async (ref: string, opts: { since: string; until?: string; output: 'text' | 'json' }, cmd: Command) => {
        const since = dateOption('since', opts.since);
        const until = opts.until === undefined ? undefined : dateOption('until', opts.until);
        const config = loadConfigOrExit(cmd);
        const { backtestOverRecord, backtestSilence, backtestTrend, formatBacktest, formatSilenceBacktest, formatTrendBacktest, resolveIndicator } = await import('../eval/record-backtest.js');
        const subject = resolveIndicator(ref, config.indicators.dir);
        const range = { since, ...(until ? { until } : {}) };
        const [report, text] = await withRecord(
          config,
          'backtest',
          async (record) => {
            if (subject.kind === 'trend') {
              const trend = await backtestTrend(record, subject.indicator, range);
              return [trend, () => formatTrendBacktest(trend)] as const;
            }
            if (subject.kind === 'silence') {
              const quiet = await backtestSilence(record, subject.indicator, config.feeds, range);
              return [quiet, () => formatSilenceBacktest(quiet)] as const;
            }
            const articles = await backtestOverRecord(record, subject.indicator, range);
            return [articles, () => formatBacktest(articles)] as const;
          },
          true,
        );
        process.stdout.write(opts.output === 'json' ? `${JSON.stringify(report)}\n` : `${text()}\n`);
      }),
    );


  program
    .command('import <file>')
    .description(
      'load an archive into the record: past articles (.jsonl: url, title, text, published, lang, outlet per line), extracted as the pipeline would, ' +
        'or an ACLED-style events CSV (.csv: event_id_cnty, event_date, event_type, sub_event_type, actor1, actor2, country, admin1, location, latitude, longitude, fatalities, …), ' +
        'so trend indicators have a baseline; a second import of the same file adds nothing',
    )
    .action(
      action(async (file: string, _opts: unknown, cmd: Command) => {
        if (!/\.(jsonl|csv)$/i.test(file)) throw new CliExit(`import: ${file}: expected a .jsonl file of articles or a .csv file of events`, 2);
        const config = loadConfigOrExit(cmd);
        if (/\.csv$/i.test(file)) {
          const { importEventFile } = await import('../record/import-events.js');
          const totals = await withRecord(config, 'import', (record) => importEventFile(record, file, (p) => process.stderr.write(`sahelwatch: ${file}:${p.line}: ${p.field}: ${p.message}; row skipped\n`)));
          process.stdout.write(`${file}: ${totals.read} events read, ${totals.added} new in the record, ${totals.updated} updated, ${totals.skipped} skipped\n`);
          if (totals.skipped > 0) process.exitCode = 1;
          return;
        }
        const { importArticleFile } = await import('../record/import.js');
        const { read, added } = await withRecord(config, 'import', (record) => importArticleFile(record, file));
        process.stdout.write(`${file}: ${read} articles read, ${added} new in the record\n`);
      }),
    );

  program
    .command('search [words]')
    .description('full-text search of the record (French and English, accents ignored), newest first, with filters')
    .option('--country <code>', 'ISO alpha-2 country code, e.g. ML')
    .option('--admin1 <names>', 'first-level region(s) of a place the article names, comma-separated, accents ignored, e.g. Kayes,Ségou')
    .option('--actor <id>', 'gazetteer actor id, e.g. jnim')
    .option('--event-type <type>', 'event type, e.g. attack, kidnapping, blockade')
    .option('--indicator <id>', 'an indicator the article matched')
    .option('--since <date>', 'published on or after (ISO date or date-time)')
    .option('--until <date>', 'published before')
    .option('--near <lat,lon,km>', 'names a place within KM kilometres of LAT,LON')
    .option('--limit <n>', 'at most this many results (1-100)', '20')
    .option('--json', 'one JSON object per result on stdout, nothing else')
    .action(
      action(async (words: string | undefined, opts: SearchOptions, cmd: Command) => {
        const raw = { q: words ?? '', country: opts.country, admin1: opts.admin1, actor: opts.actor, event_type: opts.eventType, indicator: opts.indicator, since: opts.since, until: opts.until, limit: opts.limit, ...nearOption(opts.near) };
        const parsed = SearchQuerySchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
        if (!parsed.success) throw new CliExit(`search: ${describeZodError(parsed.error, 'option', [])}`, 2);
        const { hits } = await withRecord(loadConfigOrExit(cmd), 'search', (record) => record.search(parsed.data));
        if (opts.json) for (const hit of hits) process.stdout.write(`${JSON.stringify(hit)}\n`);
        else process.stdout.write(hits.length === 0 ? 'no results\n' : `${hits.map(formatHit).join('\n\n')}\n`);
      }),
    );
}
