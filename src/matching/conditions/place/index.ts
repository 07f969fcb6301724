import { z } from 'zod';
import { PlaceKindSchema, type PlaceMention } from '../../../extraction/extraction.js';
import { type CompiledCondition, defineCondition, leafResult, pathString, qualifyId, referencesIn } from '../condition.js';
import { locatedEvidence } from '../located.js';

const Options = z
  .strictObject({
    type: z.literal('place'),
    /** Gazetteer place ids (e.g. place/kayes). */
    ids: z.array(z.string().min(1)).min(1).optional(),
    /** ISO alpha-2 country of the place. */
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO alpha-2 code such as ML')).min(1).optional(),
    kinds: z.array(PlaceKindSchema).min(1).optional(),
  })
  .refine((o) => o.ids || o.countries || o.kinds, 'give at least one of ids, countries, kinds');

export default defineCondition({
  type: 'place',
  description: 'A place is named that has one of these ids, and/or lies in one of these countries, and/or is of one of these kinds.',
  options: Options,
  references: (options) => referencesIn('place', options.ids, 'ids'),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const ids = options.ids && new Set(options.ids.map((id) => qualifyId('place', id)));
    const countries = options.countries && new Set(options.countries);
    const kinds = options.kinds && new Set<string>(options.kinds);
    const fits = (p: PlaceMention): boolean =>
      (!ids || ids.has(p.id)) &&
      (!countries || (p.country !== undefined && countries.has(p.country))) &&
      (!kinds || kinds.has(p.placeKind));
    const wanted = [ids && `ids ${[...ids].join(', ')}`, countries && `in ${[...countries].join(', ')}`, kinds && `kind ${[...kinds].join(', ')}`]
      .filter(Boolean)
      .join(', ');
    const whyNot = `no place with ${wanted}`;
    // Which places fit does not depend on the sentence window: computed once per document.
    const fittingKey = {};
    return {
      path,
      type: 'place',
      anyOf: ids ? [...ids].map((id) => `place:${id}`) : null,
      check(doc, scope) {
        const places = doc.cached(fittingKey, () => doc.extraction.places.filter(fits));
        const evidence = places.flatMap((p) => locatedEvidence(doc, p, scope));
        return leafResult(path, 'place', evidence, () => `place ${[...new Set(places.map((p) => p.name))].join(', ')}`, () => whyNot);
      },
    };
  },
});
