import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { ManualClock } from '../../src/core/clock.js';
import { contentId } from '../../src/core/ids.js';
import { extract } from '../../src/extraction/extract.js';
import { StoryStore } from '../../src/stories/cluster.js';
import { incidentFacts } from '../../src/stories/facts.js';
import { estimateOverlap, fingerprint } from '../../src/stories/minhash.js';
import { generateItems } from '../helpers/generated-news.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('ingest-stories');
const redis = testRedis();
const clock = new ManualClock(Date.parse('2025-09-16T12:00:00Z'));
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

let counter = 0;
function article(outlet: string, title: string, text: string, overrides: Partial<Article> = {}): Article {
  const n = ++counter;
  const url = `https://${outlet.toLowerCase().replace(/\W+/g, '')}.example/${n}`;
  return {
    id: contentId('ar', url),
    itemId: contentId('it', outlet, String(n)),
    feedId: outlet,
    outlet,
    url,
    title,
    text,
    published: '2025-09-16T08:00:00.000Z',
    textSource: 'page',
    ...overrides,
  };
}

// One wire report (AFP-style) and the ways outlets rewrite it.
const WIRE = [
  'Suspected jihadists from the al-Qaeda-linked JNIM group set fire to at least 40 fuel tankers on Monday on the road between Kayes and Diéma in western Mali, local officials and a security source told AFP.',
  'The convoy, escorted by the Malian army, was carrying fuel from the Senegalese port of Dakar to the capital Bamako when it was attacked around 30 kilometres east of Kayes.',
  'The attackers first opened fire on the military escort before setting the trucks alight, a transporter who was in the convoy said, asking not to be named for security reasons.',
  'JNIM announced a blockade on fuel imports at the beginning of September, targeting tankers coming from Senegal and Ivory Coast, and has since attacked several convoys in the Kayes region.',
  'Fuel shortages have hit Bamako in recent days, with long queues forming at petrol stations. The army did not immediately respond to a request for comment.',
].join('\n\n');

const REWRITES: Array<[string, string, string]> = [
  ['Sahel Wire', 'Mali: jihadists torch 40 fuel tankers near Kayes', WIRE],
  [
    'Daily Nation',
    'Fuel blockade: JNIM burns tanker convoy in western Mali',
    [
      'Jihadists from the al-Qaeda-linked JNIM group set fire to at least 40 fuel tankers on Monday on the road between Kayes and Diéma in western Mali, local officials and a security source said.',
      'The convoy, escorted by the Malian army, was carrying fuel from the Senegalese port of Dakar to the capital Bamako when it was attacked about 30 kilometres east of Kayes.',
      'According to a transporter who was in the convoy, the attackers first opened fire on the military escort before setting the trucks alight.',
      'JNIM announced a blockade on fuel imports at the beginning of September, targeting tankers coming from Senegal and Ivory Coast.',
      'Mali has been ruled by a military junta since 2020 coups, and has turned to Russia for security support after the departure of French troops.',
    ].join('\n\n'),
  ],
  [
    'Africa Today',
    'At least 40 tankers set ablaze in Mali convoy attack',
    [
      'Suspected jihadists from the al-Qaeda-linked JNIM group set fire to at least 40 fuel tankers on Monday on the road between Kayes and Diéma in western Mali.',
      'The convoy, escorted by the Malian army, was carrying fuel from the Senegalese port of Dakar to the capital Bamako when it was attacked around 30 kilometres east of Kayes, officials said.',
      'Fuel shortages have hit Bamako in recent days, with long queues forming at petrol stations.',
    ].join('\n\n'),
  ],
  ['SAHEL WIRE', 'Mali: convoy attack near Kayes (update)', `${WIRE}\n\nUPDATE: A security source said on Tuesday that three soldiers were missing.`],
];

