import { z } from 'zod';
import type { ParsedFeed, RawEntry } from '../source.js';

// JSON Feed 1.0/1.1 (jsonfeed.org): only the fields we use; unknown keys are ignored.
const JsonFeedItemSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  url: z.string().optional(),
  external_url: z.string().optional(),
  title: z.string().optional(),
  summary: z.string().optional(),
  content_text: z.string().optional(),
  content_html: z.string().optional(),
  date_published: z.string().optional(),
  date_modified: z.string().optional(),
  language: z.string().optional(),
});

const JsonFeedSchema = z.object({
  version: z.string().regex(/^https:\/\/jsonfeed\.org\/version\/1/),
  title: z.string().optional(),
  language: z.string().optional(),
  items: z.array(z.unknown()),
});

export function looksLikeJsonFeed(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** JSON Feed → the same entries the XML reader yields. Each item is validated on its own. */
export function parseJsonFeed(text: string): ParsedFeed {
  const feed = JsonFeedSchema.parse(JSON.parse(text));
  const entries: RawEntry[] = [];
  const errors: string[] = [];
  feed.items.forEach((raw, index) => {
    const item = JsonFeedItemSchema.safeParse(raw);
    if (!item.success) {
      errors.push(`item ${index}: not a JSON Feed item (${item.error.issues[0]?.message ?? 'invalid'})`);
      return;
    }
    const it = item.data;
    entries.push({
      guid: it.id === undefined ? undefined : String(it.id),
      link: it.url ?? it.external_url,
      title: it.title,
      summary: it.summary ?? it.content_text ?? it.content_html,
      published: it.date_published ?? it.date_modified,
      language: it.language,
    });
  });
  return { title: feed.title, language: feed.language, entries, errors };
}
