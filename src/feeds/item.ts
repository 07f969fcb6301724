import { z } from 'zod';

/** One entry of a feed or listing page, as the poll stage hands it on. */
export const ItemSchema = z.object({
  /** `it_<hash(feedId, guid || canonical url)>`: the same item polled twice has the same id. */
  id: z.string(),
  feedId: z.string(),
  /** Display name of the outlet (feed title or configured name). */
  outlet: z.string(),
  guid: z.string(),
  /** Canonicalised article URL (tracking parameters stripped). */
  url: z.string(),
  title: z.string(),
  /** Plain-text summary from the feed (HTML stripped). Kept when the page cannot be fetched. */
  summary: z.string(),
  /** ISO 8601. */
  published: z.string(),
  /** Where `published` came from: the feed, or the first time we saw the item (missing/bad/future date). */
  dateSource: z.enum(['feed', 'first-seen']),
  /** Declared language of the feed or item, if any (e.g. `fr`, `en-GB`). */
  language: z.string().optional(),
  firstSeen: z.string(),
});
export type Item = z.infer<typeof ItemSchema>;
