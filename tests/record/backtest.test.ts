import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { backtestOverRecord, resolveIndicator } from '../../src/eval/record-backtest.js';
import { extract } from '../../src/extraction/extract.js';
import type { CompiledIndicator } from '../../src/matching/indicators.js';
import type { RecordStore } from '../../src/record/store.js';
import type { Story } from '../../src/stories/story.js';
import { cliWithConfig } from '../helpers/cli.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-03-03T08:00:00Z');

function article(id: string, title: string, text: string, published: number, outlet: string): Article {
  return { id, itemId: `it_${id}`, feedId: 'wire', outlet, url: `https://${outlet}/${id}`, title, text, published: new Date(published).toISOString(), language: 'en', textSource: 'page' };
}

const PARK_AMBUSH = [
  article('ar_park1', 'Rangers killed in ambush in W National Park', 'Gunmen killed four park rangers in an ambush inside W National Park in northern Benin on Sunday.', T0, 'wire.example.org'),
  article('ar_park2', 'Benin: park rangers ambushed', 'Four rangers died when gunmen ambushed their patrol in W National Park, in northern Benin, officials said.', T0 + 3600_000, 'coastnews.example.net'),
];
const PENDJARI_ATTACK = article('ar_pendjari', 'Soldiers attacked near Pendjari park', 'Militants attacked a Beninese army post near Pendjari National Park on Tuesday, killing two soldiers.', T0 + 20 * DAY, 'wire.example.org');
const UNRELATED = article('ar_fuel', 'Fuel prices rise in Cotonou', 'The price of petrol rose again in Cotonou this week.', T0 + 2 * DAY, 'wire.example.org');

/** Articles kept by the analyze stage: the ambush is one story of two outlets, the others a story each. */
async function keep(record: RecordStore): Promise<void> {
  const stories: [Article[], string][] = [
    [PARK_AMBUSH, 'st_park'],
    [[PENDJARI_ATTACK], 'st_pendjari'],
    [[UNRELATED], 'st_fuel'],
  ];
  for (const [articles, id] of stories) {
    const first = articles[0]!;
    const story: Story = {
      id,
      title: first.title,
      firstReport: first.published,
      latestReport: articles.at(-1)!.published,
      outlets: new Set(articles.map((a) => a.outlet)).size,
      sources: articles.map((a) => ({ articleId: a.id, url: a.url, outlet: a.outlet, title: a.title, published: a.published })),
    };
    for (const a of articles) {
      const extraction = extract({ title: a.title, text: a.text, language: 'en', published: a.published });
      await record.saveAnalysis({ article: a, seenAt: Date.parse(a.published), story, extraction, indicators: [], event: null });
    }
  }
}

