import { z } from 'zod';
import { AttributionSchema, CasualtySchema, PlaceRefSchema } from '../extraction/extraction.js';
import { ExplanationSchema, SeveritySchema } from '../matching/match.js';
import { AdmiraltyGradeSchema } from '../stories/grades.js';
import { StoryStatusSchema } from '../stories/status.js';
import { SourceGroupSchema, StorySourceSchema } from '../stories/story.js';

export const AlertPlaceSchema = PlaceRefSchema;

export const AlertHistoryEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(['raised', 'updated', 'escalated', 'resolved', 'expired', 'acknowledged', 'silenced', 'inhibited', 'delivered', 'dead-lettered']),
  version: z.number().int().positive(),
  note: z.string(),
});

/** One story × one indicator. New sources update it; `version` counts changes worth telling. */
export const AlertSchema = z.object({
  /** `al_<hash(indicatorId, storyId)>`. */
  id: z.string(),
  indicatorId: z.string(),
  indicatorTitle: z.string(),
  /** Why the indicator matters (from the indicator file), shown in every alert. */
  description: z.string(),
  severity: SeveritySchema,
  tags: z.array(z.string()),
  owner: z.string().optional(),
  /** Bumped whenever something an analyst cares about changes; deliveries are per version. */
  version: z.number().int().positive(),
  story: z.object({
    id: z.string(),
    title: z.string(),
    firstReport: z.string(),
    latestReport: z.string(),
    outlets: z.number().int().nonnegative(),
    sources: z.array(StorySourceSchema),
    /** The reports grouped by what they rest on: one group per independent source (absent on alerts raised before they were counted). */
    sourceGroups: z.array(SourceGroupSchema).optional(),
    /** "4 reports from 2 independent sources (AFP via RFI, France 24 and Le Monde; Reuters)". */
    sourcing: z.string().optional(),
    /** claimed, reported, confirmed or disputed (absent on alerts raised before stories had one). */
    status: StoryStatusSchema.optional(),
    /** The best Admiralty grade among its reports (`sources.grades`); absent when none is graded. */
    bestGrade: AdmiraltyGradeSchema.optional(),
  }),
  places: z.array(AlertPlaceSchema),
  countries: z.array(z.string()),
  actors: z.array(z.object({ id: z.string(), name: z.string() })),
  people: z.array(z.object({ id: z.string(), name: z.string() })),
  casualties: z.array(CasualtySchema),
  /**
   * The JNIM component: named in a report, else likely from the place of the
   * incident (absent: none read, or raised before attribution).
   */
  attribution: AttributionSchema.extend({ sourceUrl: z.string() }).optional(),
  /** Which condition matched which words in which sentence of which source. */
  evidence: z.array(ExplanationSchema.extend({ sourceUrl: z.string() })),
  history: z.array(AlertHistoryEntrySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledged: z.object({ by: z.string(), at: z.string() }).optional(),
  /** Over: its story went quiet (`expired`) or an analyst closed it. A later report on the story makes it active again. */
  resolved: z.object({ at: z.string(), by: z.string(), reason: z.enum(['expired', 'analyst']) }).optional(),
  silenced: z.boolean().default(false),
  /** Receivers the indicator names itself, added to whatever the routing tree picks. */
  receivers: z.array(z.string()).default([]),
  /** What the last notified version told analysts; updates are compared with it, not with the previous state. */
  notified: z
    .object({
      at: z.string(),
      severity: SeveritySchema,
      outlets: z.number().int().nonnegative(),
      /** Independent sources told (absent when told before they were counted: then `outlets` stands for them). */
      sources: z.number().int().nonnegative().optional(),
      /** The story's status told (absent when told before stories had one). */
      status: StoryStatusSchema.optional(),
      /** Highest figure per casualty kind, e.g. {killed: 12}. */
      casualties: z.record(z.string(), z.number()),
    })
    .optional(),
  /** Threshold window state when the alert was raised: N matching stories within D days. */
  window: z.object({ stories: z.number().int().positive(), withinDays: z.number().positive() }).optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** Marked expired (its story went quiet) after its last update: no longer an active alert. */
export function expiredSinceUpdate(alert: Alert): boolean {
  const updated = Date.parse(alert.updatedAt);
  return alert.history.some((h) => h.kind === 'expired' && Date.parse(h.at) >= updated);
}

/** Resolved, and nothing has happened to it since. */
export function isResolved(alert: Alert): boolean {
  return alert.resolved !== undefined && Date.parse(alert.resolved.at) >= Date.parse(alert.updatedAt);
}
