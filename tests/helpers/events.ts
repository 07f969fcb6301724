import type { StoryEvent } from '../../src/events/story-event.js';

export type EventPlace = StoryEvent['places'][number];
/** An event as the record keeps one from an ACLED-style row (what `RecordStore.importEvents` takes). */
export type ImportedStoryEvent = StoryEvent & { source: 'csv'; acled: Record<string, never> };

/** An event first reported at `at` (epoch ms) at the places given, with one report linked, 3 killed unless `extra` says otherwise. */
export function recordEvent(id: string, at: number, places: EventPlace[], extra: Partial<StoryEvent> & { title?: string } = {}): ImportedStoryEvent {
  const firstReport = new Date(at).toISOString();
  const { title = `Attack near ${places[0]?.name ?? 'nowhere'} (${id})`, ...rest } = extra;
  return {
    id,
    story: { id, title, firstReport, latestReport: firstReport, outlets: 1, sources: [{ articleId: `ar_${id}`, url: `https://news.example.org/${id}`, outlet: 'Sahel Daily', title, published: firstReport }] },
    places,
    countries: [...new Set(places.flatMap((p) => (p.country ? [p.country] : [])))],
    actors: [{ id: 'actor/jnim', name: 'JNIM' }],
    eventTypes: ['attack'],
    casualties: [{ kind: 'killed', count: 3 }],
    updatedAt: firstReport,
    ...rest,
    source: 'csv',
    acled: {},
  };
}
