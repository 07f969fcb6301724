import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { factsOf, mergeFacts } from '../../src/events/story-event.js';
import { extract } from '../../src/extraction/extract.js';
import { type AnalysisRecord, type RecordStore, RecordWriteError } from '../../src/record/store.js';
import type { Story } from '../../src/stories/story.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';

const T0 = Date.parse('2026-03-02T06:00:00Z');
const HOUR = 3_600_000;
const TEXT = 'Des hommes armés du JNIM ont attaqué un poste militaire près de Ségou, au Mali, tuant cinq soldats.';

function article(id: string, published: number, text = TEXT): Article {
  return { id, itemId: `it_${id}`, feedId: 'sahel-daily', outlet: `Outlet ${id}`, url: `https://news.example.org/${id}`, title: `Attaque près de Ségou (${id})`, text, published: new Date(published).toISOString(), language: 'fr', textSource: 'page' };
}

/** The nth report of a story: the story as the analyze stage saw it after that report (n outlets, reports from the first to this one). */
function analysis(storyId: string, n: number, a: Article, indicators: string[] = []): AnalysisRecord {
  const extraction = extract({ title: a.title, text: a.text, language: a.language, published: a.published });
  const story: Story = {
    id: storyId,
    title: `${storyId} after ${n} reports`,
    firstReport: new Date(T0).toISOString(),
    latestReport: a.published,
    outlets: n,
    sources: [{ articleId: a.id, url: a.url, outlet: a.outlet, title: a.title, published: a.published }],
  };
  const facts = factsOf(extraction, a.published);
  return { article: a, seenAt: T0 + n * HOUR, story, extraction, indicators, event: facts.eventTypes.length > 0 ? mergeFacts(story, [facts]) : null };
}

async function count(record: RecordStore, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(record.db);
  return rows[0]?.n ?? -1;
}

describe.each(BACKENDS)('group commit of the analysis write on %s', (backend) => {
  let opened: OpenedRecord;
  let record: RecordStore;

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'group_commit');
    record = opened.record;
  }, 60_000);
  afterAll(async () => opened?.close());

  it('keeps every one of many concurrent writes once, several of one story and each twice, as writing them one by one would', async () => {
    // Three stories of ten reports each, every analysis written twice (a re-run job), all at once and in no order.
    const writes = [];
    for (const s of ['st_a', 'st_b', 'st_c']) {
      for (let n = 1; n <= 10; n++) writes.push(analysis(s, n, article(`ar_${s}_${n}`, T0 + n * HOUR), n % 2 ? ['segou-attacks'] : []));
    }
    const shuffled = [...writes, ...writes];
    let seed = 7;
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 48271) % 2147483647;
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as AnalysisRecord, shuffled[i] as AnalysisRecord];
    }
    const before = { ...record.analysisWrites };
    await Promise.all(shuffled.map((w) => record.saveAnalysis(w)));
    // Issued in one turn of the event loop, the 60 writes went as one statement (64 at most), not one each, and none was retried alone.
    expect(record.analysisWrites.statements - before.statements).toBe(1);
    expect(record.analysisWrites.writes - before.writes).toBe(60);
    expect(record.analysisWrites.retriedAlone).toBe(before.retriedAlone);
    expect(await count(record, 'articles')).toBe(30);
    expect(await count(record, 'stories')).toBe(3);
    expect(await count(record, 'story_articles')).toBe(30);
    expect(await count(record, 'events')).toBe(3);
    const stories = await record.db.selectFrom('stories').select(['id', 'first_report', 'latest_report', 'outlets']).orderBy('id').execute();
    for (const s of stories) {
      // Earliest first report, latest latest report and most outlets, whichever write of the batch carried them.
      expect(new Date(s.first_report).getTime()).toBe(T0);
      expect(new Date(s.latest_report).getTime()).toBe(T0 + 10 * HOUR);
      expect(s.outlets).toBe(10);
    }
    const [a] = await record.db.selectFrom('articles').select(['story_id', 'indicators', 'seen_at']).where('id', '=', 'ar_st_b_3').execute();
    expect(a).toMatchObject({ story_id: 'st_b', indicators: ['segou-attacks'] });
    expect(new Date(a?.seen_at ?? 0).getTime()).toBe(T0 + 3 * HOUR);
    // Every article is found by its text (the search vector was computed for each row of the batch).
    const found = await sql<{ n: number }>`select count(*)::int as n from articles where search @@ to_tsquery('sw_french', 'segou')`.execute(record.db);
    expect(found.rows[0]?.n).toBe(30);
  });

  it('fails only the write the database refuses, naming its article, and keeps the others written with it', async () => {
    const good = Array.from({ length: 5 }, (_, i) => analysis('st_mixed', i + 1, article(`ar_mixed_${i}`, T0 + i * HOUR)));
    // PostgreSQL text cannot hold a NUL character: this row is refused.
    const bad = analysis('st_bad', 1, article('ar_refused', T0, 'JNIM \u0000 Ségou'));
    const before = { ...record.analysisWrites };
    const outcomes = await Promise.allSettled([...good.slice(0, 3), bad, ...good.slice(3)].map((w) => record.saveAnalysis(w)));
    // The batch of six failed as a whole; each of its writes was then tried alone.
    expect(record.analysisWrites.statements - before.statements).toBe(7);
    expect(record.analysisWrites.retriedAlone - before.retriedAlone).toBe(6);
    const refused = outcomes[3];
    expect(refused?.status).toBe('rejected');
    const reason = refused?.status === 'rejected' ? refused.reason : undefined;
    expect(reason).toBeInstanceOf(RecordWriteError);
    expect(String((reason as Error).message)).toMatch(/^record \((postgres|pglite)\): could not save article ar_refused \(https:\/\/news\.example\.org\/ar_refused\): .*; the job will retry$/);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    const kept = await record.db.selectFrom('articles').select('id').where('id', 'like', 'ar_mixed_%').execute();
    expect(kept).toHaveLength(5);
    expect(await record.db.selectFrom('articles').select('id').where('id', '=', 'ar_refused').execute()).toEqual([]);
    expect(await record.db.selectFrom('stories').select('id').where('id', '=', 'st_bad').execute()).toEqual([]);
  });

  it('lets the writes in flight commit before the store closes', async () => {
    const second = await openTestRecord(backend, 'group_commit_close');
    const writes = Array.from({ length: 8 }, (_, i) => second.record.saveAnalysis(analysis('st_close', i + 1, article(`ar_close_${i}`, T0 + i * HOUR))));
    // Closed at once, as a service stopping while jobs write: the writes still commit (the pool or PGlite closes after them).
    const closing = second.close();
    const outcomes = await Promise.allSettled(writes);
    await closing;
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill('fulfilled'));
  });
});