// Same day, same place, different events.
const FLOODS = [
  'Heavy rains have caused flooding in the Kayes region of western Mali, displacing more than 3,000 people, the civil protection agency said on Monday.',
  'Several homes collapsed in the town of Kayes and the nearby village of Diamou, and the Senegal river burst its banks in several places.',
  'Authorities have opened schools to shelter displaced families, and humanitarian organisations warned of a risk of cholera.',
].join('\n\n');
const DRONE_STRIKE = [
  'The Malian army said on Monday it had killed several terrorists in a drone strike near Kayes in western Mali, after fighters were spotted gathering in a forest.',
  'The army general staff said in a statement that the strike destroyed motorbikes and weapons used by the JNIM group, which has stepped up attacks in the region.',
  'The statement did not give a toll, and the claim could not be independently verified.',
].join('\n\n');

describe('MinHash similarity', () => {
  it('scores rewrites of one report high and unrelated same-place reports low', () => {
    const wire = fingerprint(WIRE);
    for (const [, , text] of REWRITES.slice(1)) expect(estimateOverlap(wire, fingerprint(text))).toBeGreaterThanOrEqual(0.5);
    expect(estimateOverlap(wire, fingerprint(FLOODS))).toBeLessThan(0.2);
    expect(estimateOverlap(wire, fingerprint(DRONE_STRIKE))).toBeLessThan(0.2);
    expect(estimateOverlap(fingerprint(FLOODS), fingerprint(DRONE_STRIKE))).toBeLessThan(0.2);
  });
});

