import { z } from 'zod';
import { type Evidence, PlaceKindSchema, type PlaceMention } from '../../../extraction/extraction.js';
import type { DocContext } from '../../doc.js';
import { CompileError, type CompiledCondition, defineCondition, leafResult, pathString } from '../condition.js';
import { locatedEvidence, plainEvidence } from '../located.js';

export default defineCondition({
  type: 'region',
  description: 'A named place has coordinates inside one of these regions (indicators/regions/<name>.geojson).',
  options: z.strictObject({
    type: z.literal('region'),
    in: z.array(z.string().min(1)).min(1),
    /** Only places in these countries count (keeps a border belt from spilling into a neighbour). */
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO alpha-2 code such as BJ')).min(1).optional(),
    /**
     * Place kinds whose coordinates count. Default: everything smaller than a
     * first-level region, since the centroid of a country or province says little about where it happened.
     */
    place_kinds: z.array(PlaceKindSchema).min(1).default(['admin2', 'town', 'protected-area', 'corridor', 'river', 'other']),
    /**
     * Turn it round: a place named plainly (not only as where goods came from or went) lies outside
     * every listed region. "Tankers from Senegal attacked near Sikasso" names the wrong road.
     */
    outside: z.boolean().default(false),
  }),
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const regions = options.in.map((name, i) => {
      const region = ctx.regions.get(name);
      if (!region) {
        const known = [...ctx.regions.keys()].sort().join(', ') || 'none';
        throw new CompileError([...ctx.path, 'in', i], `unknown region "${name}" (known: ${known})`);
      }
      return region;
    });
    const kinds = new Set<string>(options.place_kinds);
    const countries = options.countries && new Set(options.countries);
    // Which places lie inside is the same for every sentence window: computed once per document.
    const placesInside = (doc: DocContext) =>
      doc.cached(placesInsideKey, () => {
        const inside: { place: PlaceMention; label: string }[] = [];
        for (const place of doc.extraction.places) {
          if (place.lat === undefined || place.lon === undefined || !kinds.has(place.placeKind)) continue;
          if (countries && (place.country === undefined || !countries.has(place.country))) continue;
          const point = [place.lon, place.lat] as const;
          const found = regions.map((region) => ({ region, shape: region.find(point) })).find((r) => r.shape);
          if (options.outside) {
            if (!found) inside.push({ place, label: `${place.name} (outside ${options.in.join(', ')})` });
          } else if (found?.shape) inside.push({ place, label: `${place.name} (${found.region.name}: ${found.shape.name})` });
        }
        return inside;
      });
    const placesInsideKey = {};
    const whyNot = `no named place ${options.outside ? 'outside' : 'inside'} ${options.in.join(', ')}`;
    return {
      path,
      type: 'region',
      anyOf: ['has:geo'],
      check(doc, scope) {
        const evidence: Evidence[] = [];
        const hits: string[] = [];
        for (const { place, label } of placesInside(doc)) {
          const inside = options.outside ? plainEvidence(place, scope) : locatedEvidence(doc, place, scope);
          if (inside.length === 0) continue;
          evidence.push(...inside);
          hits.push(label);
        }
        return leafResult(path, 'region', evidence, () => `place within region: ${[...new Set(hits)].join(', ')}`, () => whyNot);
      },
    };
  },
});
