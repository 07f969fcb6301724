import { z } from 'zod';
import { ReportAccountSchema } from '../extraction/accounts.js';
import { AdmiraltyGradeSchema, SourceScaleSchema } from './grades.js';
import { FollowUpSchema, StoryIncidentSchema } from './follow-up.js';
import { StoryStatusSchema } from './status.js';

/** How a report shows it rests on a news agency. */
export const AgencySignalSchema = z.enum(['dateline', 'signoff', 'byline', 'attribution', 'canonical']);
export type AgencySignal = z.infer<typeof AgencySignalSchema>;

/** One agency a report rests on and the first sign of it ("(AFP) –", "told Reuters"). */
export const AgencyCitationSchema = z.object({ agency: z.string(), signal: AgencySignalSchema, quote: z.string() });
export type AgencyCitation = z.infer<typeof AgencyCitationSchema>;

export const StorySourceSchema = z.object({
  articleId: z.string(),
  url: z.string(),
  outlet: z.string(),
  title: z.string(),
  published: z.string(),
  /** The feed it came through: ownership groups may name outlets by feed id. */
  feedId: z.string().optional(),
  /** News agencies the report rests on (absent on reports filed before sources were told apart). */
  agencies: z.array(AgencyCitationSchema).optional(),
  /** The report, by another outlet, that this one nearly reprints (article id). */
  copyOf: z.string().optional(),
  /** What the report rests on: a group's claim, an official statement, local sources, a denial or its own reporting. */
  account: ReportAccountSchema.optional(),
  /** Its outlet's Admiralty grade from `sources.grades` when it was filed (absent: the outlet is not graded). */
  grade: AdmiraltyGradeSchema.optional(),
  /** How far its outlet reaches (`sources.scales`, data/sources/scales.yaml); absent when unknown. */
  scale: SourceScaleSchema.optional(),
  /** How this report refers back to the story's incident, when it is a later report of it (a revised toll, a claim, "Tuesday's attack"). */
  followUp: z.array(FollowUpSchema).optional(),
});
export type StorySource = z.infer<typeof StorySourceSchema>;

/**
 * Reports resting on one origin: one independent source. `agency`: one wire
 * dispatch (origin the agency, outlets those printing it); `owner`: outlets of
 * one ownership group; `copy`: one outlet's text reprinted by others (origin the
 * first); `outlet`: one outlet's own reporting.
 */
export const SourceGroupSchema = z.object({
  kind: z.enum(['agency', 'owner', 'copy', 'outlet']),
  origin: z.string(),
  /** The outlets carrying it, other than the origin itself. */
  outlets: z.array(z.string()),
  reports: z.number().int().positive(),
});
export type SourceGroup = z.infer<typeof SourceGroupSchema>;

/** One real-world event and every report of it. */
export const StorySchema = z.object({
  id: z.string(),
  title: z.string(),
  firstReport: z.string(),
  latestReport: z.string(),
  sources: z.array(StorySourceSchema),
  /** Number of distinct outlets among the sources. */
  outlets: z.number().int().nonnegative(),
  /**
   * The sources grouped by what they rest on (agency, copy, owner): each group is
   * one independent source, and their number is what indicators call corroboration.
   * Absent on stories filed before sources were told apart.
   */
  sourceGroups: z.array(SourceGroupSchema).optional(),
  /** claimed, reported, confirmed or disputed, from its reports' accounts and independent sources (absent on stories filed before). */
  status: StoryStatusSchema.optional(),
  /** The best Admiralty grade among its reports (absent: none graded). */
  bestGrade: AdmiraltyGradeSchema.optional(),
  /** Its incident's days, places, event types and armed groups, for reports that refer back to it (absent on stories filed before). */
  incident: StoryIncidentSchema.optional(),
});
export type Story = z.infer<typeof StorySchema>;

/** Independent sources of a story: its source groups, or its outlets for a story filed before they were counted. */
export function independentSources(story: Pick<Story, 'outlets' | 'sourceGroups'>): number {
  return story.sourceGroups?.length ?? story.outlets;
}
