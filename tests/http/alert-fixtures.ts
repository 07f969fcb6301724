import { type Alert, AlertSchema } from '../../src/alerts/alert.js';
import { contentId } from '../../src/core/ids.js';

const SENTENCES = ['JNIM fighters ambushed a convoy near Diboli on Monday.', 'Twelve soldiers were killed.'];
const TEXT = SENTENCES.join(' ');

/** Where `needle` sits in TEXT and its sentence, as the extraction reports it. */
export function evidenceFor(needle: string) {
  const start = TEXT.indexOf(needle);
  let sentenceStart = 0;
  for (const sentence of SENTENCES) {
    if (start < sentenceStart + sentence.length) return { start, end: start + needle.length, quote: needle, sentence, sentenceStart };
    sentenceStart += sentence.length + 1;
  }
  throw new Error(`not in the fixture text: ${needle}`);
}

export interface AlertSeed {
  indicatorId?: string;
  indicatorTitle?: string;
  severity?: Alert['severity'];
  story?: string;
  title?: string;
  at?: string;
  place?: { id: string; name: string; country: string; admin1?: string; lat: number; lon: number };
  url?: string;
  outlet?: string;
}

/** A realistic alert (convoy ambush near Diboli, Mali), with every field an analyst sees filled. */
export function makeAlert(seed: AlertSeed = {}): Alert {
  const indicatorId = seed.indicatorId ?? 'kayes-convoy-interdiction';
  const storyId = seed.story ?? contentId('st', seed.title ?? 'diboli', seed.at ?? '');
  const at = seed.at ?? '2026-11-20T08:00:00.000Z';
  const place = seed.place ?? { id: 'place/ml/diboli', name: 'Diboli', country: 'ML', admin1: 'Kayes', lat: 14.5456, lon: -11.2123 };
  const url = seed.url ?? 'https://news.example.org/mali/diboli-ambush';
  return AlertSchema.parse({
    id: contentId('al', indicatorId, storyId),
    indicatorId,
    indicatorTitle: seed.indicatorTitle ?? 'Convoy interdiction on the Dakar–Bamako corridor',
    description: 'Attacks on fuel and goods convoys choke Bamako supply.',
    severity: seed.severity ?? 'high',
    tags: ['jnim', 'blockade'],
    owner: 'sahel-desk',
    version: 1,
    story: {
      id: storyId,
      title: seed.title ?? 'JNIM ambushes convoy near Diboli',
      firstReport: at,
      latestReport: at,
      outlets: 1,
      sources: [{ articleId: 'ar_1', url, outlet: seed.outlet ?? 'Sahel Daily', title: seed.title ?? 'Convoy ambushed', published: at }],
    },
    places: [
      { id: 'country/ml', name: 'Mali', country: 'ML', lat: 17.57, lon: -3.99 },
      place,
    ],
    countries: [place.country],
    actors: [{ id: 'actor/jnim', name: 'JNIM' }],
    people: [],
    casualties: [{ kind: 'killed', count: 12, evidence: evidenceFor('Twelve soldiers were killed') }],
    evidence: [
      { condition: 'when.all[0] (actor)', detail: 'actor JNIM', sourceUrl: url, evidence: [evidenceFor('JNIM')] },
      { condition: 'when.all[1] (event)', detail: 'event ambush: ambushed', sourceUrl: url, evidence: [evidenceFor('ambushed a convoy')] },
      { condition: 'when.all[2] (region)', detail: 'place within region kayes-corridor: Diboli', sourceUrl: url, evidence: [evidenceFor('Diboli')] },
    ],
    history: [{ at, kind: 'raised', version: 1, note: 'raised by Sahel Daily: Convoy ambushed' }],
    createdAt: at,
    updatedAt: at,
    silenced: false,
    receivers: [],
  });
}
