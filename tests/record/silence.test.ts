import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { ConfigSchema } from '../../src/config/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { backtestSilence, formatSilenceBacktest } from '../../src/eval/record-backtest.js';
import type { Extraction } from '../../src/extraction/extraction.js';
import { checkIndicators, loadIndicators } from '../../src/matching/indicators.js';
import { type SilenceIndicator, silenceCountFilter } from '../../src/matching/silence.js';
import { loadRegions } from '../../src/matching/regions.js';
import type { StageContext } from '../../src/pipeline/context.js';
import { evaluateSilences } from '../../src/pipeline/silences.js';
import { closeQueues } from '../../src/queue/queues.js';
import { buildContext } from '../../src/service/service.js';
import { cliWithConfig } from '../helpers/cli.js';
import { scratchIndicator } from '../helpers/indicator-files.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2025-03-03T12:00:00Z');
const FIXTURES = 'tests/fixtures/indicators-silence';
const FEEDS = [
  { id: 'mali-a', type: 'rss', url: 'https://a.example.org/rss', tags: ['mali'] },
  { id: 'mali-b', type: 'rss', url: 'https://b.example.org/rss', tags: ['mali'] },
  { id: 'elsewhere', type: 'rss', url: 'https://c.example.org/rss', tags: ['benin'] },
];

const fixture = (): SilenceIndicator => {
  const found = loadIndicators(FIXTURES).silences.find((s) => s.id === 'mali-feeds-silence');
  if (!found) throw new Error('the silence fixture did not load');
  return found;
};

const extraction: Extraction = { language: 'fr', actors: [], people: [], places: [], countries: [], events: [], equipment: [], casualties: [], statements: [], frames: [] };

/** An article from `feedId` that the service saw at `seenAt`. */
function seen(feedId: string, seenAt: number, n: number, countries: string[] = []) {
  const url = `https://${feedId}.example.org/${seenAt}-${n}`;
  const article: Article = { id: `ar_${feedId}_${seenAt}_${n}`, itemId: `it_${feedId}_${seenAt}_${n}`, feedId, outlet: feedId, url, title: `News ${n} from ${feedId}`, text: 'Bamako.', published: new Date(seenAt).toISOString(), textSource: 'summary' };
  return { article, seenAt, extraction: { ...extraction, countries }, indicators: [] };
}

