import { z } from 'zod';
import { DiscordConfigSchema, discordNotifier } from './discord/index.js';
import { EmailConfigSchema, emailNotifier } from './email/index.js';
import { MattermostConfigSchema, mattermostNotifier } from './mattermost/index.js';
import { SlackConfigSchema, slackNotifier } from './slack/index.js';
import { TeamsConfigSchema, teamsNotifier } from './teams/index.js';
import type { Notifier } from './types.js';
import { WebhookConfigSchema, webhookNotifier } from './webhook/index.js';

/** Adding a notifier: a folder with its schema and `Notifier`, plus one line in each list below. */
export const ReceiverConfigSchema = z.discriminatedUnion('type', [
  WebhookConfigSchema,
  SlackConfigSchema,
  TeamsConfigSchema,
  DiscordConfigSchema,
  MattermostConfigSchema,
  EmailConfigSchema,
]);
export type ReceiverConfig = z.infer<typeof ReceiverConfigSchema>;
export type ReceiverType = ReceiverConfig['type'];

type NotifierRegistry = { [T in ReceiverType]: Notifier<Extract<ReceiverConfig, { type: T }>> };

const registry: NotifierRegistry = {
  webhook: webhookNotifier,
  slack: slackNotifier,
  teams: teamsNotifier,
  discord: discordNotifier,
  mattermost: mattermostNotifier,
  email: emailNotifier,
};

/** Every registered notifier, for the contract suite and the README's receiver table. */
export const NOTIFIERS: ReadonlyArray<Notifier<ReceiverConfig>> = Object.values(registry) as ReadonlyArray<Notifier<ReceiverConfig>>;

/** The receiver table of README.md, generated from the registry (a test keeps them equal). */
export function receiverTable(): string {
  const rows = NOTIFIERS.map((n) => `| \`${n.type}\` | ${n.summary} | ${n.defaultRateLimit.max} per ${n.defaultRateLimit.per_seconds} s | ${Math.round(n.maxPayloadBytes / 1000).toLocaleString('en')} KB |`);
  return ['| type | what it sends | default rate limit | largest message |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The notifier for a receiver config, typed so `send(alert, config)` accepts that config. */
export function notifierFor<C extends ReceiverConfig>(config: C): Notifier<C> {
  return registry[config.type] as unknown as Notifier<C>;
}

export type { Notifier, SendContext, SendOutcome, SmtpConfig } from './types.js';
