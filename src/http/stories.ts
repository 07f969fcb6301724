import type { StageContext } from '../pipeline/context.js';
import type { Story } from '../stories/story.js';

/** Recent stories, most recently reported first. */
export async function listStories(ctx: StageContext, limit: number): Promise<Story[]> {
  return ctx.stories.list({ limit });
}

export async function getStory(ctx: StageContext, id: string): Promise<Story | null> {
  return ctx.stories.get(id);
}