describe.each(BACKENDS)('silence indicators over the record on %s', (backend) => {
  let opened: OpenedRecord;
  let ctx: StageContext;
  const prefix = uniquePrefix(`silence-${backend}`);
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'silence');
    const config = ConfigSchema.parse({ redis: { url: TEST_REDIS_URL, prefix }, feeds: FEEDS, indicators: { dir: `${process.cwd()}/${FIXTURES}`, hot_reload: false }, database: { enabled: false } });
    ctx = await buildContext(config, silentLogger, clock, undefined, opened.record);
    // Twelve a day from the mali feeds for 14 days, the last 13 hours before NOW; the other feed keeps publishing.
    const baseline = Array.from({ length: 168 }, (_, k) => seen(k % 2 ? 'mali-a' : 'mali-b', NOW - 13 * HOUR - 2 * k * HOUR, k));
    const noise = Array.from({ length: 12 }, (_, k) => seen('elsewhere', NOW - k * HOUR, k, ['bj']));
    expect(await opened.record.importArticles([...baseline, ...noise])).toBe(180);
  }, 60_000);
  afterAll(async () => {
    await closeQueues(ctx.queues);
    ctx.redis.disconnect();
    await opened?.close();
    await deletePrefix(prefix);
  });

  it('does not fire while the quiet period is shorter than quiet_hours (11 hours of 12)', async () => {
    expect(await evaluateSilences(ctx, [fixture()], NOW - 2 * HOUR, silentLogger)).toEqual([]);
  });

  it('does not fire when the baseline is below min_items_per_day', async () => {
    const busy = { ...fixture(), id: 'mali-busy-silence', silence: { ...fixture().silence, min_items_per_day: 20 } };
    expect(await evaluateSilences(ctx, [busy], NOW, silentLogger)).toEqual([]);
  });

  it('raises one alert after 13 quiet hours, naming the baseline rate, the hours of silence and the last item seen', async () => {
    const [change, ...more] = await evaluateSilences(ctx, [fixture()], NOW, silentLogger);
    expect(more).toEqual([]);
    expect(change).toMatchObject({ notify: true, reason: 'raised' });
    const alert = change!.alert;
    expect(alert.story.title).toBe("Mali's feeds have gone quiet: nothing in 13 hours against 12.0 a day");
    expect(alert.evidence[0]?.detail).toBe(
      '0 articles from feeds tagged mali seen in the 12 hours to 2025-03-03T12:00Z' +
        '; 12.0 a day over the 14 days before; last seen 2025-03-02T23:00Z (13.0 hours ago): mali-b "News 0 from mali-b"; rule: a baseline of ≥ 10 a day and fewer than 1 in 12 hours',
    );
    expect(alert.story.sources).toEqual([expect.objectContaining({ articleId: `ar_mali-b_${NOW - 13 * HOUR}_0`, outlet: 'mali-b' })]);
    expect(await ctx.alerts.get(alert.id)).toMatchObject({ indicatorId: 'mali-feeds-silence', severity: 'medium' });
  });

  it('filters by the countries extraction found: Benin keeps reporting (no alert), Mali has none in the record (no baseline, no alert)', async () => {
    const byCountry = (id: string, countries: string[]) => ({ ...fixture(), id, silence: { ...fixture().silence, articles: { countries }, min_items_per_day: 0.5 } });
    expect(await evaluateSilences(ctx, [byCountry('benin-silence', ['BJ']), byCountry('mali-country-silence', ['ML'])], NOW, silentLogger)).toEqual([]);
    const [change] = await evaluateSilences(ctx, [byCountry('benin-silence', ['BJ'])], NOW + 24 * HOUR, silentLogger);
    expect(change?.alert.story.sources[0]?.articleId).toBe(`ar_elsewhere_${NOW}_0`);
    expect(change?.alert.countries).toEqual(['BJ']);
  });

  it('filters by the first-level region of the places the articles name, accents ignored: Ségou gone quiet raises, Kayes still reporting does not', async () => {
    const named = (admin1: string, at: number, k: number) => {
      const item = seen('elsewhere', at, 1000 + k);
      const place = { id: `place/${admin1}-${k}`, name: `Town ${k}`, placeKind: 'town' as const, country: 'ML', admin1, lat: 13, lon: -6, resolvedBy: 'curated', evidence: [] };
      return { ...item, article: { ...item.article, id: `${item.article.id}_${admin1}` }, extraction: { ...item.extraction, places: [place] } };
    };
    const segou = Array.from({ length: 168 }, (_, k) => named('Ségou', NOW - 13 * HOUR - 2 * k * HOUR, k));
    const kayes = Array.from({ length: 175 }, (_, k) => named('Kayes', NOW - 2 * k * HOUR, k));
    expect(await opened.record.importArticles([...segou, ...kayes])).toBe(343);
    const byRegion = (id: string, admin1: string[]) => ({ ...fixture(), id, silence: { ...fixture().silence, articles: { admin1 } } });
    const changes = await evaluateSilences(ctx, [byRegion('segou-silence', ['SEGOU']), byRegion('kayes-silence', ['kayes'])], NOW, silentLogger);
    expect(changes.map((c) => c.alert.indicatorId)).toEqual(['segou-silence']);
    expect(changes[0]?.alert.evidence[0]?.detail).toMatch(/^0 articles naming a place in SEGOU seen in the 12 hours to .*; 12\.0 a day over the 14 days before; last seen .* \(13\.0 hours ago\)/);
  });

  it('filters by a named region\'s outline: the park belt gone quiet raises, naming the last article seen inside it, while Cotonou keeps reporting', async () => {
    const at = (name: string, lat: number, lon: number, when: number, k: number) => {
      const item = seen('elsewhere', when, 2000 + k);
      const place = { id: `place/bj/${name.toLowerCase()}`, name, placeKind: 'town' as const, country: 'BJ', admin1: 'Alibori', lat, lon, resolvedBy: 'curated', evidence: [] };
      return { ...item, article: { ...item.article, id: `${item.article.id}_${name}` }, extraction: { ...item.extraction, places: [place] } };
    };
    const park = Array.from({ length: 42 }, (_, k) => at('Karimama', 12.07, 3.18, NOW - 13 * HOUR - 8 * k * HOUR, k));
    // A province's centre is no place inside the outline.
    const province = Array.from({ length: 12 }, (_, k) => ({ ...at('Alibori', 11.3, 2.6, NOW - k * HOUR, k), extraction: { ...extraction, places: [{ id: 'place/bj/alibori', name: 'Alibori', placeKind: 'admin1' as const, country: 'BJ', admin1: 'Alibori', lat: 11.3, lon: 2.6, resolvedBy: 'curated', evidence: [] }] } }));
    const city = Array.from({ length: 24 }, (_, k) => at('Cotonou', 6.37, 2.39, NOW - k * HOUR, k));
    expect(await opened.record.importArticles([...park, ...province, ...city])).toBe(78);
    const belt = loadRegions('indicators/regions').regions.get('w-arly-pendjari');
    const byArea = { ...fixture(), id: 'park-silence', silence: { ...fixture().silence, articles: { regions: ['w-arly-pendjari'] }, min_items_per_day: 2 }, areas: [belt!] };
    const [change, ...more] = await evaluateSilences(ctx, [byArea], NOW, silentLogger);
    expect(more).toEqual([]);
    expect(change?.alert.story.sources[0]?.articleId).toBe(`ar_elsewhere_${NOW - 13 * HOUR}_2000_Karimama`);
    expect(change?.alert.evidence[0]?.detail).toMatch(/^0 articles naming a place in the w-arly-pendjari area seen in the 12 hours .*; 3\.0 a day over the 14 days before; last seen/);
    // Two days later, nothing new inside: the last article is found before the windows.
    const later = await opened.record.quietCounts(silenceCountFilter(byArea, FEEDS)!, NOW + 20 * DAY, 14 * DAY, 12 * HOUR);
    expect(later).toMatchObject({ baseline: 0, recent: 0, last: { id: `ar_elsewhere_${NOW - 13 * HOUR}_2000_Karimama` } });
  });

  it('raises once per episode: later readings of the same silence change nothing; articles again end it, and the next silence raises anew', async () => {
    expect(await evaluateSilences(ctx, [fixture()], NOW + HOUR, silentLogger)).toEqual([]);
    expect(await evaluateSilences(ctx, [fixture()], NOW + 5 * HOUR, silentLogger)).toEqual([]);
    await opened.record.importArticles([seen('mali-a', NOW + 6 * HOUR, 999)]);
    expect(await evaluateSilences(ctx, [fixture()], NOW + 6 * HOUR, silentLogger)).toEqual([]);
    expect(await evaluateSilences(ctx, [fixture()], NOW + 17 * HOUR, silentLogger)).toEqual([]);
    const [again] = await evaluateSilences(ctx, [fixture()], NOW + 19 * HOUR, silentLogger);
    expect(again).toMatchObject({ notify: true, reason: 'raised' });
    expect(again?.alert.story.sources[0]?.articleId).toBe(`ar_mali-a_${NOW + 6 * HOUR}_999`);
    expect((await ctx.alerts.list({ indicator: ['mali-feeds-silence'] })).alerts).toHaveLength(2);
  });

  it('backtests over the record: one alert per episode, hour by hour, where the service raised them', async () => {
    const report = await backtestSilence(opened.record, fixture(), FEEDS, { since: new Date(NOW - 2 * DAY), until: new Date(NOW + 20 * HOUR) });
    // The last baseline article came at NOW - 13 h: silent from NOW - 1 h; articles again at NOW + 6 h; silent again 12 hours after.
    expect(report.alerts.map((a) => a.at)).toEqual([new Date(NOW - HOUR).toISOString(), new Date(NOW + 18 * HOUR).toISOString()]);
    expect(report.alerts[0]).toMatchObject({ ratePerDay: 12, recent: 0, silentHours: 12, lastArticle: `ar_mali-b_${NOW - 13 * HOUR}_0` });
    expect(report).toMatchObject({ readings: 2 * 24 + 21, firing: 7 + 3 });
    expect(formatSilenceBacktest(report).split('\n').at(-1)).toBe('69 hourly readings, 10 silent; would have raised 2 alert(s)');
    const busy = { ...fixture(), silence: { ...fixture().silence, min_items_per_day: 20 } };
    expect((await backtestSilence(opened.record, busy, FEEDS, { since: new Date(NOW - 2 * DAY), until: new Date(NOW + 20 * HOUR) })).alerts).toEqual([]);
  });

  it('sahelwatch backtest takes a silence indicator by id, with the configuration\'s feeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-silence-backtest-'));
    const config = join(dir, `${backend}.yaml`);
    const database = opened.database.url ? `  url: ${opened.database.url}\n` : `  path: ${opened.database.path}\n`;
    const feeds = FEEDS.map((f) => `  - { id: ${f.id}, type: rss, url: "${f.url}", tags: [${f.tags.join(', ')}] }`).join('\n');
    writeFileSync(config, `indicators: { dir: ${join(process.cwd(), FIXTURES)} }\nfeeds:\n${feeds}\ndatabase:\n${database}`);
    // PGlite serves one process: the child gets the store while this one lets go.
    if (backend === 'pglite') await opened.record.close();
    try {
      const since = new Date(NOW - 2 * DAY).toISOString();
      const until = new Date(NOW + 20 * HOUR).toISOString();
      const text = cliWithConfig(config, ['backtest', 'mali-feeds-silence', '--since', since, '--until', until]);
      expect(text.stderr).toBe('');
      expect(text.stdout).toContain(`ALERT ${new Date(NOW - HOUR).toISOString().slice(0, 16)}Z 0 articles from feeds tagged mali`);
      expect(text.stdout.trim().split('\n').at(-1)).toBe('69 hourly readings, 10 silent; would have raised 2 alert(s)');
      const json = JSON.parse(cliWithConfig(config, ['backtest', 'mali-feeds-silence', '--since', since, '--until', until, '-o', 'json']).stdout);
      expect(json).toMatchObject({ indicator: { id: 'mali-feeds-silence' }, alerts: [{ recent: 0 }, { recent: 0 }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('silence indicator files', () => {
  it('are checked like the others: the rule complete, at least one filter, and the feeds and tags known to the configuration', () => {
    const { dir, file, write, problems, remove } = scratchIndicator('silence');
    expect(problems('silence:\n  articles: { feeds: [a] }\n  quiet_hours: 12\n')).toEqual([`${file}:8:3 silence.min_items_per_day: give the articles a day the filter normally gets, e.g. 10`]);
    expect(problems('silence:\n  articles: {}\n  quiet_hours: 12\n  min_items_per_day: 10\n')[0]).toContain('silence.articles: give at least one of feeds, feed_tags, countries, admin1');
    expect(problems('silence:\n  articles: { admin1: [Kayes] }\n  quiet_hours: 12\n  min_items_per_day: 10\n')).toEqual([]);
    const regions = loadRegions('indicators/regions').regions;
    expect(problems('silence:\n  articles: { regions: [w-arly-pendjari] }\n  quiet_hours: 12\n  min_items_per_day: 10\n', regions)).toEqual([]);
    expect(problems('silence:\n  articles: { regions: [park-w] }\n  quiet_hours: 12\n  min_items_per_day: 10\n', regions)).toEqual([
      `${file}:8:25 silence.articles.regions[0]: unknown region "park-w" (known: kayes-corridors, w-arly-pendjari)`,
    ]);
    expect(problems('silence:\n  articles: { feeds: [a], countries: [ml] }\n  quiet_hours: 12\n  min_items_per_day: 10\n')).toEqual([]);
    write(`silence:\n  articles: { feeds: [mali-c], feed_tags: [mail] }\n  quiet_hours: 12\n  min_items_per_day: 10\n`);
    const feeds = FEEDS.map(({ id, tags }) => ({ id, tags }));
    expect(checkIndicators(dir, feeds).find((c) => c.file === file)?.errors).toEqual([
      `${file}:8:23 silence.articles.feeds[0]: unknown feed "mali-c": the configuration's feeds are mali-a, mali-b, elsewhere`,
      `${file}:8:44 silence.articles.feed_tags[0]: no configured feed has the tag "mail"`,
    ]);
    copyFileSync(join(FIXTURES, 'mali-feeds-silence.yaml'), file);
    expect(checkIndicators(dir, feeds).find((c) => c.file === file)?.errors).toEqual([]);
    remove();
  });
});