describe('StoryStore', () => {
  it('clusters rewrites from several outlets into one story and keeps unrelated reports apart', async () => {
    const store = new StoryStore(redis, `${prefix}:a`, {}, clock);
    const results = [];
    for (const [i, [outlet, title, text]] of REWRITES.entries()) {
      results.push(await store.assign(article(outlet, title, text, { published: `2025-09-16T${String(8 + i).padStart(2, '0')}:00:00.000Z` })));
    }
    const floods = await store.assign(article('Journal de Kayes', 'Inondations à Kayes', FLOODS));
    const strike = await store.assign(article('FAMa', 'Frappe de drone près de Kayes', DRONE_STRIKE));

    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(new Set(results.map((r) => r.story.id)).size).toBe(1);
    const story = await store.get(results[0]!.story.id);
    expect(story).toMatchObject({
      title: 'Mali: jihadists torch 40 fuel tankers near Kayes',
      firstReport: '2025-09-16T08:00:00.000Z',
      latestReport: '2025-09-16T11:00:00.000Z',
      // "Sahel Wire" and "SAHEL WIRE" are one outlet: corroboration counts outlets, not reports.
      outlets: 3,
    });
    expect(story?.sources.map((s) => s.outlet)).toEqual(['Sahel Wire', 'Daily Nation', 'Africa Today', 'SAHEL WIRE']);
    expect(story?.id).toBe(contentId('st', story?.sources[0]?.articleId ?? ''));

    expect(floods.story.id).not.toBe(story?.id);
    expect(strike.story.id).not.toBe(story?.id);
    expect(strike.story.id).not.toBe(floods.story.id);
    expect((await store.list({ limit: 10 })).map((s) => s.outlets).sort()).toEqual([1, 1, 3]);
    expect(await store.list({ limit: 1 })).toHaveLength(1);
  });

  it('joins a paraphrased report of the same attack written independently by another outlet', async () => {
    const store = new StoryStore(redis, `${prefix}:e`, { similarity: 0.5 }, clock);
    const dispatch = await store.assign(
      article(
        'Sahel Dispatch',
        "Fuel tankers torched near Diboli as JNIM tightens grip on Mali's western corridor",
        "Militants of the al-Qaeda-linked Jama'at Nusrat al-Islam wal-Muslimin (JNIM) set fire to at least twelve fuel tankers near Diboli on Tuesday, on the main road linking the Senegalese border to Kayes and Bamako.\n\nDrivers said the convoy of tankers was ambushed about 15 kilometres east of the border town. Two drivers were killed and five others were kidnapped, according to the Malian truckers' union.\n\nJNIM declared a blockade on fuel imports into western Mali in September and has since attacked several convoys in the Kayes region.",
        { published: '2026-11-18T09:40:00.000Z' },
      ),
    );
    const wire = await store.assign(
      article(
        'West Africa Wire',
        'Jihadists burn a dozen fuel tankers near Mali-Senegal border town of Diboli',
        "Fighters of the al-Qaeda-linked JNIM set fire to at least twelve fuel tankers near Diboli on Tuesday, on the road from the Senegalese border to Kayes. Two drivers were killed and five were kidnapped, the truckers' union said. JNIM has declared a blockade on fuel imports into western Mali and has attacked several convoys in the Kayes region since September.",
        { published: '2026-11-18T13:15:00.000Z', textSource: 'summary' },
      ),
    );
    expect(wire.story.id).toBe(dispatch.story.id);
    expect(wire.story.outlets).toBe(2);
  });

  it('drops exact duplicates: same canonical URL, same item (GUID), same normalised text', async () => {
    const store = new StoryStore(redis, `${prefix}:b`, {}, clock);
    const first = article('Sahel Wire', 'Mali: jihadists torch 40 fuel tankers near Kayes', WIRE);
    const created = await store.assign(first);
    const sameUrl = await store.assign({ ...first, itemId: 'it_other_feed', title: 'Other title' });
    const sameItem = await store.assign({ ...first, id: 'ar_refetched', url: 'https://sahelwire.example/amp/1' });
    const sameText = await store.assign(article('Reposter', 'Copied', WIRE.replace(/Diéma/g, 'DIEMA').replace(/\n\n/g, ' ')));
    for (const dup of [sameUrl, sameItem, sameText]) {
      expect(dup).toMatchObject({ duplicate: true, story: { id: created.story.id } });
    }
    expect((await store.get(created.story.id))?.sources).toHaveLength(1);
  });

  it('does not merge reports that are only a generic title', async () => {
    const store = new StoryStore(redis, `${prefix}:f`, {}, clock);
    const first = await store.assign(article('FAMa', 'Communiqué du gouvernement', '', { textSource: 'summary' }));
    const second = await store.assign(article('FAMa', 'Communiqué du gouvernement', '', { textSource: 'summary' }));
    expect(second.story.id).not.toBe(first.story.id);
  });

  it('starts a new story when the rewrite falls outside the time window', async () => {
    const store = new StoryStore(redis, `${prefix}:c`, { window_hours: 72 }, clock);
    const [, title, text] = REWRITES[1]!;
    const early = await store.assign(article('Sahel Wire', 'Original', WIRE, { published: '2025-09-01T08:00:00.000Z' }));
    const late = await store.assign(article('Daily Nation', title, text, { published: '2025-09-16T08:00:00.000Z' }));
    expect(late.story.id).not.toBe(early.story.id);
  });

  it('gives one story when two workers assign rewrites at the same time', async () => {
    const otherConnection = testRedis();
    try {
      const workers = [new StoryStore(redis, `${prefix}:d`, {}, clock), new StoryStore(otherConnection, `${prefix}:d`, {}, clock)];
      const articles = REWRITES.map(([outlet, title, text]) => article(outlet, title, text));
      const results = await Promise.all(articles.map((a, i) => workers[i % 2]!.assign(a)));
      const storyIds = new Set(results.map((r) => r.story.id));
      expect(storyIds.size).toBe(1);
      const story = await workers[0]!.get([...storyIds][0]!);
      expect(story?.sources).toHaveLength(4);
      expect(story?.outlets).toBe(3);
    } finally {
      otherConnection.disconnect();
    }
  });
});

