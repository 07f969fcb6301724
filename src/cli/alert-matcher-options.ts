import type { Command } from 'commander';
import type { Alert } from '../alerts/alert.js';
import { type AlertMatcher, AlertMatcherSchema, type AlertMatcherInput } from '../alerts/matcher.js';
import type { Config } from '../config/config.js';
import { loadIndicators } from '../matching/indicators.js';
import { CliExit } from './common.js';

/** The alert-matcher vocabulary as command-line options (`--country ML,BF`), shared by `silence add` and `routes test`. */
export function addMatcherOptions(command: Command): Command {
  return command
    .option('--indicator <ids>', 'indicator id(s), comma-separated')
    .option('--story <id>', 'story id (st_…) or alert id (al_…)')
    .option('--place <id or name>', 'place id or name')
    .option('--country <codes>', 'ISO alpha-2 country code(s), comma-separated')
    .option('--severity <level>', 'exactly this severity')
    .option('--severity-at-least <level>', 'this severity or higher')
    .option('--tags <tags>', 'indicator tag(s), comma-separated')
    .option('--status-at-least <status>', 'the story stands at least this high: disputed < claimed < reported < confirmed');
}

interface MatcherFlags {
  indicator?: string;
  story?: string;
  place?: string;
  country?: string;
  severity?: string;
  severityAtLeast?: string;
  tags?: string;
  statusAtLeast?: string;
}

type KnownIndicators = ReturnType<typeof loadIndicators>['indicators'];

/** The indicators in the config's folder, read once per command. */
export function knownIndicators(config: Config): KnownIndicators {
  return loadIndicators(config.indicators.dir).indicators;
}

/** Parses the options with the one matcher parser; a bad value is a usage error naming its flag. An indicator id must exist among `known`. */
export function matcherFromOptions(opts: MatcherFlags, config: Config, known: KnownIndicators): AlertMatcher {
  const input: Record<string, unknown> = {
    indicator: opts.indicator,
    story: opts.story,
    place: opts.place,
    country: opts.country,
    severity: opts.severity,
    severity_at_least: opts.severityAtLeast,
    tags: opts.tags,
    status_at_least: opts.statusAtLeast,
  };
  const parsed = AlertMatcherSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as AlertMatcherInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = `--${String(issue?.path[0] ?? '').replaceAll('_', '-')}`;
    throw new CliExit(`${flag}: ${issue?.message ?? 'invalid value'}`, 2);
  }
  for (const id of parsed.data.indicator ?? []) {
    if (!known.some((i) => i.id === id)) throw new CliExit(`no indicator "${id}" in ${config.indicators.dir}; known: ${known.map((i) => i.id).join(', ') || 'none'}`, 2);
  }
  return parsed.data;
}

/**
 * An alert with just these labels, for `routes test`: what routing reads.
 * A named indicator lends its title, severity, tags and own receivers.
 */
export function alertWithLabels(matcher: AlertMatcher, known: KnownIndicators): Alert {
  const indicatorId = matcher.indicator?.[0] ?? 'any-indicator';
  const indicator = known.find((i) => i.id === indicatorId);
  const now = new Date().toISOString();
  return {
    id: matcher.story?.startsWith('al_') ? matcher.story : 'al_routes_test',
    indicatorId,
    indicatorTitle: indicator?.title ?? indicatorId,
    description: '',
    severity: matcher.severity ?? matcher.severity_at_least ?? indicator?.severity ?? 'medium',
    tags: matcher.tags ?? [...(indicator?.tags ?? [])],
    version: 1,
    story: { id: matcher.story?.startsWith('st_') ? matcher.story : 'st_routes_test', title: '', firstReport: now, latestReport: now, outlets: 1, sources: [], ...(matcher.status_at_least ? { status: matcher.status_at_least } : {}) },
    places: matcher.place ? [{ id: matcher.place, name: matcher.place }] : [],
    countries: matcher.country ?? [],
    actors: [],
    people: [],
    casualties: [],
    evidence: [],
    history: [],
    createdAt: now,
    updatedAt: now,
    silenced: false,
    receivers: [...(indicator?.receivers ?? [])],
  };
}