describe.each(BACKENDS)('backtest over the record on %s', (backend) => {
  let opened: OpenedRecord;
  let dir: string;

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'backtest');
    await keep(opened.record);
    dir = mkdtempSync(join(tmpdir(), 'sw-backtest-'));
  }, 60_000);
  afterAll(async () => {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds what the shipped indicator would have raised, per story with each article’s evidence, reading the record in small batches', async () => {
    const { indicator } = resolveIndicator('w-arly-pendjari-attack', 'indicators') as { indicator: CompiledIndicator };
    const report = await backtestOverRecord(opened.record, indicator, { since: new Date(T0 - DAY), batch: 2 });
    expect(report).toMatchObject({ scanned: 4, matchedArticles: 3, wouldAlert: 2 });
    expect(report.stories.map((s) => [s.storyId, s.outlets, s.articles.map((a) => a.id), s.alert])).toEqual([
      ['st_park', 2, ['ar_park1', 'ar_park2'], true],
      ['st_pendjari', 1, ['ar_pendjari'], true],
    ]);
    const quotes = report.stories[0]!.articles[0]!.explanation.flatMap((e) => e.evidence.map((ev) => ev.quote.toLowerCase()));
    expect(quotes.some((q) => q.includes('ambush'))).toBe(true);
    // --until is exclusive and --since drops what came before it.
    const window = await backtestOverRecord(opened.record, indicator, { since: new Date(T0 + DAY), until: new Date(T0 + 20 * DAY) });
    expect(window).toMatchObject({ scanned: 1, matchedArticles: 0, stories: [] });
  });

  it('applies the changed indicator’s min_outlets and story threshold to the outcome and says what held each story back', async () => {
    const file = join(dir, 'stricter.yaml');
    const { indicator: shipped } = resolveIndicator('w-arly-pendjari-attack', 'indicators') as { indicator: CompiledIndicator };
    writeFileSync(
      file,
      `id: parks-stricter\ntitle: Parks, corroborated\ndescription: test\nseverity: high\nowner: test\nenabled: false\n` +
        `alerting: { min_outlets: 2, threshold: { stories: 2, within_days: 30 } }\nwhen:\n  type: frame\n  action: [attack, ambush]\n`,
    );
    const { indicator: stricter } = resolveIndicator(file, 'indicators') as { indicator: CompiledIndicator };
    expect(stricter.enabled).toBe(false);
    const report = await backtestOverRecord(opened.record, stricter, { since: new Date(T0 - DAY) });
    expect(report.stories.map((s) => [s.storyId, s.storiesInWindow, s.alert, s.heldBack])).toEqual([
      ['st_park', 1, false, 'threshold: 1 of 2 matching stories within 30 days'],
      ['st_pendjari', 2, false, 'min_sources: 1 of 2 (outlets in the record)'],
    ]);
    expect(report.wouldAlert).toBe(0);
    expect(shipped.alerting.min_sources).toBe(1);
  });

  it('sahelwatch backtest prints the report, or one line for an unknown id, a bad date or a missing record', async () => {
    const config = join(dir, `${backend}.yaml`);
    const database = opened.database.url ? `  url: ${opened.database.url}\n` : `  path: ${opened.database.path}\n`;
    writeFileSync(config, `indicators: { dir: ${join(process.cwd(), 'indicators')} }\ndatabase:\n${database}`);
    // PGlite serves one process: the child gets the store while this one lets go.
    if (backend === 'pglite') await opened.record.close();
    const cli = (args: string[]) => cliWithConfig(config, args);
    const text = cli(['backtest', 'w-arly-pendjari-attack', '--since', '2025-03-01']);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('ALERT 2025-03-03 Rangers killed in ambush in W National Park (2 outlets, st_park)');
    expect(text.stdout).toContain('https://coastnews.example.net/ar_park2');
    expect(text.stdout.trim().split('\n').at(-1)).toBe('4 articles scanned, 3 matched in 2 stories; would have raised 2 alert(s)');
    const json = JSON.parse(cli(['backtest', 'w-arly-pendjari-attack', '--since', '2025-03-01', '--until', '2025-03-10', '-o', 'json']).stdout);
    expect(json).toMatchObject({ scanned: 3, matchedArticles: 2, wouldAlert: 1, indicator: { id: 'w-arly-pendjari-attack' } });
    const unknown = cli(['backtest', 'no-such-indicator', '--since', '2025-03-01']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('unknown indicator "no-such-indicator"');
    const badDate = cli(['backtest', 'w-arly-pendjari-attack', '--since', 'last week']);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr.trim()).toBe('sahelwatch: backtest: --since: expected an ISO date or date-time, e.g. 2025-01-31, got "last week"');
    writeFileSync(config, `indicators: { dir: ${join(process.cwd(), 'indicators')} }\ndatabase:\n  path: ${join(dir, 'nothing-here')}\n`);
    const none = cli(['backtest', 'w-arly-pendjari-attack', '--since', '2025-03-01']);
    expect(none.status).toBe(1);
    expect(none.stderr.trim()).toMatch(/^sahelwatch: backtest: no record at .*nothing-here \(database\.path\)/);
  }, 240_000);
});