describe('StoryStore under concurrency', () => {
  /** Three outlets' rewrites of each generated report: an intro line added, the ending cut short. */
  function rewrites(reports: number) {
    return generateItems(reports, { seed: 11, fillerWords: 120 }).flatMap((item, story) =>
      ['Sahel Wire', 'Daily Nation', 'Le Républicain'].map((outlet, j) => {
        const words = item.text.split(' ');
        const text = `${outlet} reports, from its correspondents. ${words.slice(0, words.length - 3 * j).join(' ')}`;
        return { story, article: article(outlet, `${item.title} — ${outlet}`, text) };
      }),
    );
  }

  it('files 60 reports of 20 events, assigned at once by three workers in shuffled order, as 20 stories with every report once', async () => {
    const connections = [redis, testRedis(), testRedis()];
    try {
      // Connected before the race starts; otherwise one connection's commands wait in ioredis's offline queue and nothing races.
      await Promise.all(connections.map((c) => c.ping()));
      const workers = connections.map((c) => new StoryStore(c, `${prefix}:g`, {}, clock));
      const reports = rewrites(20);
      const shuffled = [...reports].sort((a, b) => ((a.article.id < b.article.id) === (a.story % 2 === 0) ? -1 : 1));
      // The same URL sent twice at once, as two feeds would: it must end as one source, not two.
      const again = shuffled.slice(0, 5).map((r) => ({ ...r, article: { ...r.article, itemId: `${r.article.itemId}-other-feed` } }));
      const results = await Promise.all([...shuffled, ...again].map((r, i) => workers[i % 3]!.assign(r.article).then((result) => ({ ...r, result }))));

      const storyOf = new Map<number, Set<string>>();
      for (const r of results) storyOf.set(r.story, (storyOf.get(r.story) ?? new Set()).add(r.result.story.id));
      expect([...storyOf.values()].map((ids) => ids.size)).toEqual(Array(20).fill(1));
      expect(new Set([...storyOf.values()].flatMap((ids) => [...ids])).size).toBe(20);
      expect(results.filter((r) => r.result.duplicate)).toHaveLength(5);

      const stories = await workers[0]!.list({ limit: 100 });
      expect(stories).toHaveLength(20);
      for (const story of stories) {
        expect(story.sources).toHaveLength(3);
        expect(story.outlets).toBe(3);
      }
      expect(new Set(stories.flatMap((s) => s.sources.map((source) => source.articleId)))).toEqual(new Set(reports.map((r) => r.article.id)));
    } finally {
      for (const c of connections.slice(1)) c.disconnect();
    }
  });
});

describe('StoryStore exact duplicates under concurrency', () => {
  it('files a title-only item sent by two feeds at the same moment once', async () => {
    const other = testRedis();
    try {
      await Promise.all([redis.ping(), other.ping()]);
      const workers = [new StoryStore(redis, `${prefix}:h`, {}, clock), new StoryStore(other, `${prefix}:h`, {}, clock)];
      const items = Array.from({ length: 10 }, (_, i) => article('FAMa', `Communiqué n°${i}`, '', { textSource: 'summary' }));
      const results = await Promise.all(items.flatMap((item) => workers.map((w, j) => w.assign({ ...item, itemId: `${item.itemId}-feed-${j}` }))));
      expect(results.filter((r) => !r.duplicate)).toHaveLength(10);
      expect(new Set(results.map((r) => r.story.id)).size).toBe(10);
    } finally {
      other.disconnect();
    }
  });
});

