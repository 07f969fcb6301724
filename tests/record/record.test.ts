import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import type { Article } from '../../src/articles/article.js';
import { factsOf, mergeFacts } from '../../src/events/story-event.js';
import { extract } from '../../src/extraction/extract.js';
import { importArticleFile } from '../../src/record/import.js';
import type { AnalysisRecord, RecordStore } from '../../src/record/store.js';
import type { Story } from '../../src/stories/story.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';

const T0 = Date.parse('2026-03-02T06:00:00Z');
const DAY = 86_400_000;

function article(id: string, title: string, text: string, language: string, published: number, outlet = 'Sahel Daily'): Article {
  return { id, itemId: `it_${id}`, feedId: 'sahel-daily', outlet, url: `https://news.example.org/${id}`, title, text, published: new Date(published).toISOString(), language, textSource: 'page' };
}

function storyOf(a: Article): Story {
  return { id: `st_${a.id}`, title: a.title, firstReport: a.published, latestReport: a.published, outlets: 1, sources: [{ articleId: a.id, url: a.url, outlet: a.outlet, title: a.title, published: a.published }] };
}

/** Real extraction over the text, as the analyze stage writes it. */
function analysis(a: Article, indicators: string[] = [], seenAt = T0): AnalysisRecord {
  const extraction = extract({ title: a.title, text: a.text, language: a.language, published: a.published });
  const story = storyOf(a);
  const facts = factsOf(extraction, new Date(seenAt).toISOString());
  return { article: a, seenAt, story, extraction, indicators, event: facts.eventTypes.length > 0 ? mergeFacts(story, [facts]) : null };
}

const SEGOU = article(
  'ar_segou',
  'Attaque près de Ségou : des soldats tués',
  'Des hommes armés du JNIM ont attaqué un poste militaire près de Ségou, au Mali, tuant cinq soldats. Les assaillants ont incendié des véhicules.',
  'fr',
  T0 - 2 * DAY,
);
const KANDI = article(
  'ar_kandi',
  'Gunmen kidnap traders near Kandi',
  'Suspected JNIM militants kidnapped four traders on the road near Kandi in northern Benin on Sunday, local officials said.',
  'en',
  T0 - DAY,
);
const BAMAKO = article('ar_bamako', 'Fuel prices rise in Dakar', 'The price of petrol rose again in Dakar this week as tankers were delayed.', 'en', T0 - 10 * DAY);

function alertOf(version: number, history: Alert['history']): Alert {
  const s = storyOf(SEGOU);
  return {
    id: 'al_test',
    indicatorId: 'segou-attacks',
    indicatorTitle: 'Attacks around Ségou',
    description: 'test',
    severity: version > 1 ? 'high' : 'medium',
    tags: [],
    version,
    story: { ...s },
    places: [],
    countries: ['ML'],
    actors: [{ id: 'jnim', name: 'JNIM' }],
    people: [],
    casualties: [],
    evidence: [],
    history,
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0 + version * 1000 + history.length).toISOString(),
    silenced: false,
    receivers: [],
  };
}

async function counts(record: RecordStore) {
  const tables = ['articles', 'stories', 'story_articles', 'events', 'alerts', 'alert_versions', 'alert_history', 'deliveries'] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(record.db);
    out[t] = rows[0]?.n ?? -1;
  }
  return out;
}

