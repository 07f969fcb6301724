import { z } from 'zod';
import { CompileError, type Reference } from './conditions/condition.js';
import { IndicatorMetaSchema } from './indicator.js';
import type { Region } from './regions.js';

export const Iso2 = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166 alpha-2 code, e.g. BJ')
  .transform((c) => c.toUpperCase());

/** Which events in the record count: each list given must share a value with the event (any of it); lists combine with and. */
export const EventFilterSchema = z
  .strictObject({
    countries: z.array(Iso2).min(1).optional(),
    /** First-level regions as the events name them (ACLED's admin1), case and accents ignored: [Alibori, Atacora]. */
    admin1: z.array(z.string().trim().min(1)).min(1).optional(),
    /** Gazetteer actor ids, `jnim` or `actor/jnim`. */
    actors: z
      .array(
        z
          .string()
          .min(1)
          .transform((a) => (a.includes('/') ? a : `actor/${a}`)),
      )
      .min(1)
      .optional(),
    /** sahelwatch event types (data/gazetteer/events.yaml names): attack, ambush, ied, kidnapping, … */
    event_types: z.array(z.string().min(1)).min(1).optional(),
    /** Named regions (indicators/regions/<name>.geojson): some place of the event finer than a first-level region lies inside one. */
    regions: z.array(z.string().trim().min(1)).min(1).optional(),
  })
  .refine((f) => Object.values(f).some((v) => v !== undefined), 'give at least one of countries, admin1, actors, event_types, regions: a trend over every event is no indicator');
export type EventFilter = z.output<typeof EventFilterSchema>;

/**
 * The count of matching events in the last `window_days`, compared with the
 * `baseline_windows` windows of the same length before it: it fires when the
 * count reaches `min_events` and either `times_mean` × their mean or, with
 * `above_percentile`, exceeds that percentile of their counts.
 */
export const TrendSchema = z
  .strictObject({
    events: EventFilterSchema,
    window_days: z.number().positive().max(366).default(7),
    baseline_windows: z.number().int().min(2).max(520).default(8),
    min_events: z.number().int().positive().default(5),
    times_mean: z.number().positive().optional(),
    above_percentile: z.number().min(50).max(100).optional(),
  })
  .refine((t) => (t.times_mean === undefined) !== (t.above_percentile === undefined), {
    message: 'give one comparison with the baseline: times_mean (e.g. 2 for ≥ 2× its mean) or above_percentile (e.g. 95)',
    path: ['times_mean'],
  });
export type Trend = z.output<typeof TrendSchema>;

/** An indicator file of kind `trend`: counts of events in the record, not words in an article. */
export const TrendIndicatorFileSchema = IndicatorMetaSchema.extend({
  kind: z.literal('trend'),
  trend: TrendSchema,
});
export type TrendIndicator = z.output<typeof TrendIndicatorFileSchema> & {
  file: string;
  /** The regions `trend.events.regions` names, as the loader found them (absent: the trend names none). */
  areas?: readonly Region[];
};

/** Named regions looked up; an unknown name is a CompileError at its key path (`path` + its index), as the `region` condition reports it. */
export function lookUpRegions(names: readonly string[] | undefined, regions: ReadonlyMap<string, Region>, path: readonly (string | number)[]): Region[] | undefined {
  return names?.map((name, i) => {
    const region = regions.get(name);
    if (!region) throw new CompileError([...path, i], `unknown region "${name}" (known: ${[...regions.keys()].sort().join(', ') || 'none'})`);
    return region;
  });
}

/** The gazetteer ids a trend names (actors, event types), at their key paths, for the loader to check like a condition's. */
export function trendReferences(trend: TrendIndicator): Reference[] {
  const { actors = [], event_types = [] } = trend.trend.events;
  return [
    ...actors.map((id, i) => ({ kind: 'actor' as const, id: id.replace(/^actor\//, ''), path: ['trend', 'events', 'actors', i] })),
    ...event_types.map((id, i) => ({ kind: 'event' as const, id, path: ['trend', 'events', 'event_types', i] })),
  ];
}
