import { z } from 'zod';
import { AlertMatcherSchema } from '../alerts/matcher.js';
import { SilenceMatchersSchema } from '../alerts/silences.js';
import { EventQueryFields } from '../record/event-query.js';
import { nearTogether } from '../record/search-query.js';

/** ISO date/time or epoch milliseconds, as a query string. */
const TimeParam = z
  .string()
  .refine((v) => Number.isFinite(/^\d+$/.test(v) ? Number(v) : Date.parse(v)), 'expected an ISO date/time or epoch milliseconds')
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : v));

/** Filters of /api/alerts and the exports: the alert-matcher vocabulary and a time range; strict, so a misspelt filter is refused rather than ignored. */
export const AlertFilterSchema = AlertMatcherSchema.extend({
  since: TimeParam.optional(),
  until: TimeParam.optional(),
});

export const AlertListQuerySchema = AlertFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^\d{1,9}$/, 'expected the nextCursor of a previous page').optional(),
});
export type AlertListQuery = z.output<typeof AlertListQuerySchema>;

export const ExportQuerySchema = AlertFilterSchema.extend({
  bom: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional(),
});

/**
 * Events export: every story that reports an incident, newest first, streamed
 * from the record with the record's filters; without a record, the events Redis
 * keeps (90 days) with country, since and limit only.
 */
export const EventExportQuerySchema = z.strictObject({ ...EventQueryFields, bom: ExportQuerySchema.shape.bom }).refine(nearTogether.check, nearTogether.params);
export type EventExportQuery = z.output<typeof EventExportQuerySchema>;

export const AlertIdParamsSchema = z.strictObject({
  id: z.string().regex(/^al_[0-9a-f]{24}$/, 'malformed alert id (expected al_ followed by 24 hex digits)'),
});

/** An alert's "earlier near here": how far around its place to look, and how many alerts and events at most. */
export const EarlierQuerySchema = z.strictObject({
  radius_km: z.coerce.number().positive().max(500).default(50),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const AckBodySchema = z.strictObject({ by: z.string().trim().min(1).max(100).optional() });

export const ResolveBodySchema = z.strictObject({ by: z.string().trim().min(1).max(100).optional(), comment: z.string().trim().min(1).max(500).optional() });

/** Silence one alert's story (or its whole indicator) for some hours, straight from the alert. */
export const AlertSilenceBodySchema = z.strictObject({
  scope: z.enum(['story', 'indicator']).default('story'),
  hours: z.number().positive().max(24 * 90),
  comment: z.string().trim().min(1).max(500),
  by: z.string().trim().min(1).max(100).optional(),
});

export const SilenceIdParamsSchema = z.strictObject({
  id: z.string().regex(/^si_[0-9a-f]{16}$/, 'malformed silence id (expected si_ followed by 16 hex digits)'),
});

export const SilenceBodySchema = z.strictObject({
  matchers: SilenceMatchersSchema,
  expires_at: z.union([z.string().max(40), z.number()]),
  comment: z.string().trim().min(1).max(500),
  created_by: z.string().trim().min(1).max(100),
});

export const StoriesQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const StoryIdParamsSchema = z.strictObject({
  id: z.string().regex(/^st_[0-9a-f]{24}$/, 'malformed story id (expected st_ followed by 24 hex digits)'),
});

export const DeadLetterParamsSchema = z.strictObject({
  id: z.string().max(300).regex(/^dl_al_[0-9a-f]{24}_v\d+_[A-Za-z0-9_.-]+$/, 'malformed dead-letter key (expected dl_<alert id>_v<version>_<receiver>)'),
});

export const NoQuerySchema = z.strictObject({});
