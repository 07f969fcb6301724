import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SilenceStore } from '../../src/alerts/silences.js';
import { AlertStore } from '../../src/alerts/store.js';
import type { Article } from '../../src/articles/article.js';
import { silentLogger } from '../../src/core/log.js';
import { DeliveryConfigSchema } from '../../src/delivery/config.js';
import { StoryEventStore } from '../../src/events/story-event.js';
import { analyzeArticle } from '../../src/pipeline/analyze.js';
import { ANALYZE_STEPS, type AnalyzeStep, type StageContext } from '../../src/pipeline/context.js';
import { closeQueues, openQueues } from '../../src/queue/queues.js';
import { StoryStore } from '../../src/stories/cluster.js';
import { deletePrefix } from '../helpers/redis.js';
import { reportArticle } from '../helpers/report.js';
import { testContext } from '../http/harness.js';

/**
 * Crash-at-every-step fault test of analyze: for every report and every step
 * boundary (extraction, story commit, events, window record, alert commit,
 * delivery enqueue), the job dies there and runs again either at once or after
 * the other reports (as BullMQ re-runs a stalled job). The alerts, and the
 * delivery jobs of every notified version, must equal a clean run's.
 */

const HOUR = 3_600_000;
const DIBOLI =
  "Militants of the al-Qaeda-linked group JNIM set fire to at least twelve fuel tankers near Diboli on Tuesday, on the main road linking the Senegalese border to Kayes and Bamako, truckers said. The convoy was ambushed about 15 kilometres east of the border town. Two drivers were killed and five others were kidnapped, according to the Malian truckers' union. JNIM declared a blockade on fuel imports into western Mali in September and has since attacked several convoys in the Kayes region.";

function report(outlet: string, slug: string, title: string, text: string, hoursAgo: number): Article {
  return reportArticle(outlet, slug, title, text, Date.now() - hoursAgo * HOUR);
}

// In arrival order. The wire's rewrite of the Diboli attack arrives first but was
// published four hours after the Sahel Dispatch report, which arrives third.
const REPORTS: Article[] = [
  report('West Africa Wire', 'diboli-tankers', 'Jihadists burn a dozen fuel tankers near Mali-Senegal border town of Diboli', DIBOLI, 20),
  report(
    'Sahel Dispatch',
    'w-park-rangers',
    "Four rangers killed in attack on post in Benin's W National Park",
    'Gunmen attacked a ranger post near Karimama, in the Beninese part of W National Park, late on Monday, killing four rangers and wounding two, park managers said. No group has claimed the attack, but JNIM fighters have been active in the park complex since 2021.',
    22,
  ),
  report('Sahel Dispatch', 'diboli-torched', "Fuel tankers torched near Diboli as JNIM tightens grip on Mali's western corridor", DIBOLI.replace('truckers said', 'drivers said'), 24),
  report(
    'West Africa Wire',
    'iyad-audio',
    'In new audio, Iyad Ag Ghali warns Nigeria and coastal states',
    "JNIM leader Iyad Ag Ghali said in an audio message released on Wednesday that the group's fight would reach Nigeria, Benin and the coastal states that host foreign forces, according to a translation by a monitoring group. It is the first time the leader has named Nigeria in a recorded statement.",
    10,
  ),
];

class Crash extends Error {}

let base: StageContext;

beforeAll(() => {
  base = testContext('analyze-steps');
});
afterAll(async () => {
  await closeQueues(base.queues);
  await deletePrefix(base.prefix);
  base.redis.disconnect();
});

/** A fresh context (own key prefix and queues) sharing the base's Redis connection and indicators. */
function freshContext(n: number): StageContext {
  const prefix = `${base.prefix}-${n}`;
  const stories = new StoryStore(base.redis, prefix, {}, base.clock);
  return {
    ...base,
    prefix,
    queues: openQueues(base.redis, prefix),
    stories,
    storyEvents: new StoryEventStore(base.redis, prefix, stories),
    alerts: new AlertStore(base.redis, prefix, { retention_days: 30 }, base.clock),
    silences: new SilenceStore(base.redis, prefix, base.clock),
    delivery: DeliveryConfigSchema.parse({ receivers: { desk: { type: 'webhook', url: 'http://127.0.0.1:9/hook' } }, route: { receivers: ['desk'] } }),
  };
}

