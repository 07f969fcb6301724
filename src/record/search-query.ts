import { z } from 'zod';

// The search's input and output shapes, apart from the SQL: the CLI and the console validate with them without loading the query builder.

/** An ISO date or date-time, normalised to a full ISO time. */
export const IsoTimeSchema = z
  .string()
  .refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO date or date-time, e.g. 2025-01-31')
  .transform((s) => new Date(Date.parse(s)).toISOString());

/** One name or several, comma-separated (`Alibori,Atacora`), or a list. */
export const NameList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0))
  .pipe(z.array(z.string().max(100)).min(1, 'expected at least one name').max(20));

/** A point and a radius: all three or none. */
export const NearFields = {
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  radius_km: z.coerce.number().positive().max(5000).optional(),
};
export const nearTogether = {
  check: (q: { lat?: number | undefined; lon?: number | undefined; radius_km?: number | undefined }) =>
    [q.lat, q.lon, q.radius_km].every((v) => v === undefined) || [q.lat, q.lon, q.radius_km].every((v) => v !== undefined),
  params: { message: 'lat, lon and radius_km go together', path: ['radius_km'] },
};

/** What `GET /api/search` and `sahelwatch search` accept (query-string values arrive as text, hence the coercions). */
export const SearchQuerySchema = z
  .strictObject({
    /** Words, "quoted phrases", `or`, `-excluded` (websearch syntax); French and English stems, accents ignored. */
    q: z.string().trim().max(500).default(''),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166 alpha-2 code, e.g. ML')
      .transform((c) => c.toUpperCase())
      .optional(),
    /** First-level region(s) (ACLED's admin1) of a place the report names, case and accents ignored: `Kayes`, `Alibori,Atacora`. */
    admin1: NameList.optional(),
    /** A gazetteer actor id, `jnim` or `actor/jnim`. */
    actor: z
      .string()
      .min(1)
      .transform((a) => (a.includes('/') ? a : `actor/${a}`))
      .optional(),
    /** An event type, e.g. attack, kidnapping, blockade. */
    event_type: z.string().min(1).optional(),
    /** An indicator id the article matched. */
    indicator: z.string().min(1).optional(),
    /** On the publication time (the first sighting when the feed gave none). */
    since: IsoTimeSchema.optional(),
    until: IsoTimeSchema.optional(),
    ...NearFields,
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .refine(nearTogether.check, nearTogether.params);
export type SearchQuery = z.input<typeof SearchQuerySchema>;

export interface SearchHit {
  id: string;
  url: string;
  title: string;
  outlet: string;
  language: string | null;
  published: string | null;
  storyId: string | null;
  countries: string[];
  actors: string[];
  eventTypes: string[];
  indicators: string[];
  /** Where the words matched, with «» around them; the start of the text when there are no words. */
  snippet: string;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Offset of the next page, when this one was full. */
  nextOffset?: number;
}
