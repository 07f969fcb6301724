import { z } from 'zod';
import { IndicatorMetaSchema } from './indicator.js';
import type { Region } from './regions.js';
import { Iso2 } from './trend.js';

/** Which articles in the record count: feeds by id or tag (either matches), and/or the countries extraction found in them; filters combine with and. */
export const ArticleFilterSchema = z
  .strictObject({
    /** Feed ids of the configuration (`feeds[].id`). */
    feeds: z.array(z.string().trim().min(1)).min(1).optional(),
    /** Feed tags of the configuration (`feeds[].tags`): every feed carrying one of them. */
    feed_tags: z.array(z.string().trim().min(1)).min(1).optional(),
    /** ISO alpha-2 codes of countries the article concerns, as extraction found them. */
    countries: z.array(Iso2).min(1).optional(),
    /** First-level regions (ACLED's admin1) of some place the article names, case and accents ignored: [Kayes], [Alibori, Atacora]. */
    admin1: z.array(z.string().trim().min(1)).min(1).optional(),
    /** Named regions (indicators/regions/<name>.geojson): some place the article names, finer than a first-level region, lies inside one. */
    regions: z.array(z.string().trim().min(1)).min(1).optional(),
  })
  .refine((f) => Object.values(f).some((v) => v !== undefined), 'give at least one of feeds, feed_tags, countries, admin1, regions: a silence of every article is an outage, not an indicator');
export type ArticleFilter = z.output<typeof ArticleFilterSchema>;

/**
 * Fires when articles that normally arrive at `min_items_per_day` or more (the
 * rate over the `baseline_days` before the quiet period) have dropped below
 * `max_items` in the last `quiet_hours`: a region or a group of feeds gone quiet.
 */
export const SilenceSchema = z.strictObject({
  articles: ArticleFilterSchema,
  baseline_days: z.number().positive().max(366).default(14),
  min_items_per_day: z.number({ error: 'give the articles a day the filter normally gets, e.g. 10' }).positive(),
  quiet_hours: z.number({ error: 'give the hours without articles that make a silence, e.g. 12' }).positive().max(24 * 30),
  /** Fewer than this many articles in the quiet period counts as silence (1: none at all). */
  max_items: z.number().int().positive().default(1),
});
export type Silence = z.output<typeof SilenceSchema>;

/** An indicator file of kind `silence`: the absence of articles in the record, not words in one. */
export const SilenceIndicatorFileSchema = IndicatorMetaSchema.extend({
  kind: z.literal('silence'),
  silence: SilenceSchema,
});
export type SilenceIndicator = z.output<typeof SilenceIndicatorFileSchema> & {
  file: string;
  /** The regions `silence.articles.regions` names, as the loader found them (absent: it names none). */
  areas?: readonly Region[];
};

/** A configured feed as far as a silence needs it. */
export interface FeedRef {
  id: string;
  tags: readonly string[];
}

/** Which articles a silence counts, resolved: feed ids (tags already turned into ids), countries and/or first-level regions. */
export interface ArticleCountFilter {
  feedIds?: readonly string[];
  countries?: readonly string[];
  admin1?: readonly string[];
  areas?: readonly Region[];
}

/** The silence's article filter with its feed tags turned into the configuration's feed ids; undefined when they name no configured feed. */
export function silenceCountFilter({ silence, areas }: SilenceIndicator, feeds: Iterable<FeedRef>): ArticleCountFilter | undefined {
  const feedIds = silenceFeedIds(silence, feeds);
  if (feedIds?.length === 0) return undefined;
  const { countries, admin1 } = silence.articles;
  return { ...(feedIds ? { feedIds } : {}), ...(countries ? { countries } : {}), ...(admin1 ? { admin1 } : {}), ...(areas ? { areas } : {}) };
}

/** The feed ids a silence watches: its ids plus the feeds carrying its tags; undefined when it does not filter by feed. */
export function silenceFeedIds(silence: Silence, feeds: Iterable<FeedRef>): string[] | undefined {
  const { feeds: ids, feed_tags: tags } = silence.articles;
  if (!ids && !tags) return undefined;
  const tagged = tags ? [...feeds].filter((f) => f.tags.some((t) => tags.includes(t))).map((f) => f.id) : [];
  return [...new Set([...(ids ?? []), ...tagged])];
}

/** Feed ids the configuration lacks and tags no feed carries, at their key paths, for `sahelwatch check`. */
export function silenceFeedProblems(indicator: SilenceIndicator, feeds: readonly FeedRef[]): { path: (string | number)[]; message: string }[] {
  const known = new Set(feeds.map((f) => f.id));
  const tags = new Set(feeds.flatMap((f) => f.tags));
  const { feeds: ids = [], feed_tags: wanted = [] } = indicator.silence.articles;
  return [
    ...ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: ['silence', 'articles', 'feeds', i], message: `unknown feed "${id}": the configuration's feeds are ${[...known].join(', ') || 'none'}` }])),
    ...wanted.flatMap((t, i) => (tags.has(t) ? [] : [{ path: ['silence', 'articles', 'feed_tags', i], message: `no configured feed has the tag "${t}"` }])),
  ];
}
