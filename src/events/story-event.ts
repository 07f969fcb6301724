import type { Redis } from 'ioredis';
import { z } from 'zod';
import { unionById } from '../core/collections.js';
import { highestPerKind } from '../extraction/casualties.js';
import { strongerAttribution } from '../extraction/attribution.js';
import { AttributionSchema, type Extraction, PlaceRefSchema, placeRef } from '../extraction/extraction.js';
import type { StoryStore } from '../stories/cluster.js';
import { type Story, StorySchema } from '../stories/story.js';
import { incidentEventTypes } from './accidental-fire.js';

/** What one article of the story contributed. */
const ArticleFactsSchema = z.object({
  places: z.array(PlaceRefSchema),
  countries: z.array(z.string()),
  actors: z.array(z.object({ id: z.string(), name: z.string() })),
  eventTypes: z.array(z.string()),
  casualties: z.array(z.object({ kind: z.string(), count: z.number() })),
  /** The JNIM component, named or likely from the place (absent: none read, or recorded before attribution). */
  attribution: AttributionSchema.optional(),
  at: z.string(),
});
type ArticleFacts = z.infer<typeof ArticleFactsSchema>;

/**
 * An event in ACLED's sense: one real-world incident (a story) with where,
 * who, what and how many, whether or not any indicator matched it. The map and
 * the events exports read these; alerts are the subset an indicator cared about.
 */
export const StoryEventSchema = ArticleFactsSchema.omit({ at: true }).extend({
  id: z.string(),
  story: StorySchema,
  updatedAt: z.string(),
});
export type StoryEvent = z.infer<typeof StoryEventSchema>;

export function mergeFacts(story: Story, facts: ArticleFacts[]): StoryEvent {
  const byTime = [...facts].sort((a, b) => a.at.localeCompare(b.at));
  const attribution = byTime.map((f) => f.attribution).reduce(strongerAttribution, undefined);
  return {
    id: story.id,
    story,
    places: facts.map((f) => f.places).reduce(unionById, []),
    countries: [...new Set(facts.flatMap((f) => f.countries))],
    actors: facts.map((f) => f.actors).reduce(unionById, []),
    eventTypes: [...new Set(facts.flatMap((f) => f.eventTypes))],
    casualties: Object.entries(highestPerKind(facts.flatMap((f) => f.casualties))).map(([kind, count]) => ({ kind, count })),
    ...(attribution ? { attribution } : {}),
    updatedAt: facts.map((f) => f.at).sort().at(-1) ?? story.latestReport,
  };
}

/** What an article says happened; `eventTypes` leaves out `arson` for an accidental fire (data/events/accidental-fire.yaml). */
export function factsOf(extraction: Extraction, at: string, eventTypes = incidentEventTypes(extraction)): ArticleFacts {
  return {
    places: extraction.places.map(placeRef),
    countries: extraction.countries.map((c) => c.toUpperCase()),
    actors: extraction.actors.map(({ id, name }) => ({ id, name })),
    eventTypes,
    casualties: extraction.casualties.map(({ kind, count }) => ({ kind, count })),
    ...(extraction.attribution ? { attribution: extraction.attribution } : {}),
    at,
  };
}

const RETENTION_SECS = 90 * 24 * 3600;
const LIST_BATCH = 200;

/**
 * Per story, one hash field per article (written with HSET, so articles of one
 * story analysed at once never overwrite each other), merged when read.
 */
export class StoryEventStore {
  private readonly base: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly stories: StoryStore,
  ) {
    this.base = prefix.endsWith(':') ? prefix : `${prefix}:`;
  }

  private factsKey(storyId: string): string {
    return `${this.base}event-facts:${storyId}`;
  }

  private indexKey(): string {
    return `${this.base}event-index`;
  }

  /**
   * Records what an article says happened; articles that name no event (attack,
   * kidnapping, claim, ...) are not events, and neither is an accidental fire
   * (a market fire, a short circuit, a bushfire) with nothing else reported.
   */
  async record(story: Story, articleId: string, extraction: Extraction, now: number): Promise<boolean> {
    const eventTypes = incidentEventTypes(extraction);
    if (eventTypes.length === 0) return false;
    const key = this.factsKey(story.id);
    await this.redis
      .multi()
      .hset(key, articleId, JSON.stringify(factsOf(extraction, new Date(now).toISOString(), eventTypes)))
      .expire(key, RETENTION_SECS)
      .zadd(this.indexKey(), Date.parse(story.firstReport) || now, story.id)
      .zremrangebyscore(this.indexKey(), '-inf', now - RETENTION_SECS * 1000)
      .exec();
    return true;
  }

  /**
   * Newest first (by first report); `since` is an ISO date/time or epoch
   * milliseconds; `country` ISO alpha-2 code(s), any of them, applied while paging the index
   * so that `limit` counts matching events.
   */
  async list(options: { since?: string | number; limit?: number; country?: readonly string[] } = {}): Promise<StoryEvent[]> {
    const since = typeof options.since === 'string' ? Date.parse(options.since) : (options.since ?? Number.NEGATIVE_INFINITY);
    const min = Number.isFinite(since) ? since : '-inf';
    const limit = options.limit ?? 1000;
    const concerns = (event: StoryEvent) => !options.country || options.country.some((c) => event.countries.includes(c) || event.places.some((p) => p.country === c));
    const out: StoryEvent[] = [];
    for (let offset = 0; out.length < limit; offset += LIST_BATCH) {
      const ids = await this.redis.zrevrangebyscore(this.indexKey(), '+inf', min, 'LIMIT', offset, LIST_BATCH);
      for (const event of await Promise.all(ids.map((id) => this.get(id)))) {
        if (event && concerns(event)) out.push(event);
      }
      if (ids.length < LIST_BATCH) break;
    }
    return out.slice(0, limit);
  }

  async get(storyId: string): Promise<StoryEvent | null> {
    const [story, fields] = await Promise.all([this.stories.get(storyId), this.redis.hgetall(this.factsKey(storyId))]);
    const facts = Object.values(fields).flatMap((raw) => {
      const parsed = ArticleFactsSchema.safeParse(JSON.parse(raw));
      return parsed.success ? [parsed.data] : [];
    });
    return story && facts.length > 0 ? mergeFacts(story, facts) : null;
  }
}
