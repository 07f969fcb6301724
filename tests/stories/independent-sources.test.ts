import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertChange } from '../../src/alerts/raise.js';
import { AlertStore } from '../../src/alerts/store.js';
import { formatAlert } from '../../src/alerts/terminal-text.js';
import type { Article } from '../../src/articles/article.js';
import { ManualClock } from '../../src/core/clock.js';
import { StoryEventStore } from '../../src/events/story-event.js';
import { extract } from '../../src/extraction/extract.js';
import { AlertPolicySchema } from '../../src/matching/policy.js';
import { analyzeArticle } from '../../src/pipeline/analyze.js';
import type { StageContext } from '../../src/pipeline/context.js';
import { StoryStore } from '../../src/stories/cluster.js';
import { incidentFacts } from '../../src/stories/facts.js';
import { arrive, indicator } from '../alerts/fixtures.js';
import { reportArticle } from '../helpers/report.js';
import { closeTestContext, testContext } from '../http/harness.js';

/**
 * Through the whole analyze stage (extraction, real story store, the shipped
 * Kayes convoy indicator, alert raising) on real Redis: one AFP dispatch
 * printed by three outlets and one Reuters report of the same attack are
 * four reports but two independent sources, and the alert says so.
 */

const HOUR = 3_600_000;
const T0 = Date.now() - 30 * HOUR;

function report(outlet: string, slug: string, title: string, text: string, hoursAfter: number, extra: Partial<Article> = {}): Article {
  return reportArticle(outlet, slug, title, text, T0 + hoursAfter * HOUR, { language: 'fr', ...extra });
}

// Written for this test: one agency dispatch and the ways outlets print it.
const DISPATCH = [
  "Des hommes armés ont incendié au moins quinze camions-citernes mardi près de Diboli, dans la région de Kayes, dans l'ouest du Mali, ont indiqué des transporteurs.",
  "Le convoi, parti du port de Dakar, se dirigeait vers Bamako lorsqu'il a été pris pour cible à une vingtaine de kilomètres de la frontière sénégalaise.",
  'Les assaillants ont tiré sur les chauffeurs avant de mettre le feu aux véhicules, selon un transporteur qui a requis l’anonymat.',
  "Le JNIM, lié à Al-Qaïda, a décrété un blocus sur les importations de carburant et multiplie depuis les attaques contre les convois dans la région.",
].join('\n\n');

const AFP_COPIES = [
  report('RFI', 'diboli', 'Mali : des camions-citernes incendiés près de Diboli', `BAMAKO (AFP) – ${DISPATCH}`, 0),
  report('France 24', 'diboli', 'Mali : une quinzaine de citernes incendiées près de Diboli', `Bamako (AFP) – ${DISPATCH.replace('au moins quinze', 'une quinzaine de')}`, 1),
  // No dateline: the agency is named only in the page's byline.
  report('Le Monde', 'diboli', 'Au Mali, le blocus jihadiste frappe un convoi près de Diboli', DISPATCH, 2, { byline: 'Le Monde avec AFP' }),
];

const REUTERS = report(
  'Reuters',
  'diboli-tankers',
  'Gunmen torch fuel tankers near Mali-Senegal border town of Diboli',
  [
    'DAKAR (Reuters) - Gunmen set fire to at least fifteen fuel tankers on Tuesday near Diboli in Mali’s Kayes region, on the road from the Senegalese border to Bamako, two drivers said.',
    'The al-Qaeda-linked JNIM group has declared a blockade on fuel imports and attacked several convoys in western Mali since September.',
  ].join('\n\n'),
  4,
  { language: 'en' },
);

let ctx: StageContext;

beforeAll(() => {
  ctx = testContext('independent-sources');
  // RFI and France 24 are one owner's: it must not split the AFP copies further or merge them with Reuters.
  const stories = new StoryStore(ctx.redis, ctx.prefix, {}, ctx.clock, { groups: { 'france-medias-monde': ['rfi', 'France 24'] } });
  ctx = { ...ctx, stories, storyEvents: new StoryEventStore(ctx.redis, ctx.prefix, stories) };
});
afterAll(() => closeTestContext(ctx));

describe('independent sources through the analyze stage', () => {
  it('counts three prints of one AFP dispatch and one Reuters report as two sources', async () => {
    const changes: AlertChange[] = [];
    let storyId = '';
    for (const article of [...AFP_COPIES, REUTERS]) {
      const outcome = await analyzeArticle(ctx, article, ctx.log);
      expect(outcome.duplicate).toBe(false);
      storyId ||= outcome.storyId;
      expect(outcome.storyId, `${article.outlet} joins the one story`).toBe(storyId);
      changes.push(...outcome.changes);
    }
    const story = await ctx.stories.get(storyId);
    expect(story?.outlets).toBe(4);
    expect(story?.sourceGroups?.map((g) => [g.kind, g.origin, g.outlets, g.reports])).toEqual([
      ['agency', 'AFP', ['RFI', 'France 24', 'Le Monde'], 3],
      ['agency', 'Reuters', [], 1],
    ]);
    const alert = changes.at(-1)?.alert;
    expect(alert?.indicatorId).toBe('kayes-convoy-interdiction');
    expect(alert?.story.sourcing).toBe('4 reports from 2 independent sources (AFP via RFI, France 24 and Le Monde; Reuters)');
    // The indicator escalates to critical at three independent sources: four outlets of two sources do not reach it.
    expect(alert?.severity).toBe('high');
    // The transporters and drivers each outlet cites are the outlet's own reporting: a second independent
    // source confirms the story, and that is the one new version, not one per reprint.
    expect(changes.filter((c) => c.notify).map((c) => [c.reason, c.alert.story.status])).toEqual([
      ['raised', 'reported'],
      ['status', 'confirmed'],
    ]);
    expect(formatAlert(alert as NonNullable<typeof alert>)).toContain('sourcing: confirmed · 4 reports from 2 independent sources');
  });
});

