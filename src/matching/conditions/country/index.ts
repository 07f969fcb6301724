import { z } from 'zod';
import type { Extraction } from '../../../extraction/extraction.js';
import { type CompiledCondition, defineCondition, pathString } from '../condition.js';

/**
 * Where the report is, at country level: a country named, a place in it, or a
 * demonym ("l'armée nigérienne", "Burkinabe troops"). Coarser than `place`, which
 * needs a named place and gives its evidence; use it for a theatre, not a location.
 */
const CONCERNED = {};

/**
 * Extraction's countries leave out neighbours outside the watched region (Algeria): those
 * named, or whose people or army are named, are in `countriesOutside`, and places still say where.
 */
function concernedCountries(x: Extraction): Set<string> {
  return new Set([...x.countries, ...(x.countriesOutside ?? []), ...x.places.flatMap((p) => (p.country ? [p.country] : []))]);
}

export default defineCondition({
  type: 'country',
  description: 'The text concerns one of these countries: it names the country, a place in it, or its people ("Nigerien troops"); a country outside the watched region (Algeria) also by its army ("Armée nationale populaire").',
  options: z.strictObject({
    type: z.literal('country'),
    any_of: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO alpha-2 code such as ML')).min(1),
  }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    return {
      path,
      type: 'country',
      // No index keys: a place's country is not among them.
      anyOf: null,
      check(doc) {
        const concerned = doc.cached(CONCERNED, () => concernedCountries(doc.extraction));
        const found = options.any_of.filter((c) => concerned.has(c));
        if (found.length > 0) return { ok: true, evidence: [], explanation: [{ condition: `${path} (country)`, detail: `country ${found.join(', ')}`, evidence: [] }] };
        return { ok: false, evidence: [], explanation: [], why: `${path} (country): the text concerns none of ${options.any_of.join(', ')}` };
      },
    };
  },
});
