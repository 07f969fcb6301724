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
  /** Per kind, days after which rows are deleted (by seen / updated time); unlimited by default. */
  retention_days: z
    .strictObject({ articles: DaysSchema, stories: DaysSchema, events: DaysSchema, alerts: DaysSchema, deliveries: DaysSchema })
    .prefault({}),
});
export type DatabaseConfig = z.infer<typeof DatabaseConfigSchema>;
export type RetentionKind = keyof DatabaseConfig['retention_days'];