describe('what makes two reports one source', () => {
  let n = 0;
  const freshStore = (groups: Record<string, string[]> = {}) => new StoryStore(ctx.redis, `${ctx.prefix}-store-${++n}`, {}, ctx.clock, { groups });
  const OWN_REPORT = [
    'Des hommes armés ont attaqué mardi un convoi de camions-citernes près de Diboli, dans la région de Kayes, a constaté notre correspondant sur place.',
    'Selon plusieurs chauffeurs joints par téléphone, une quinzaine de véhicules ont été incendiés et deux conducteurs sont portés disparus.',
    'Le JNIM a décrété un blocus sur les importations de carburant et multiplie depuis les attaques contre les convois dans la région.',
  ].join('\n\n');

  it('takes a near-verbatim reprint by another outlet for a copy, with no agency named', async () => {
    const stories = freshStore();
    const first = await stories.assign(report('Studio Tamani', 'own', 'Un convoi attaqué près de Diboli', OWN_REPORT, 0));
    const reprint = await stories.assign(report('Mali Web', 'reprint', 'Diboli : un convoi de citernes attaqué', OWN_REPORT.replace('notre correspondant', 'le correspondant de Studio Tamani'), 2));
    expect(reprint.story.id).toBe(first.story.id);
    expect(reprint.story.sources.find((s) => s.outlet === 'Mali Web')?.copyOf).toBe(first.story.sources[0]?.articleId);
    expect(reprint.story.sourceGroups).toEqual([{ kind: 'copy', origin: 'Studio Tamani', outlets: ['Mali Web'], reports: 2 }]);
  });

  it('keeps two newsrooms writing up one event apart, and merges one owner\'s outlets', async () => {
    const rewrite = [
      'Une quinzaine de camions-citernes ont été incendiés mardi près de Diboli, dans la région de Kayes, par des hommes armés, selon des chauffeurs joints par téléphone.',
      'Deux conducteurs sont portés disparus. Le convoi venait du Sénégal et roulait vers Bamako.',
      'Le JNIM a décrété un blocus sur les importations de carburant et multiplie depuis les attaques contre les convois dans la région.',
    ].join('\n\n');
    const apart = freshStore();
    await apart.assign(report('Studio Tamani', 'own', 'Un convoi attaqué près de Diboli', OWN_REPORT, 0));
    const second = await apart.assign(report('RFI', 'rewrite', 'Mali : des citernes incendiées près de Diboli', rewrite, 1));
    expect(second.story.outlets).toBe(2);
    expect(second.story.sourceGroups?.map((g) => g.kind)).toEqual(['outlet', 'outlet']);

    const owned = freshStore({ 'france-medias-monde': ['rfi', 'France 24'] });
    await owned.assign(report('RFI', 'own', 'Un convoi attaqué près de Diboli', OWN_REPORT, 0));
    const sister = await owned.assign(report('France 24', 'rewrite', 'Mali : des citernes incendiées près de Diboli', rewrite, 1));
    expect(sister.story.sourceGroups).toEqual([{ kind: 'owner', origin: 'france-medias-monde', outlets: ['RFI', 'France 24'], reports: 2 }]);
  });

  it('holds an alert needing two sources until a second independent source reports, however many outlets reprint the first', async () => {
    const stories = freshStore();
    const clock = new ManualClock(T0 + 10 * HOUR);
    const raise = { store: new AlertStore(ctx.redis, `${ctx.prefix}-raise`, { retention_days: 30 }, clock), redis: ctx.redis, prefix: `${ctx.prefix}-raise`, clock };
    const needsTwo = indicator('needs-two-sources', { min_sources: 2, cooldown_hours: 0 });
    const reasons: string[] = [];
    for (const article of [...AFP_COPIES, REUTERS]) {
      const { story } = await stories.assign(article, incidentFacts(extract(article)));
      reasons.push((await arrive(raise, needsTwo, story, article)).reason);
    }
    expect(reasons).toEqual(['below-threshold', 'below-threshold', 'below-threshold', 'raised']);
    // The old name still reads, with the new meaning.
    expect(AlertPolicySchema.parse({ min_outlets: 2 }).min_sources).toBe(2);
    expect(AlertPolicySchema.safeParse({ min_outlets: 2, min_sources: 2 }).success).toBe(false);
  });
});
