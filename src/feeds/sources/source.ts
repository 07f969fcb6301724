import { z } from 'zod';
import type { ScheduleHints } from '../schedule-hints.js';

/** Fields every feed has, whatever its type. Each source adds its `type` literal and options. */
export const baseFeedFields = {
  /** Stable id: used in item ids, Redis keys and scheduler ids, so no ':' and no spaces. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/, 'letters, digits, - and _ only (max 80)'),
  url: z.url({ protocol: /^https?$/ }),
  /** Display name of the outlet; defaults to the feed's own title. */
  name: z.string().min(1).optional(),
  interval_secs: z.number().int().min(60).default(900),
  /** Declared language (`fr`, `en`): wins over what the document says. */
  language: z.string().min(2).optional(),
  tags: z.array(z.string()).default([]),
};

/** One entry as a source read it, before dates, URLs and ids are normalised by pollFeed. */
export interface RawEntry {
  guid?: string;
  link?: string;
  title?: string;
  /** HTML or plain text; pollFeed strips markup. */
  summary?: string;
  /** Date text as published; pollFeed parses it and falls back to first-seen. */
  published?: string;
  language?: string;
}

export interface ParsedFeed {
  title?: string;
  language?: string;
  entries: RawEntry[];
  /** One line per field or entry that was dropped. A bad entry never fails the feed. */
  errors: string[];
  /** What the document says about how often to read it (RSS ttl, skipHours, sy:updatePeriod, …). */
  hints?: ScheduleHints;
}

/** The fetched, decoded document handed to a source. */
export interface SourceDocument {
  text: string;
  /** Final URL after redirects: base for relative links. */
  url: string;
  contentType: string;
}

/** The contract of a source plugin (folder `src/feeds/sources/<type>/`). */
export interface Source<Schema extends z.ZodObject<{ type: z.ZodLiteral<string> }>> {
  type: z.infer<Schema>['type'];
  description: string;
  /** Strict zod object for this type's config entry, with a `type` literal: joins the FeedConfig union. */
  config: Schema;
  /** Throws only when the document as a whole cannot be read (not XML, not a feed, hostile DTD). */
  parse(doc: SourceDocument, feed: z.infer<Schema>): Promise<ParsedFeed>;
  /** A minimal valid config entry for `url`: documentation, and what the contract tests run. */
  example(id: string, url: string): z.input<Schema>;
}
