/**
 * The extraction benchmark's generated articles: ~3.2 KB of template sentences,
 * English or French, naming the gazetteer's actors, people, countries and places.
 * Seeded, so every run (and every checkout compared) reads the same articles.
 */
import { defaultGazetteer, type GazetteerEntry } from '../src/extraction/gazetteer.js';

const ARTICLE_BYTES = 3 * 1024;

/** Mulberry32: small seeded PRNG so every run benchmarks the same articles. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEMPLATES = {
  en: [
    'Gunmen from {actor} attacked an army post near {place} on Tuesday, killing {n} soldiers, a security source said.',
    'Residents of {place} said the convoy of fuel tankers was ambushed on the road to {place2}.',
    'In an audio message, {person} called on fighters in {country} to step up attacks.',
    'Troops recovered a drone and a Starlink kit after clashes with {actor} fighters near {place}.',
    'The government of {country} said the situation in {place} remained tense after the raid.',
    'Local officials said several trucks were set ablaze and their drivers kidnapped.',
    'Humanitarian groups warned that the blockade was cutting food supplies to markets across the region.',
    'The army said it had neutralised a number of assailants and seized weapons and motorcycles.',
  ],
  fr: [
    'Des hommes armés du {actor} ont attaqué un poste militaire près de {place} mardi, tuant {n} soldats, selon une source sécuritaire.',
    'Selon des habitants de {place}, le convoi de camions-citernes est tombé dans une embuscade sur la route de {place2}.',
    'Dans un message audio, {person} appelle les combattants du {country} à intensifier les attaques.',
    "L'armée a récupéré un drone et un kit Starlink après des affrontements avec le {actor} près de {place}.",
    'Le gouvernement du {country} indique que la situation reste tendue à {place} après le raid.',
    'Plusieurs camions ont été incendiés et leurs chauffeurs enlevés, selon des sources locales.',
    "Les organisations humanitaires alertent sur le blocus qui coupe l'approvisionnement des marchés de la région.",
    "L'armée dit avoir neutralisé plusieurs assaillants et saisi des armes et des motos.",
  ],
} as const;

function firstAlias(e: GazetteerEntry, lang: 'en' | 'fr'): string {
  return e.aliases[lang]?.[0] ?? e.aliases['en']?.[0] ?? Object.values(e.aliases)[0]?.[0] ?? e.name;
}

export function generateArticles(count: number): { title: string; text: string; language: string }[] {
  const gz = defaultGazetteer();
  const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const actors = gz.entries.filter((e) => e.kind === 'actor');
  const people = gz.entries.filter((e) => e.kind === 'person');
  const countries = gz.entries.filter((e) => e.placeKind === 'country' && e.inRegion);
  const places = gz.entries.filter((e) => e.kind === 'place' && e.placeKind !== 'country');
  const r = rng(42);
  const out: { title: string; text: string; language: string }[] = [];
  for (let i = 0; i < count; i++) {
    const lang = r() < 0.5 ? 'en' : 'fr';
    let text = '';
    while (text.length < ARTICLE_BYTES) {
      const sentence = pick(r, TEMPLATES[lang])
        .replace('{actor}', firstAlias(pick(r, actors), lang))
        .replace('{person}', firstAlias(pick(r, people), lang))
        .replace('{country}', firstAlias(pick(r, countries), lang))
        .replace('{place2}', firstAlias(pick(r, places), lang))
        .replace('{place}', firstAlias(pick(r, places), lang))
        .replace('{n}', String(1 + Math.floor(r() * 40)));
      text += r() < 0.2 ? `\n\n${sentence}` : ` ${sentence}`;
    }
    out.push({ title: lang === 'en' ? 'Attack reported in the Sahel' : 'Attaque signalée au Sahel', text: text.trim(), language: lang });
  }
  return out;
}
