import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { contentId } from '../../src/core/ids.js';
import { silentLogger } from '../../src/core/log.js';
import { DeliveryConfigSchema } from '../../src/delivery/config.js';
import { findInhibitor, type InhibitRule, InhibitRuleSchema } from '../../src/delivery/inhibit.js';
import { analyzeArticle } from '../../src/pipeline/analyze.js';
import { sampleAlert } from '../alerts/fixtures.js';
import { deletePrefix } from '../helpers/redis.js';
import { testContext } from '../http/harness.js';

const HOUR = 3600_000;
const rule: InhibitRule = InhibitRuleSchema.parse({ source: { indicator: 'kayes-convoy', severity_at_least: 'critical' }, target: { indicator: 'drone-seizure' } });

function alerts(storyOfTarget = 'st_1') {
  const source = sampleAlert({ id: 'al_source', severity: 'critical' });
  const target = sampleAlert({ id: 'al_target', indicatorId: 'drone-seizure', severity: 'medium', story: { ...source.story, id: storyOfTarget } });
  return { source, target, now: Date.parse(source.updatedAt) + HOUR };
}

describe('inhibit rules (as in Alertmanager)', () => {
  it('mute a target alert while an active source alert on the same story exists', () => {
    const { source, target, now } = alerts();
    expect(findInhibitor([rule], target, [source, target], now)).toEqual({ by: source, rule: 0 });
  });

  it('do not apply across stories, below the source severity, to the source itself, or once the source is stale or expired', () => {
    const { source, target, now } = alerts('st_other');
    expect(findInhibitor([rule], target, [source], now)).toBeUndefined();
    const same = alerts();
    expect(findInhibitor([rule], same.target, [{ ...same.source, severity: 'high' }], now)).toBeUndefined();
    expect(findInhibitor([rule], same.source, [same.source], now)).toBeUndefined();
    expect(findInhibitor([rule], same.target, [same.source], now + 73 * HOUR)).toBeUndefined();
    const expired = { ...same.source, history: [...same.source.history, { at: new Date(now).toISOString(), kind: 'expired' as const, version: 1, note: 'quiet' }] };
    expect(findInhibitor([rule], same.target, [expired], now + HOUR)).toBeUndefined();
  });

  it('can require a shared country instead of the same story', () => {
    const byCountry = InhibitRuleSchema.parse({ ...rule, equal: ['country'] });
    const { source, target, now } = alerts('st_other');
    expect(findInhibitor([byCountry], target, [source], now)?.by.id).toBe('al_source');
    expect(findInhibitor([byCountry], { ...target, countries: ['NE'] }, [source], now)).toBeUndefined();
  });

  it('are refused in the config with the path of a misspelt label', () => {
    const parsed = DeliveryConfigSchema.safeParse({ inhibit_rules: [{ source: {}, target: {}, equal: ['storey'] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['inhibit_rules', 0, 'equal', 0]);
  });
});

describe('inhibition in the pipeline', () => {
  const ctx = testContext('inhibit');
  afterAll(async () => {
    await ctx.queues.deliver.close();
    await Promise.all(Object.values(ctx.queues).map((q) => q.close()));
    await deletePrefix(ctx.prefix);
    ctx.redis.disconnect();
  });

  it('delivers the convoy alert and records, but does not deliver, the drone alert raised by the same report', async () => {
    ctx.delivery = DeliveryConfigSchema.parse({
      receivers: { desk: { type: 'webhook', url: 'http://127.0.0.1:9/hook' } },
      route: { receivers: ['desk'] },
      inhibit_rules: [{ source: { indicator: 'kayes-convoy-interdiction' }, target: { indicator: 'drone-satcom-seizure' }, equal: ['story'] }],
    });
    const url = 'https://sahel-dispatch.example/diboli-drones';
    const article: Article = {
      id: contentId('ar', url),
      itemId: contentId('it', url),
      feedId: 'sahel-dispatch',
      outlet: 'Sahel Dispatch',
      url,
      title: 'Malian troops seize drones and a Starlink kit from JNIM fighters who torched fuel tankers near Diboli',
      text:
        "JNIM fighters set fire to nine fuel tankers near Diboli in Mali's Kayes region on Tuesday, on the road from the Senegalese border to Bamako, drivers said. " +
        'In a counter-attack the next day, the Malian army said its soldiers seized two drones and a Starlink satellite terminal from the jihadist fighters.',
      published: new Date().toISOString(),
      textSource: 'page',
    };
    const outcome = await analyzeArticle(ctx, article, silentLogger);
    expect(outcome.matches.sort()).toEqual(['drone-satcom-seizure', 'kayes-convoy-interdiction']);

    const byIndicator = new Map(outcome.changes.map((c) => [c.alert.indicatorId, c.alert.id]));
    const drone = await ctx.alerts.get(byIndicator.get('drone-satcom-seizure') ?? '');
    const convoy = await ctx.alerts.get(byIndicator.get('kayes-convoy-interdiction') ?? '');
    expect(drone?.history.map((h) => h.kind)).toContain('inhibited');
    expect(drone?.history.find((h) => h.kind === 'inhibited')?.note).toContain(convoy?.id);
    expect(convoy?.history.map((h) => h.kind)).not.toContain('inhibited');
    const queued = await ctx.queues.deliver.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    expect(queued.map((job) => job.data.alert.id)).toEqual([convoy?.id]);
  });
});
