import { z } from 'zod';
import type { Alert } from '../../../alerts/alert.js';
import {
  actorsLine,
  casualtiesLine,
  changeNote,
  clean,
  cut,
  escapeMarkdown,
  evidenceItems,
  fitGroup,
  groupHeadline,
  groupItem,
  headline,
  jsonBytes,
  moreLine,
  placesLine,
  SEVERITY_COLOR,
  sourceLinks,
  sourcingLine,
} from '../../format.js';
import { chatWebhookNotifier } from '../../http.js';
import { type ReceiverTemplate, renderGroupTemplate, renderReceiverTemplate } from '../../template.js';
import { type AlertGroup, commonReceiverFields } from '../types.js';

export const DiscordConfigSchema = z.strictObject({
  type: z.literal('discord'),
  /** `https://discord.com/api/webhooks/{id}/{token}`; the token makes the URL a secret. */
  url: z.url({ protocol: /^https?$/ }),
  ...commonReceiverFields,
});
export type DiscordConfig = z.infer<typeof DiscordConfigSchema>;

/** Discord refuses a message whose embed text passes 6,000 characters; with JSON structure and escaping, the body stays under this. */
export const DISCORD_MAX_BYTES = 16_000;

/** Markdown-escaped, then cut to Discord's per-field limit. */
function md(text: string, max: number): string {
  return cut(escapeMarkdown(clean(text, max)), max);
}

/** One embed; `allowed_mentions: {parse: []}` so feed text can never ping @everyone. */
export function discordPayload(alert: Alert, consoleUrl?: string, template?: ReceiverTemplate) {
  const values = { text: escapeMarkdown };
  const own = renderReceiverTemplate(template, alert, consoleUrl, { title: values, body: values });
  const latest = sourceLinks(alert, 1)[0];
  const evidence = evidenceItems(alert)
    .map((item) => `• ${item.segments.map((s) => (s.marked ? `**${md(s.text, 200)}**` : md(s.text, 400))).join(' ')}`)
    .join('\n');
  const sources = sourceLinks(alert)
    .map((s) => `[${md(s.outlet, 80)}](${s.url})`)
    .join(' · ');
  const fields = [
    { name: 'Indicator', value: md(alert.indicatorTitle, 1000), inline: true },
    { name: 'Places', value: md(placesLine(alert), 1000), inline: true },
    { name: 'Actors', value: md(actorsLine(alert), 1000), inline: true },
    { name: 'Sourcing', value: md(sourcingLine(alert), 1000), inline: false },
    { name: 'Casualties', value: md(casualtiesLine(alert), 1000), inline: true },
  ];
  if (evidence) fields.push({ name: 'Evidence', value: cut(evidence, 1024), inline: false });
  if (sources) fields.push({ name: 'Sources', value: cut(sources, 1024), inline: false });
  if (consoleUrl) fields.push({ name: 'Console', value: `[open in sahelwatch](${consoleUrl})`, inline: false });
  return {
    content: own.title !== undefined ? cut(own.title, 1900) : md(headline(alert), 1900),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: md(alert.story.title, 256),
        description: own.body !== undefined ? cut(own.body, 2000) : md(`${alert.description} — ${changeNote(alert)}`, 2000),
        ...(latest ? { url: latest.url } : {}),
        timestamp: alert.updatedAt,
        color: SEVERITY_COLOR[alert.severity],
        fields,
        footer: { text: `sahelwatch · ${alert.indicatorId} · v${alert.version}` },
      },
    ],
  };
}

/** Discord's limits: an embed description of 4,096 characters, 6,000 in all. */
const DISCORD_DESCRIPTION_MAX = 4096;
const DISCORD_EMBED_MAX = 6000;

/** A group: the count as content, one embed listing the alerts (each linked to the console), then "and N more". */
export function discordGroupPayload(group: AlertGroup, consoleLink?: (alertId: string) => string, template?: ReceiverTemplate) {
  const values = { text: escapeMarkdown };
  const own = renderGroupTemplate(template, group, consoleLink, { title: values, item: values });
  const title = own.title !== undefined ? cut(own.title, 256) : md(groupHeadline(group), 256);
  const lines = group.alerts.map((alert) => {
    if (own.item) return `• ${cut(own.item(alert), 1000)}`;
    const item = groupItem(alert, consoleLink);
    return `• ${md(item.line, 300)}${item.url ? ` [open](${item.url})` : ''}`;
  });
  const top = group.alerts[0];
  const build = (shown: number) => {
    const more = group.alerts.length - shown;
    const description = [...lines.slice(0, shown), ...(more > 0 ? [moreLine(more)] : [])].join('\n');
    return {
      content: title,
      allowed_mentions: { parse: [] },
      embeds: [{ title, description, ...(top ? { color: SEVERITY_COLOR[top.severity], timestamp: top.updatedAt } : {}), footer: { text: `sahelwatch · group ${group.id}` } }],
    };
  };
  // Discord counts characters of the embed's text; the body's bytes count too.
  const size = (payload: ReturnType<typeof build>) => {
    const embed = payload.embeds[0];
    const chars = (embed?.title.length ?? 0) + (embed?.description.length ?? 0) + (embed?.footer.text.length ?? 0);
    return (embed?.description.length ?? 0) > DISCORD_DESCRIPTION_MAX || chars > DISCORD_EMBED_MAX ? Number.POSITIVE_INFINITY : jsonBytes(payload);
  };
  return fitGroup(group.alerts.length, build, size, DISCORD_MAX_BYTES);
}

// Discord webhooks allow about 5 requests per 2 seconds.
export const discordNotifier = chatWebhookNotifier<DiscordConfig>(
  DiscordConfigSchema,
  {
    summary: 'Discord webhook: one embed within Discord\'s limits (6,000 characters), mentions disabled, markdown escaped',
    defaultRateLimit: { max: 5, per_seconds: 2 },
    maxPayloadBytes: DISCORD_MAX_BYTES,
  },
  discordPayload,
  discordGroupPayload,
);
