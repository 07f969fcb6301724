import { z } from 'zod';

/** Days to keep one kind of record; absent means forever. */
const DaysSchema = z.number().positive().optional();

/**
 * Where the record lives. `url` (or DATABASE_URL) names a PostgreSQL server;
 * without it the record is an embedded PGlite database in `path`, relative to
 * the config file like every other path.
 */
export const DatabaseConfigSchema = z.strictObject({
  /** false: keep nothing beyond Redis (the service as it was before the record). */
  enabled: z.boolean().default(true),
  /** postgres://… ; overridden by DATABASE_URL. `memory://` is a throw-away embedded store. */
  url: z.string().optional(),
  /** The embedded store's folder (PGlite), used when no url is given. */
  path: z.string().default('data/db'),
  /**
   * The embedded store's buffer cache (PostgreSQL shared_buffers), in MB; PGlite's own
   * default. PGlite touches it as it starts: an idle service holds ~450 MB at 128 and
   * ~320 MB at 32, and full-text search is slower the smaller it is (npm run bench record).
   * Not used with a PostgreSQL url.
   */
  embedded_buffers_mb: z.number().int().min(1).max(1024).default(128),
  /** Per kind, days after which rows are deleted (by seen / updated time); unlimited by default. */
  retention_days: z
    .strictObject({ articles: DaysSchema, stories: DaysSchema, events: DaysSchema, alerts: DaysSchema, deliveries: DaysSchema })
    .prefault({}),
});
export type DatabaseConfig = z.infer<typeof DatabaseConfigSchema>;
export type RetentionKind = keyof DatabaseConfig['retention_days'];
