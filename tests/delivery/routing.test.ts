import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/core/log.js';
import { DeliveryConfigSchema, deliveryConfigFromEnv, mergeDeliveryEnv, routeAlert } from '../../src/delivery/config.js';
import { unconfiguredReceivers } from '../../src/delivery/route.js';
import { sampleAlert } from '../alerts/fixtures.js';

const receivers = Object.fromEntries(
  ['default', 'ops', 'critical-pager', 'mali-desk', 'logistics', 'analyst'].map((name) => [name, { type: 'slack', url: `https://hooks.slack.invalid/${name}` }]),
);

/** An Alertmanager-style tree: first match wins unless `continue: true`. */
const config = DeliveryConfigSchema.parse({
  receivers,
  route: {
    receivers: ['default'],
    routes: [
      { match: { severity_at_least: 'critical' }, receivers: ['critical-pager'], continue: true },
      {
        match: { country: ['ML', 'BF'] },
        receivers: ['mali-desk'],
        routes: [{ match: { tags: ['logistics'] }, receivers: ['logistics'] }],
      },
      { match: { indicator: 'kayes-convoy' }, receivers: ['ops'] },
    ],
  },
});

describe('routeAlert', () => {
  it.each([
    ['no child matches → default route', { countries: ['NE'], indicatorId: 'other' }, ['default']],
    ['first matching child wins', { countries: ['ML'] }, ['mali-desk']],
    ['nested route goes deepest', { countries: ['ML'], tags: ['logistics'] }, ['logistics']],
    ['continue: true goes on to siblings', { countries: ['ML'], severity: 'critical' as const }, ['critical-pager', 'mali-desk']],
    ['a later sibling matches when earlier ones do not', { countries: ['NE'] }, ['ops']],
    ['severity_at_least is inclusive upward only', { countries: ['NE'], indicatorId: 'x', severity: 'high' as const }, ['default']],
  ])('%s', (_name, overrides, expected) => {
    expect(routeAlert(config.route, sampleAlert(overrides))).toEqual(expected);
  });

  it("adds the indicator's own receivers, without duplicates, and accepts the whole config", () => {
    expect(routeAlert(config, sampleAlert({ countries: ['NE'], receivers: ['analyst', 'ops'] }))).toEqual(['ops', 'analyst']);
  });

  it("leaves out an indicator's receiver this deployment has not configured, and names it for a warning", () => {
    expect(routeAlert(config, sampleAlert({ countries: ['NE'], indicatorId: 'other', receivers: ['strategy-chat', 'ops'] }))).toEqual(['default', 'ops']);
    expect(unconfiguredReceivers([{ id: 'leadership', receivers: ['strategy-chat', 'ops'] }], config.receivers)).toEqual([
      { indicator: 'leadership', receiver: 'strategy-chat' },
    ]);
  });
});

describe('delivery config', () => {
  it('rejects unknown keys, unknown receiver types and routes to undefined receivers', () => {
    expect(DeliveryConfigSchema.safeParse({ receivers: { a: { type: 'slack', url: 'https://x.invalid/', colour: 'red' } } }).success).toBe(false);
    expect(DeliveryConfigSchema.safeParse({ receivers: { a: { type: 'pager', url: 'https://x.invalid/' } } }).success).toBe(false);
    const undefinedReceiver = DeliveryConfigSchema.safeParse({ route: { receivers: ['nobody'] } });
    expect(undefinedReceiver.success).toBe(false);
    expect(undefinedReceiver.error?.issues[0]?.message).toBe('undefined receiver "nobody" used in route');
    expect(DeliveryConfigSchema.safeParse({ receivers: { 'bad:name': { type: 'slack', url: 'https://x.invalid/' } } }).success).toBe(false);
    const badCron = DeliveryConfigSchema.safeParse({ receivers: { m: { type: 'email', to: ['a@example.org'], digest: { cron: 'every morning', tz: 'Africa/Bamako' } } } });
    expect(badCron.success).toBe(false);
  });

  it('environment variables alone define a receiver each on the default route, and their secrets are masked', () => {
    const env = {
      SAHELWATCH_WEBHOOK_URL: 'https://example.org/hook',
      SAHELWATCH_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4',
      SAHELWATCH_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B2/slacktoken123',
      SAHELWATCH_TEAMS_WEBHOOK_URL: 'https://prod.logic.azure.com/workflows/1?sig=teamssig123',
      SAHELWATCH_DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/discordtoken123',
      SAHELWATCH_MATTERMOST_WEBHOOK_URL: 'https://mm.example.org/hooks/mmkey123',
      SMTP_URL: 'smtp://user:smtppass123@mail.example.org:587',
      SAHELWATCH_EMAIL_TO: 'desk@example.org, duty@example.org',
    };
    const cfg = deliveryConfigFromEnv(env);
    expect(Object.keys(cfg.receivers).sort()).toEqual(['discord', 'email', 'mattermost', 'slack', 'teams', 'webhook']);
    expect(cfg.receivers.email).toMatchObject({ type: 'email', to: ['desk@example.org', 'duty@example.org'] });
    expect(cfg.receivers.webhook).toMatchObject({ type: 'webhook', secret: env.SAHELWATCH_WEBHOOK_SECRET });
    expect(cfg.smtp.url).toBe(env.SMTP_URL);
    expect(routeAlert(cfg, sampleAlert()).sort()).toEqual(['discord', 'email', 'mattermost', 'slack', 'teams', 'webhook']);
    const logged = scrubSecrets(`posting to ${env.SAHELWATCH_SLACK_WEBHOOK_URL} and ${env.SAHELWATCH_DISCORD_WEBHOOK_URL} signed ${env.SAHELWATCH_WEBHOOK_SECRET} via ${env.SMTP_URL}`);
    for (const secret of ['slacktoken123', 'discordtoken123', env.SAHELWATCH_WEBHOOK_SECRET, 'smtppass123']) expect(logged).not.toContain(secret);
  });

  it('a receiver defined in the file wins over the one the environment names', () => {
    const file = DeliveryConfigSchema.parse({ receivers: { slack: { type: 'slack', url: 'https://file.invalid/x' } }, route: { receivers: ['slack'] } });
    const merged = mergeDeliveryEnv(file, { SAHELWATCH_SLACK_WEBHOOK_URL: 'https://env.invalid/y' });
    expect(merged.receivers.slack).toMatchObject({ url: 'https://file.invalid/x' });
    expect(merged.route.receivers).toEqual(['slack']);
  });

  it('a bad URL in the environment names the receiver, never the value', () => {
    expect(() => deliveryConfigFromEnv({ SAHELWATCH_SLACK_WEBHOOK_URL: 'not a url secret-xyz' })).toThrow(/receiver "slack" from environment/);
    expect(() => deliveryConfigFromEnv({ SAHELWATCH_SLACK_WEBHOOK_URL: 'not a url secret-xyz' })).not.toThrow(/secret-xyz/);
  });
});
