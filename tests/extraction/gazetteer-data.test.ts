import { describe, expect, it } from 'vitest';
import { defaultGazetteer } from '../../src/extraction/gazetteer.js';

const gz = defaultGazetteer();
const curated = gz.entries.filter((e) => e.source === 'curated');

describe('gazetteer data files', () => {
  it('every reference points at an existing entry', () => {
    for (const e of curated) {
      for (const ref of [e.parent, e.group, ...(e.leads ?? []), ...(e.switchTo ?? []).map((r) => r.id), ...(e.via ?? [])]) {
        if (ref && ref !== 'actor/al-qaeda' && ref !== 'actor/islamic-state') expect(gz.byId.has(ref), `${e.id} → ${ref}`).toBe(true);
      }
    }
  });

  it('a set of countries ("coastal states") is an abstract region with no coordinates and no country', () => {
    const coastal = gz.byId.get('place/region/coastal-states');
    expect(coastal).toMatchObject({ placeKind: 'region', abstract: true });
    expect(coastal?.lat).toBeUndefined();
    expect(coastal?.lon).toBeUndefined();
    expect(coastal?.country).toBeUndefined();
  });

  it('other places have coordinates; those of the watched countries lie in West Africa, the Sahel or the Lake Chad basin', () => {
    for (const e of gz.entries.filter((x) => x.kind === 'place' && !(x.abstract && x.lat === undefined))) {
      expect(e.lat, e.id).toBeTypeOf('number');
      expect(e.lon, e.id).toBeTypeOf('number');
      const watched = e.country && gz.byId.get(`country/${e.country.toLowerCase()}`)?.inRegion;
      if (watched && e.placeKind !== 'country') {
        // From Mauritania and Senegal in the west to Chad's eastern border, and down to Cameroon's south.
        expect(e.lat as number, e.id).toBeGreaterThan(1.5);
        expect(e.lat as number, e.id).toBeLessThan(28);
        expect(e.lon as number, e.id).toBeGreaterThan(-18);
        expect(e.lon as number, e.id).toBeLessThan(24.5);
      }
    }
  });

  it('covers the groups, leaders and places analysts name, under their canonical names', () => {
    const names = new Set(curated.map((e) => e.name));
    for (const n of ['JNIM', 'FLM', 'AQIM', 'ISSP', 'ISWAP', 'Boko Haram', 'Ansarul Islam', 'FLA', 'MSA', 'Lakurawa', 'Ansar Dine', 'FAMa', 'VDP', 'Africa Corps']) expect(names, n).toContain(n);
    for (const n of ['Iyad Ag Ghali', 'Amadou Koufa', 'Abu Jalil al-Fulani', 'Abou Houzeifa al-Bambari', 'Djamel Okacha', 'Ousmane Dicko', 'Jafar Dicko', 'Abdelmalek Droukdel']) expect(names, n).toContain(n);
    for (const n of ['W National Park', 'Pendjari National Park', 'Arly National Park', 'Pama Reserve', 'W-Arly-Pendjari Complex', 'Kainji Lake National Park', 'Mékrou River', 'Nioro du Sahel', 'Timbuktu', 'Gulf of Guinea', 'Diboli', 'Kidira', 'Point Triple', 'Tamou', 'Say']) expect(names, n).toContain(n);
  });

  it('only state and allied forces are excluded from analyst actors', () => {
    const roles = Object.fromEntries(curated.filter((e) => e.kind === 'actor').map((e) => [e.name, e.role]));
    expect(roles).toMatchObject({ FAMa: 'state', VDP: 'state', 'Africa Corps': 'allied', JNIM: 'jihadist', FLA: 'separatist' });
  });
});
