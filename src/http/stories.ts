import type { StageContext } from '../service/context.js';
import type { Story } from '../stories/story.js';

/** Recent stories, newest report first. */
export async function listStories(ctx: StageContext, limit: number): Promise<Story[]> {
  // TODO(wire): StoryStore (src/stories/cluster.ts) has not landed yet.
  void ctx;
  void limit;
  return [];
}
