import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Article } from '../articles/article.js';
import { type Clock, systemClock } from '../core/clock.js';
import { contentId } from '../core/ids.js';
import { bandKeys, estimateOverlap, type Fingerprint, fingerprint, foldedWords } from './minhash.js';
import { type Story, StorySchema, type StorySource } from './story.js';

export const StoryOptionsSchema = z.strictObject({
  /** Reports further apart than this are different events, however alike. */
  window_hours: z.number().positive().default(72),
  /** Minimum estimated overlap coefficient of word bigrams (0–1) for a report to join a story. */
  similarity: z.number().min(0).max(1).default(0.5),
});
export type StoryOptions = z.infer<typeof StoryOptionsSchema>;

export interface AssignResult {
  story: Story;
  /** Same canonical URL, same item (GUID) or same normalised text as a report already filed: nothing added. */
  duplicate: boolean;
}

const RETENTION_SECS = 30 * 24 * 3600;
const LOCK_TTL_MS = 15_000;
const LOCK_WAIT_MS = 10_000;
/** Texts shorter than this (in words) are too generic for exact-text deduplication. */
const MIN_WORDS_FOR_TEXT_HASH = 20;
const MAX_CANDIDATES = 200;
const MIN_SHINGLES_TO_CLUSTER = 6;
const MAX_LISTED_STORIES = 10_000;
const RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

