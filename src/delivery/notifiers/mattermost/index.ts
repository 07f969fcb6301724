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
  hexColor,
  jsonBytes,
  moreLine,
  placesLine,
  sourceLinks,
  sourcingLine,
} from '../../format.js';
import { chatWebhookNotifier } from '../../http.js';
import { PLAIN, type ReceiverTemplate, renderGroupTemplate, renderReceiverTemplate } from '../../template.js';
import { type AlertGroup, commonReceiverFields } from '../types.js';

export const MattermostConfigSchema = z.strictObject({
  type: z.literal('mattermost'),
  url: z.url({ protocol: /^https?$/ }),
  ...commonReceiverFields,
});
export type MattermostConfig = z.infer<typeof MattermostConfigSchema>;

/** Mattermost ignores Slack `blocks`: Markdown `text` plus legacy attachments instead. */
export function mattermostPayload(alert: Alert, consoleUrl?: string, template?: ReceiverTemplate) {
  const md = (s: string) => escapeMarkdown(clean(s, 300));
  const own = renderReceiverTemplate(template, alert, consoleUrl, { title: { text: escapeMarkdown }, body: { text: escapeMarkdown } });
  // The fallback is shown as plain text (notifications): the title again, with its values unescaped.
  const plainTitle = template?.title !== undefined ? renderReceiverTemplate({ title: template.title }, alert, consoleUrl, { title: PLAIN, body: PLAIN }).title : undefined;
  const evidence = evidenceItems(alert)
    .map((item) => `- _${md(item.detail)}_: “${item.segments.map((s) => (s.marked ? `**${md(s.text)}**` : md(s.text))).join(' ')}”`)
    .join('\n');
  const sources = sourceLinks(alert)
    .map((s) => `- [${md(`${s.outlet}: ${s.title}`)}](${s.url})`)
    .join('\n');
  const latest = sourceLinks(alert, 1)[0];
  return {
    text: `**${own.title !== undefined ? cut(own.title, 300) : md(headline(alert))}**`,
    attachments: [
      {
        fallback: clean(plainTitle ?? headline(alert), 300),
        color: hexColor(alert),
        title: clean(alert.story.title, 250),
        ...(latest ? { title_link: latest.url } : {}),
        text: [...(own.body !== undefined ? [cut(own.body, 4000)] : [md(alert.description), md(changeNote(alert))]), evidence && `**Evidence**\n${evidence}`, sources && `**Sources**\n${sources}`, consoleUrl && `[Open in sahelwatch](${consoleUrl})`]
          .filter(Boolean)
          .join('\n\n'),
        fields: [
          { short: true, title: 'Indicator', value: md(alert.indicatorTitle) },
          { short: true, title: 'Severity', value: alert.severity.toUpperCase() },
          { short: true, title: 'Places', value: md(placesLine(alert)) },
          { short: true, title: 'Actors', value: md(actorsLine(alert)) },
          { short: false, title: 'Sourcing', value: md(sourcingLine(alert)) },
          { short: true, title: 'Casualties', value: casualtiesLine(alert) },
        ],
        footer: `sahelwatch · ${alert.indicatorId} · v${alert.version}`,
        ts: Math.floor(Date.parse(alert.updatedAt) / 1000),
      },
    ],
  };
}

/** Mattermost's post text limit (16,383 characters by default). */
const MATTERMOST_TEXT_MAX = 16_000;

/** A group: the count in bold, one markdown list item per alert (linked to the console), then "and N more". */
export function mattermostGroupPayload(group: AlertGroup, consoleLink?: (alertId: string) => string, template?: ReceiverTemplate) {
  const md = (s: string) => escapeMarkdown(clean(s, 300));
  const own = renderGroupTemplate(template, group, consoleLink, { title: { text: escapeMarkdown }, item: { text: escapeMarkdown } });
  const title = own.title !== undefined ? cut(own.title, 300) : md(groupHeadline(group));
  const lines = group.alerts.map((alert) => {
    if (own.item) return `- ${cut(own.item(alert), 1000)}`;
    const item = groupItem(alert, consoleLink);
    return `- ${md(item.line)} · ${md(item.sourcing)}${item.url ? ` [open](${item.url})` : ''}`;
  });
  const build = (shown: number) => {
    const more = group.alerts.length - shown;
    return { text: [`**${title}**`, ...lines.slice(0, shown), ...(more > 0 ? [moreLine(more)] : [])].join('\n') };
  };
  const size = (payload: { text: string }) => (payload.text.length > MATTERMOST_TEXT_MAX ? Number.POSITIVE_INFINITY : jsonBytes(payload));
  return fitGroup(group.alerts.length, build, size, MATTERMOST_MAX_BYTES);
}

/** Mattermost's default post limit is 16,383 characters of text; text plus attachment stay under this many bytes. */
export const MATTERMOST_MAX_BYTES = 40_000;

export const mattermostNotifier = chatWebhookNotifier<MattermostConfig>(
  MattermostConfigSchema,
  {
    summary: 'Mattermost incoming webhook: markdown text plus an attachment with a plain fallback',
    defaultRateLimit: { max: 5, per_seconds: 1 },
    maxPayloadBytes: MATTERMOST_MAX_BYTES,
  },
  mattermostPayload,
  mattermostGroupPayload,
);
