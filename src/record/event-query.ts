import { z } from 'zod';
import { IsoTimeSchema, NameList, NearFields, nearTogether } from './search-query.js';

// The events filter's shape, apart from the SQL (as search-query.ts is for search).

const CountryList = NameList.pipe(
  z.array(
    z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166 alpha-2 code such as ML')
      .transform((c) => c.toUpperCase()),
  ),
);

/** Events of the record (`EventQuerySchema`): every field given must hold; a field listing several values holds when any does. */
export const EventQueryFields = {
    /** ISO alpha-2 code(s): the event's countries or a country of one of its places. */
    country: CountryList.optional(),
    /** First-level region(s) (ACLED's admin1) of the event's places, case and accents ignored. */
    admin1: NameList.optional(),
    /** Gazetteer actor id(s), `jnim` or `actor/jnim`. */
    actor: NameList.transform((ids) => ids.map((a) => (a.includes('/') ? a : `actor/${a}`))).optional(),
    /** Event type(s): attack, kidnapping, blockade, … */
    event_type: NameList.optional(),
    /** On the first report, `since` inclusive, `until` exclusive. */
    since: IsoTimeSchema.optional(),
    until: IsoTimeSchema.optional(),
    ...NearFields,
    /** At most this many, newest first; every matching event when absent. */
    limit: z.coerce.number().int().min(1).max(10_000_000).optional(),
};
export const EventQuerySchema = z.strictObject(EventQueryFields).refine(nearTogether.check, nearTogether.params);
export type EventQuery = z.output<typeof EventQuerySchema>;
