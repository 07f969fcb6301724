import { z } from 'zod';

export const StorySourceSchema = z.object({
  articleId: z.string(),
  url: z.string(),
  outlet: z.string(),
  title: z.string(),
  published: z.string(),
});
export type StorySource = z.infer<typeof StorySourceSchema>;

/** One real-world event and every report of it. */
export const StorySchema = z.object({
  id: z.string(),
  title: z.string(),
  firstReport: z.string(),
  latestReport: z.string(),
  sources: z.array(StorySourceSchema),
  /** Number of distinct outlets among the sources: what indicators call corroboration. */
  outlets: z.number().int().nonnegative(),
});
export type Story = z.infer<typeof StorySchema>;