const FingerprintRecordSchema = z.object({ storyId: z.string(), signature: z.array(z.number()), shingles: z.number() });

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function ms(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

function sourceOf(article: Article): StorySource {
  return { articleId: article.id, url: article.url, outlet: article.outlet, title: article.title, published: article.published };
}

/** Independent outlets: distinct names, case- and accent-insensitive. */
function countOutlets(sources: readonly StorySource[]): number {
  return new Set(sources.map((s) => foldedWords(s.outlet).join(' '))).size;
}

function withSource(story: Story, source: StorySource): Story {
  const sources = [...story.sources, source].sort((a, b) => ms(a.published) - ms(b.published));
  return {
    ...story,
    sources,
    firstReport: sources[0]?.published ?? story.firstReport,
    latestReport: sources[sources.length - 1]?.published ?? story.latestReport,
    outlets: countOutlets(sources),
  };
}

/**
 * Groups articles into stories (one real-world event, many reports) in Redis.
 * Exact duplicates are recognised by key; near duplicates by MinHash/LSH within
 * the time window. One Redis lock serialises `assign` across workers: it takes
 * milliseconds, and read-compare-write of a story must not interleave.
 */
export class StoryStore {
  private readonly base: string;
  private readonly options: StoryOptions;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    options: Partial<StoryOptions> = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.base = prefix.endsWith(':') ? prefix : `${prefix}:`;
    this.options = StoryOptionsSchema.parse(options);
  }

  private k(...parts: string[]): string {
    return `${this.base}story-${parts.join(':')}`;
  }

  async get(storyId: string): Promise<Story | null> {
    const raw = await this.redis.get(this.k('record', storyId));
    return raw ? StorySchema.parse(JSON.parse(raw)) : null;
  }

  /** Most recently reported stories first. */
  async list(options: { limit?: number } = {}): Promise<Story[]> {
    const ids = await this.redis.zrevrange(this.k('index'), 0, Math.max(0, (options.limit ?? 50) - 1));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.k('record', id)));
    return raws.filter((r): r is string => r !== null).map((r) => StorySchema.parse(JSON.parse(r)));
  }

  async assign(article: Article): Promise<AssignResult> {
    const keys = this.exactKeys(article);
    const fp = fingerprint(`${article.title}\n\n${article.text}`);
    // An unreadable date cannot place the report in a window: treat it as reported now.
    const published = ms(article.published) || this.clock.now();
    return this.withLock(async () => {
      const existing = await this.findExact(keys);
      if (existing) return { story: existing, duplicate: true };
      const near = await this.findNear(published, fp);
      const story = near ? withSource(near, sourceOf(article)) : this.newStory(article);
      await this.save(story, article.id, published, fp, keys);
      return { story, duplicate: false };
    });
  }

  /** Canonical URL (the article id), item id (feed + GUID) and, for real texts, the normalised text. */
  private exactKeys(article: Article): string[] {
    const keys = [this.k('url', article.id), this.k('item', article.itemId)];
    const words = foldedWords(article.text);
    if (words.length >= MIN_WORDS_FOR_TEXT_HASH) keys.push(this.k('text', sha(words.join(' '))));
    return keys;
  }

  private async findExact(keys: string[]): Promise<Story | null> {
    const ids = await this.redis.mget(keys);
    const storyId = ids.find((id): id is string => typeof id === 'string');
    return storyId ? this.get(storyId) : null;
  }

  /** The story of the most similar report within the window, if it reaches the threshold. */
  private async findNear(published: number, fp: Fingerprint): Promise<Story | null> {
    // A bare generic title ("Communiqué", "Flash info") says nothing about which event it is.
    if (fp.shingles < MIN_SHINGLES_TO_CLUSTER) return null;
    const windowMs = this.options.window_hours * 3600_000;
    const pipeline = this.redis.pipeline();
    for (const band of bandKeys(fp.signature)) pipeline.zrangebyscore(this.k('band', band), published - windowMs, published + windowMs);
    const votes = new Map<string, number>();
    for (const [, members] of (await pipeline.exec()) ?? []) {
      for (const id of (members as string[] | null) ?? []) votes.set(id, (votes.get(id) ?? 0) + 1);
    }
    const candidates = [...votes.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES).map(([id]) => id);
    if (candidates.length === 0) return null;
    const records = await this.redis.mget(candidates.map((id) => this.k('fp', id)));
    let best: { storyId: string; score: number } | null = null;
    for (const raw of records) {
      const record = raw ? FingerprintRecordSchema.safeParse(JSON.parse(raw)) : null;
      if (!record?.success || record.data.shingles < MIN_SHINGLES_TO_CLUSTER) continue;
      const score = estimateOverlap(fp, record.data);
      if (score >= this.options.similarity && (!best || score > best.score)) best = { storyId: record.data.storyId, score };
    }
    return best ? this.get(best.storyId) : null;
  }

  private newStory(article: Article): Story {
    return {
      id: contentId('st', article.id),
      title: article.title,
      firstReport: article.published,
      latestReport: article.published,
      sources: [sourceOf(article)],
      outlets: 1,
    };
  }

  private async save(story: Story, articleId: string, published: number, fp: Fingerprint, exactKeys: string[]): Promise<void> {
    const bandTtl = Math.ceil((this.options.window_hours * 3600 * 2) + 3600);
    // Trimmed relative to the report's own date, not the wall clock, so replaying old feeds clusters too.
    const staleBefore = published - this.options.window_hours * 3600_000 * 2;
    const tx = this.redis.multi();
    tx.set(this.k('record', story.id), JSON.stringify(story), 'EX', RETENTION_SECS);
    tx.zadd(this.k('index'), ms(story.latestReport), story.id);
    for (const key of exactKeys) tx.set(key, story.id, 'EX', RETENTION_SECS);
    tx.set(this.k('fp', articleId), JSON.stringify({ storyId: story.id, ...fp }), 'EX', bandTtl);
    for (const band of bandKeys(fp.signature)) {
      const key = this.k('band', band);
      tx.zadd(key, published, articleId);
      tx.zremrangebyscore(key, '-inf', staleBefore);
      tx.expire(key, bandTtl);
    }
    tx.zremrangebyrank(this.k('index'), 0, -MAX_LISTED_STORIES - 1);
    await tx.exec();
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const key = this.k('lock');
    const token = randomUUID();
    const giveUp = Date.now() + LOCK_WAIT_MS;
    while ((await this.redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
      if (Date.now() > giveUp) throw new Error(`story lock ${key} still held after ${LOCK_WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE_LOCK, 1, key, token);
    }
  }
}
