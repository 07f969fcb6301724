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

/**
 * An item as the feed document alone gives it, before the status store says
 * when it was first seen: no `firstSeen`, and no `published` when the feed gave
 * no usable date (it becomes the first-seen time). What a parse thread returns.
 */
export const DraftItemSchema = ItemSchema.omit({ firstSeen: true }).extend({ published: z.string().optional() });
export type DraftItem = z.infer<typeof DraftItemSchema>;

/** The item, once its first-seen time is known. */
export function finishItem(draft: DraftItem, firstSeen: string): Item {
  return { ...draft, published: draft.published ?? firstSeen, firstSeen };
}
