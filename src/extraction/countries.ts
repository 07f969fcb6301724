/** One reason to think a text concerns a country. */
export interface CountrySignal {
  iso2: string;
  via: 'named' | 'demonym' | 'place' | 'statement';
  inTitle: boolean;
  /** "near the Burkina Faso border", "le Togo voisin": a neighbour, not where it happened. */
  border: boolean;
}

// Weights: the title says what the story is about; a sub-national place or a
// country named in the body is one vote; a country a leader names in a
// statement counts fully (for statements the countries named are the point).
const WEIGHT = { named: 1, demonym: 1, place: 1, statement: 2 } as const;
const TITLE_WEIGHT = { named: 3, demonym: 2, place: 2, statement: 3 } as const;
/** A country must collect this much support to be listed. */
const KEEP_AT = 2;

/**
 * Countries where the event happened or that the text centrally concerns:
 * each signal votes, border mentions do not. When no country reaches the bar,
 * fall back to the home countries of the groups and people named (a text about
 * Iyad Ag Ghali that names no country concerns Mali), then to the best-supported (all of them on a tie).
 */
export function salientCountries(signals: CountrySignal[], homeCountries: string[]): string[] {
  const score = new Map<string, number>();
  for (const s of signals) {
    if (s.border) continue;
    const weight = s.inTitle ? TITLE_WEIGHT[s.via] : WEIGHT[s.via];
    score.set(s.iso2, (score.get(s.iso2) ?? 0) + weight);
  }
  const kept = [...score].filter(([, v]) => v >= KEEP_AT).map(([k]) => k);
  if (kept.length > 0) return kept.sort();
  if (homeCountries.length > 0) return [...new Set(homeCountries)].sort();
  const top = Math.max(0, ...score.values());
  return [...score].filter(([, v]) => v === top && v > 0).map(([k]) => k).sort();
}
