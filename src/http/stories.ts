import type { ConsoleContext } from './deps.js';
import type { Story } from '../stories/story.js';

/** Recent stories, most recently reported first. */
export async function listStories(ctx: ConsoleContext, limit: number): Promise<Story[]> {
  return ctx.stories.list({ limit });
}

export async function getStory(ctx: ConsoleContext, id: string): Promise<Story | null> {
  return ctx.stories.get(id);
}