describe('StoryStore across languages', () => {
  /** Facts as the analyze stage passes them: from the real extraction. */
  const factsOf = (a: Article) => incidentFacts(extract({ title: a.title, text: a.text }));
  const EN_DIBOLI =
    "Fighters of the al-Qaeda-linked JNIM set fire to twelve fuel tankers near Diboli in western Mali on Tuesday, on the road from the Senegalese border to Kayes. Two drivers were killed and five were kidnapped, the truckers' union said.";
  const FR_DIBOLI =
    "Des combattants du JNIM, affilié à al-Qaïda, ont incendié douze camions-citernes mardi près de Diboli, dans l'ouest du Mali, sur la route reliant la frontière sénégalaise à Kayes. Deux chauffeurs ont été tués et cinq autres enlevés, selon le syndicat des transporteurs.";

  it('files an English report and a French report of the same incident as one story', async () => {
    const store = new StoryStore(redis, `${prefix}:x1`, {}, clock);
    const en = article('West Africa Wire', 'Jihadists torch a dozen fuel tankers near Diboli', EN_DIBOLI, { published: '2026-11-18T09:00:00.000Z' });
    const fr = article('Le Sahélien', 'Mali : une douzaine de camions-citernes incendiés près de Diboli', FR_DIBOLI, { published: '2026-11-18T15:00:00.000Z' });
    const first = await store.assign(en, factsOf(en));
    const second = await store.assign(fr, factsOf(fr));
    expect(second.story.id).toBe(first.story.id);
    expect(second.story.outlets).toBe(2);
  });

  it('keeps apart a French report of another attack in the same town, a contradicting toll, and one days later', async () => {
    const store = new StoryStore(redis, `${prefix}:x2`, {}, clock);
    const en = article('West Africa Wire', 'Jihadists torch a dozen fuel tankers near Diboli', EN_DIBOLI, { published: '2026-11-18T09:00:00.000Z' });
    const first = await store.assign(en, factsOf(en));
    const otherAttack = article(
      'Journal du Mali',
      'Nouvelle attaque contre un convoi près de Diboli',
      "Des hommes armés ont attaqué un convoi de camions près de Diboli. Trois chauffeurs ont été tués, selon des sources locales. L'attaque n'a pas été revendiquée.",
      { published: '2026-11-18T20:00:00.000Z' },
    );
    // Three days on, the same words about an attack on Friday: another incident at the same place.
    const later = article('Le Sahélien', 'Mali : une douzaine de camions-citernes incendiés près de Diboli', FR_DIBOLI.replace('mardi', 'vendredi'), { published: '2026-11-21T09:00:00.000Z' });
    for (const report of [otherAttack, later]) expect((await store.assign(report, factsOf(report))).story.id).not.toBe(first.story.id);
  });

  it('joins a French report whose toll has risen since the English one; keeps apart one whose toll fell with no word of a revision', async () => {
    const store = new StoryStore(redis, `${prefix}:x5`, {}, clock);
    const en = article('West Africa Wire', 'Jihadists torch a dozen fuel tankers near Diboli', EN_DIBOLI, { published: '2026-11-18T09:00:00.000Z' });
    const first = await store.assign(en, factsOf(en));
    const risen = article('Le Sahélien', 'Mali : des camions-citernes incendiés près de Diboli', FR_DIBOLI.replace('mardi ', '').replace('Deux chauffeurs', 'Quatre chauffeurs'), { published: '2026-11-18T15:00:00.000Z' });
    expect((await store.assign(risen, factsOf(risen))).story.id).toBe(first.story.id);
    const other = new StoryStore(redis, `${prefix}:x6`, {}, clock);
    const again = await other.assign(en, factsOf(en));
    // Undated, as the first, so only the facts can join them: a lower toll with no word of a revision is another incident's.
    const fallen = article('Le Sahélien', 'Mali : des camions-citernes incendiés près de Diboli', FR_DIBOLI.replace('mardi ', '').replace('cinq autres enlevés', 'deux autres enlevés'), { published: '2026-11-18T15:00:00.000Z' });
    expect((await other.assign(fallen, factsOf(fallen))).story.id).not.toBe(again.story.id);
  });

  it('joins a report days later that dates the attack to the story\'s day at its place, with no words pointing back', async () => {
    const store = new StoryStore(redis, `${prefix}:x4`, {}, clock);
    const en = article('West Africa Wire', 'Jihadists torch a dozen fuel tankers near Diboli', EN_DIBOLI, { published: '2026-11-18T09:00:00.000Z' });
    const first = await store.assign(en, factsOf(en));
    // Saturday's "mardi" is the Tuesday the first report gave; the toll is higher, as tolls become.
    const later = article('Le Sahélien', 'Diboli : les transporteurs en colère', FR_DIBOLI.replace('Deux chauffeurs', 'Trois chauffeurs'), { published: '2026-11-21T09:00:00.000Z' });
    expect((await store.assign(later, factsOf(later))).story.id).toBe(first.story.id);
  });

  it('does not merge two English reports on facts alone: within a language the words decide', async () => {
    const store = new StoryStore(redis, `${prefix}:x3`, {}, clock);
    const en = article('West Africa Wire', 'Jihadists torch a dozen fuel tankers near Diboli', EN_DIBOLI);
    const other = article(
      'Sahel Daily',
      'Convoy attacked outside Diboli',
      'Suspected JNIM militants opened fire on a convoy of trucks outside Diboli, close to Kayes, leaving two drivers killed and five kidnapped according to local officials, who gave no further details about the assailants or the route.',
    );
    const first = await store.assign(en, factsOf(en));
    expect((await store.assign(other, factsOf(other))).story.id).not.toBe(first.story.id);
  });
});
