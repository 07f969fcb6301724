/** Countries sahelwatch can place alerts in: name, ISO 3166 numeric code (ACLED `iso`) and UN region. */
const COUNTRIES: Record<string, { name: string; isoNumeric: number; region: string }> = {
  ML: { name: 'Mali', isoNumeric: 466, region: 'Western Africa' },
  BF: { name: 'Burkina Faso', isoNumeric: 854, region: 'Western Africa' },
  NE: { name: 'Niger', isoNumeric: 562, region: 'Western Africa' },
  BJ: { name: 'Benin', isoNumeric: 204, region: 'Western Africa' },
  TG: { name: 'Togo', isoNumeric: 768, region: 'Western Africa' },
  NG: { name: 'Nigeria', isoNumeric: 566, region: 'Western Africa' },
  GH: { name: 'Ghana', isoNumeric: 288, region: 'Western Africa' },
  CI: { name: "Cote d'Ivoire", isoNumeric: 384, region: 'Western Africa' },
  SN: { name: 'Senegal', isoNumeric: 686, region: 'Western Africa' },
  MR: { name: 'Mauritania', isoNumeric: 478, region: 'Western Africa' },
  GN: { name: 'Guinea', isoNumeric: 324, region: 'Western Africa' },
  GM: { name: 'Gambia', isoNumeric: 270, region: 'Western Africa' },
  GW: { name: 'Guinea-Bissau', isoNumeric: 624, region: 'Western Africa' },
  SL: { name: 'Sierra Leone', isoNumeric: 694, region: 'Western Africa' },
  LR: { name: 'Liberia', isoNumeric: 430, region: 'Western Africa' },
  CV: { name: 'Cape Verde', isoNumeric: 132, region: 'Western Africa' },
  TD: { name: 'Chad', isoNumeric: 148, region: 'Middle Africa' },
  CM: { name: 'Cameroon', isoNumeric: 120, region: 'Middle Africa' },
  CF: { name: 'Central African Republic', isoNumeric: 140, region: 'Middle Africa' },
  DZ: { name: 'Algeria', isoNumeric: 12, region: 'Northern Africa' },
  LY: { name: 'Libya', isoNumeric: 434, region: 'Northern Africa' },
  MA: { name: 'Morocco', isoNumeric: 504, region: 'Northern Africa' },
  EH: { name: 'Western Sahara', isoNumeric: 732, region: 'Northern Africa' },
  SD: { name: 'Sudan', isoNumeric: 729, region: 'Northern Africa' },
};

export function countryInfo(iso2: string): { name: string; isoNumeric: number; region: string } | undefined {
  return COUNTRIES[iso2.toUpperCase()];
}

/** ISO numeric codes (as world-atlas ids, zero-padded to 3) of the countries the map draws. */
export function mappedCountryIds(): Set<string> {
  return new Set(Object.values(COUNTRIES).map((c) => String(c.isoNumeric).padStart(3, '0')));
}