describe.each(BACKENDS)('the record on %s', (backend) => {
  let opened: OpenedRecord;
  let record: RecordStore;

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'record');
    record = opened.record;
    for (const a of [SEGOU, KANDI, BAMAKO]) await record.saveAnalysis(analysis(a, a === SEGOU ? ['segou-attacks'] : []));
  }, 60_000);
  afterAll(async () => opened?.close());

  it('keeps each article, its story and its event once, however often the job is re-run', async () => {
    const before = await counts(record);
    expect(before).toMatchObject({ articles: 3, stories: 3, story_articles: 3 });
    expect(before.events).toBeGreaterThanOrEqual(2);
    for (const a of [SEGOU, KANDI, BAMAKO]) await record.saveAnalysis(analysis(a, a === SEGOU ? ['segou-attacks'] : [], T0 + DAY));
    expect(await counts(record)).toEqual(before);
    const [row] = await record.db.selectFrom('articles').select(['seen_at', 'title', 'language', 'url']).where('id', '=', SEGOU.id).execute();
    // The first sighting stays the first sighting.
    expect(new Date(row?.seen_at ?? 0).getTime()).toBe(T0);
    expect(row).toMatchObject({ title: SEGOU.title, language: 'fr', url: SEGOU.url });
  });

  it('keeps every alert version and history entry once, and never lets a late older copy replace a newer one', async () => {
    const raised = { at: new Date(T0).toISOString(), kind: 'raised' as const, version: 1, note: 'raised' };
    const escalated = { at: new Date(T0 + 2000).toISOString(), kind: 'escalated' as const, version: 2, note: 'escalated to high' };
    const delivered = { at: new Date(T0 + 3000).toISOString(), kind: 'delivered' as const, version: 2, note: 'delivered to desk' };
    const v1 = alertOf(1, [raised]);
    const v2 = alertOf(2, [raised, escalated]);
    const v2delivered = alertOf(2, [raised, escalated, delivered]);
    for (const alert of [v1, v2, v2delivered, v1, v2, v2delivered]) await record.saveAlert(alert);
    await record.saveDelivery({ key: 'dl_al_test_v2_desk', alertId: 'al_test', version: 2, receiver: 'desk', outcome: 'delivered', attempts: 1, at: T0 + 3000 });
    await record.saveDelivery({ key: 'dl_al_test_v2_desk', alertId: 'al_test', version: 2, receiver: 'desk', outcome: 'delivered', attempts: 1, at: T0 + 3000 });
    await record.saveAlert(v1);
    const c = await counts(record);
    expect(c).toMatchObject({ alerts: 1, alert_versions: 2, alert_history: 3, deliveries: 1 });
    const [row] = await record.db.selectFrom('alerts').select(['version', 'severity', 'data']).execute();
    expect(row).toMatchObject({ version: 2, severity: 'high' });
    expect((row?.data as Alert | undefined)?.history.map((h) => h.kind)).toEqual(['raised', 'escalated', 'delivered']);
    const kinds = await record.db.selectFrom('alert_history').select('kind').orderBy('at').execute();
    expect(kinds.map((k) => k.kind)).toEqual(['raised', 'escalated', 'delivered']);
  });

  it('finds French reports by English-less, accent-less words and English ones by their stems', async () => {
    const titles = async (q: string) => (await record.search({ q })).hits.map((h) => h.title);
    expect(await titles('segou')).toEqual([SEGOU.title]);
    expect(await titles('Ségou attaqué')).toEqual([SEGOU.title]);
    expect(await titles('SEGOU SOLDAT')).toEqual([SEGOU.title]);
    expect(await titles('pres de segou')).toEqual([SEGOU.title]);
    expect(await titles('kidnapping')).toEqual([KANDI.title]);
    expect(await titles('traders kandi')).toEqual([KANDI.title]);
    expect(await titles('"fuel prices"')).toEqual([BAMAKO.title]);
    expect(await titles('jnim')).toEqual([KANDI.title, SEGOU.title]);
    expect(await titles('jnim -kandi')).toEqual([SEGOU.title]);
    expect(await titles('tombouctou')).toEqual([]);
    const [hit] = (await record.search({ q: 'segou' })).hits;
    expect(hit?.snippet).toContain('«Ségou»');
  });

  it('filters by country, first-level region, actor, event type, indicator, time and distance', async () => {
    const ids = async (q: Parameters<RecordStore['search']>[0]) => (await record.search(q)).hits.map((h) => h.id);
    expect(await ids({ country: 'ml' })).toEqual([SEGOU.id]);
    expect(await ids({ country: 'BJ' })).toEqual([KANDI.id]);
    expect(await ids({ actor: 'jnim', country: 'BJ' })).toEqual([KANDI.id]);
    expect(await ids({ event_type: 'kidnapping' })).toEqual([KANDI.id]);
    expect(await ids({ indicator: 'segou-attacks' })).toEqual([SEGOU.id]);
    expect(await ids({ since: new Date(T0 - 3 * DAY).toISOString() })).toEqual([KANDI.id, SEGOU.id]);
    expect(await ids({ since: '2026-02-27', until: '2026-03-01T00:00:00Z' })).toEqual([SEGOU.id]);
    // Kandi (Benin) is ~1,000 km from Ségou; 100 km around Ségou holds only the Ségou report.
    expect(await ids({ lat: 13.43, lon: -6.26, radius_km: 100 })).toEqual([SEGOU.id]);
    expect(await ids({ lat: 11.13, lon: 2.94, radius_km: 50 })).toEqual([KANDI.id]);
    // The first-level region of a place the report names, accents and case ignored.
    expect(await ids({ admin1: 'SEGOU' })).toEqual([SEGOU.id]);
    expect(await ids({ admin1: 'Alibori,Ségou' })).toEqual([KANDI.id, SEGOU.id]);
    expect(await ids({ admin1: 'Kayes' })).toEqual([]);
    const page = await record.search({ limit: 2 });
    expect(page.hits).toHaveLength(2);
    expect((await record.search({ limit: 2, offset: page.nextOffset })).hits.map((h) => h.id)).toEqual([BAMAKO.id]);
  });

  it('imports an archive once, extracted and searchable like a polled article; a bad line stops it before anything is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-import-'));
    const archive = join(dir, 'archive.jsonl');
    const lines = [
      { url: 'https://lefaso.example.net/enlevement-djibo?utm_source=x', title: 'Enlèvement de commerçants près de Djibo', text: 'Des individus armés ont enlevé six commerçants près de Djibo, au Burkina Faso.', published: '2025-06-01', lang: 'fr' },
      { url: 'https://lefaso.example.net/enlevement-djibo', title: 'Enlèvement de commerçants près de Djibo', text: 'Le même article, par un autre lien.', lang: 'fr' },
      { url: 'https://wire.example.org/niamey-fuel', title: 'Fuel queues in Niamey', text: 'Drivers queued for fuel in Niamey.', published: '2025-06-02' },
    ];
    writeFileSync(archive, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(await importArticleFile(record, archive, T0)).toEqual({ read: 3, added: 2 });
    expect(await importArticleFile(record, archive, T0)).toEqual({ read: 3, added: 0 });
    const [hit] = (await record.search({ q: 'enlevement djibo' })).hits;
    expect(hit).toMatchObject({ url: 'https://lefaso.example.net/enlevement-djibo', countries: ['BF'], outlet: 'lefaso.example.net', published: '2025-06-01T00:00:00.000Z' });
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ url: 'https://a.example.org/1', title: 'Kept?' })}\n${JSON.stringify({ url: 'ftp://a.example.org/2', title: 'x' })}\n`);
    await expect(importArticleFile(record, bad, T0)).rejects.toThrow(`${bad}:2: url: expected an http(s) URL`);
    expect((await record.search({ q: 'kept' })).hits).toEqual([]);
  });

  it('writes an imported batch (one JSON parameter) as the analysis write writes the same article, with quotes, backslashes and lines intact, compressed with lz4, and leaves the planner statistics of what it imported', async () => {
    const odd = article('ar_odd_analysed', 'L’attaque « de » Ségou\\n "citée"', 'Ligne 1\nLigne 2 \\ \'apostrophe\' {"json": [1]} — Ségou, Mali. Des soldats tués par le JNIM.', 'fr', T0 - 3 * DAY);
    const analysed = analysis(odd, ['segou-attacks']);
    await record.saveAnalysis(analysed);
    const imported = { ...odd, id: 'ar_odd_imported', url: 'https://news.example.org/ar_odd_imported' };
    const batch = [{ article: imported, seenAt: T0, extraction: analysed.extraction, indicators: ['segou-attacks'], storyId: analysed.story.id }];
    expect(await record.importArticles(batch)).toBe(1);
    expect(await record.importArticles(batch)).toBe(0);
    const { rows } = await sql<{ id: string; row: Record<string, unknown>; compression: string | null }>`
      select id, to_jsonb(a) - 'id' - 'url' - 'canonical_url' as row, pg_column_compression(extraction) as compression
      from articles a where id in ('ar_odd_analysed', 'ar_odd_imported') order by id`.execute(record.db);
    expect(rows.map((r) => r.id)).toEqual(['ar_odd_analysed', 'ar_odd_imported']);
    expect(rows[1]?.row).toEqual(rows[0]?.row);
    expect(rows[1]?.row).toMatchObject({ title: odd.title, text: odd.text, countries: ['ML'], indicators: ['segou-attacks'] });
    // The extraction JSON is above TOAST's threshold: compressed, with lz4 since migration 0004.
    expect(rows.map((r) => r.compression)).toEqual(['lz4', 'lz4']);
    await record.analyze(['articles']);
    const { rows: stats } = await sql<{ n: number }>`select count(*)::int as n from pg_stats where tablename = 'articles' and attname = 'search'`.execute(record.db);
    expect(stats[0]?.n).toBe(1);
    await record.db.deleteFrom('articles').where('id', 'in', ['ar_odd_analysed', 'ar_odd_imported']).execute();
    await record.db.deleteFrom('story_articles').where('article_id', '=', 'ar_odd_analysed').execute();
    await record.db.deleteFrom('stories').where('id', '=', analysed.story.id).execute();
    await record.db.deleteFrom('events').where('id', '=', analysed.story.id).execute();
  });

  it('deletes by each kind’s retention and keeps everything by default', async () => {
    expect(await record.prune({}, T0 + 1000 * DAY)).toEqual({});
    expect(await record.prune({ deliveries: 1 }, T0 + 30 * DAY)).toEqual({ deliveries: 1 });
    const c = await counts(record);
    expect(c.articles).toBe(5);
    expect(c.deliveries).toBe(0);
  });
});
