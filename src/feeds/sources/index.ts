import { z } from 'zod';
import { pageSource } from './page/index.js';
import { rssSource } from './rss/index.js';
import type { ParsedFeed, SourceDocument } from './source.js';

export type { ParsedFeed, RawEntry, SourceDocument } from './source.js';

/** REGISTRY: one line per source type. The config union below is built from it. */
export const SOURCES = [rssSource, pageSource] as const;

export const FeedConfigSchema = z.discriminatedUnion('type', [rssSource.config, pageSource.config]);
export type FeedConfig = z.infer<typeof FeedConfigSchema>;

/** Plugins seen through the union config type (each one only ever receives its own type). */
type AnySource = { parse(doc: SourceDocument, feed: FeedConfig): Promise<ParsedFeed> };
const byType = new Map<string, AnySource>(SOURCES.map((s) => [s.type, s as unknown as AnySource]));

/** Reads a fetched document with the source plugin the feed's `type` names. */
export function parseWithSource(feed: FeedConfig, doc: SourceDocument): Promise<ParsedFeed> {
  const source = byType.get(feed.type);
  if (!source) throw new Error(`unknown feed type "${feed.type}"`);
  return source.parse(doc, feed);
}