interface Outcome {
  alerts: string[];
  /** Notified versions with no delivery job: lost notifications. */
  undelivered: string[];
}

async function outcomeOf(ctx: StageContext): Promise<Outcome> {
  const { alerts } = await ctx.alerts.list({ limit: 1000 });
  const jobs = await ctx.queues.deliver.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
  const keys = new Set(jobs.map((j) => j.id));
  const undelivered: string[] = [];
  for (const alert of alerts) for (let v = 1; v <= alert.version; v++) if (!keys.has(`dl_${alert.id}_v${v}_desk`)) undelivered.push(`${alert.indicatorId}@v${v}`);
  const signature = (a: (typeof alerts)[number]) =>
    `${a.indicatorId} [${a.story.sources
      .map((s) => s.outlet)
      .sort()
      .join(', ')}] ${a.severity} first=${a.story.firstReport}`;
  return { alerts: alerts.map(signature).sort(), undelivered };
}

/** Runs the reports in order; the report at `crash.index` dies at `crash.step` once and is re-run `crash.retry`. */
async function run(n: number, crash?: { index: number; step: AnalyzeStep; retry: 'at-once' | 'at-end' }): Promise<Outcome & { crashed: boolean }> {
  const ctx = freshContext(n);
  let armed = false;
  let crashed = false;
  ctx.faultAt = (step) => {
    if (armed && step === crash?.step) {
      armed = false;
      crashed = true;
      throw new Crash(`crash at ${step}`);
    }
  };
  const retries: Article[] = [];
  try {
    for (let i = 0; i < REPORTS.length; i++) {
      const article = REPORTS[i]!;
      armed = crash?.index === i;
      try {
        await analyzeArticle(ctx, article, silentLogger);
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
        if (crash?.retry === 'at-once') await analyzeArticle(ctx, article, silentLogger);
        else retries.push(article);
      }
      armed = false;
    }
    for (const article of retries) await analyzeArticle(ctx, article, silentLogger);
    return { ...(await outcomeOf(ctx)), crashed };
  } finally {
    await closeQueues(ctx.queues);
    await deletePrefix(ctx.prefix);
  }
}

describe('analyze crashed at every step boundary', () => {
  it('ends with the clean run\'s alerts, every notified version queued for delivery', async () => {
    const clean = await run(0);
    // The two Diboli reports are one story; W park, Diboli and the leader's message each raise.
    expect(clean.alerts).toHaveLength(3);
    expect(clean.alerts.find((a) => a.startsWith('kayes-convoy-interdiction'))).toContain('[Sahel Dispatch, West Africa Wire]');
    expect(clean.undelivered).toEqual([]);

    const failures: string[] = [];
    let n = 1;
    let crashes = 0;
    for (const step of ANALYZE_STEPS) {
      for (let index = 0; index < REPORTS.length; index++) {
        for (const retry of ['at-once', 'at-end'] as const) {
          const faulty = await run(n++, { index, step, retry });
          const label = `report ${index} crashed at ${step}, re-run ${retry}`;
          if (!faulty.crashed) continue; // that report never reaches this step (e.g. no match, no alert)
          crashes++;
          if (JSON.stringify(faulty.alerts) !== JSON.stringify(clean.alerts)) failures.push(`${label}: ${JSON.stringify(faulty.alerts)}`);
          if (faulty.undelivered.length > 0) failures.push(`${label}: undelivered ${faulty.undelivered.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Every report reaches every step: 4 reports × 6 steps × 2 ways to re-run.
    expect(crashes).toBe(REPORTS.length * ANALYZE_STEPS.length * 2);
  }, 120_000);
});
