import { z } from 'zod';
import { baseFeedFields, type ParsedFeed, type Source } from '../source.js';
import { looksLikeJsonFeed, parseJsonFeed } from './json-feed.js';
import { readXmlFeed } from './xml-feed.js';
import { dropInvalidReferences, dropOverNestedEntries, ENTITY_NOTE, prepareXml } from './xml-prep.js';

export const RssFeedConfigSchema = z.strictObject({ ...baseFeedFields, type: z.literal('rss') });
export type RssFeedConfig = z.infer<typeof RssFeedConfigSchema>;

/**
 * Entries nested too deep for the (recursive) tree walk are cut out and named; the others are kept.
 * Invalid numeric character references (`&#xD800;`) can never be text: dropped before parsing.
 */
function parseXmlFeed(xml: string, url: string): ParsedFeed {
  const prepared = prepareXml(xml);
  const cleaned = dropInvalidReferences(prepared);
  const { xml: bounded, errors: dropped } = dropOverNestedEntries(cleaned);
  const parsed = readXmlFeed(bounded, url);
  if (cleaned !== prepared && !parsed.errors.includes(ENTITY_NOTE)) parsed.errors.push(ENTITY_NOTE);
  parsed.errors.unshift(...dropped);
  return parsed;
}

export const rssSource: Source<typeof RssFeedConfigSchema> = {
  type: 'rss',
  description: 'RSS 0.9x/2.0, RSS 1.0 (RDF), Atom and JSON Feed documents.',
  config: RssFeedConfigSchema,
  parse: async (doc) => (looksLikeJsonFeed(doc.text) ? parseJsonFeed(doc.text) : parseXmlFeed(doc.text, doc.url)),
  example: (id, url) => ({ id, type: 'rss', url, name: 'RFI Afrique', language: 'fr', interval_secs: 900, tags: ['mali'] }),
};
