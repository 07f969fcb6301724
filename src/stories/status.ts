import { z } from 'zod';
import type { StorySource } from './story.js';

/**
 * Where a story stands, least to most established: `disputed` (a report
 * carries a denial), `claimed` (every report relays the group's own claim),
 * `reported` (an outlet's own reporting, local or eyewitness sources),
 * `confirmed` (an official statement, or two independent sources that do not
 * merely relay the claim). A denial outweighs everything: an analyst must see
 * that someone contests the story, however well sourced it is otherwise.
 */
export const STORY_STATUSES = ['disputed', 'claimed', 'reported', 'confirmed'] as const;
export const StoryStatusSchema = z.enum(STORY_STATUSES);
export type StoryStatus = z.infer<typeof StoryStatusSchema>;

export function statusRank(status: StoryStatus): number {
  return STORY_STATUSES.indexOf(status);
}

/** A report filed before reports were classified counts as the outlet's own reporting. */
const foundIn = (source: StorySource) => source.account?.found ?? [];
const relaysClaimOnly = (source: StorySource) => {
  const found = foundIn(source);
  return found.length > 0 && found.every((kind) => kind === 'claim');
};

/** The story's status from its reports' accounts and its independent sources (the reports of each). */
export function storyStatus(independentSources: ReadonlyArray<readonly StorySource[]>): StoryStatus {
  const sources = independentSources.flat();
  if (sources.some((s) => foundIn(s).includes('denial'))) return 'disputed';
  if (sources.some((s) => foundIn(s).includes('official'))) return 'confirmed';
  const withOwnSourcing = independentSources.filter((members) => members.some((s) => !relaysClaimOnly(s))).length;
  if (withOwnSourcing >= 2) return 'confirmed';
  return withOwnSourcing > 0 ? 'reported' : 'claimed';
}
