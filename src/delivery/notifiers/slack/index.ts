import { z } from 'zod';
import type { Alert } from '../../../alerts/alert.js';
import {
  actorsLine,
  casualtiesLine,
  changeNote,
  clean,
  cut,
  escapeSlack,
  evidenceItems,
  fitGroup,
  groupHeadline,
  groupItem,
  headline,
  jsonBytes,
  moreLine,
  severityLabel,
  placesLine,
  sourceLinks,
  sourcingLine,
} from '../../format.js';
import { chatWebhookNotifier } from '../../http.js';
import { PLAIN, type ReceiverTemplate, renderGroupTemplate, renderReceiverTemplate } from '../../template.js';
import { type AlertGroup, commonReceiverFields } from '../types.js';

export const SlackConfigSchema = z.strictObject({
  type: z.literal('slack'),
  /** Incoming webhook URL; the URL itself is the credential. */
  url: z.url({ protocol: /^https?$/ }),
  ...commonReceiverFields,
});
export type SlackConfig = z.infer<typeof SlackConfigSchema>;

/** Link text cannot contain `|` or `>` inside Slack's `<url|label>` form. */
function slackLink(url: string, label: string): string {
  const href = url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return `<${href}|${escapeSlack(label).replace(/\|/g, '¦')}>`;
}

function evidenceMrkdwn(alert: Alert): string {
  return evidenceItems(alert)
    .map((item) => {
      const sentence = item.segments.map((s) => (s.marked ? `*${escapeSlack(s.text).replace(/\*/g, '')}*` : escapeSlack(s.text))).join(' ');
      return `• _${escapeSlack(item.detail)}_: “${sentence}”`;
    })
    .join('\n');
}

/** Block Kit message: header, summary, facts, evidence, sources, context. */
export function slackPayload(alert: Alert, consoleUrl?: string, template?: ReceiverTemplate) {
  // The title is plain text (the header is never parsed); the body is mrkdwn, so its values are escaped as mrkdwn.
  const own = renderReceiverTemplate(template, alert, consoleUrl, { title: PLAIN, body: { text: escapeSlack, url: escapeSlack } });
  const sources = sourceLinks(alert)
    .map((s) => `• ${slackLink(s.url, `${s.outlet}: ${s.title}`)}`)
    .join('\n');
  const fields = [
    ['Indicator', alert.indicatorTitle],
    ['Severity', alert.severity.toUpperCase()],
    ['Places', placesLine(alert)],
    ['Actors', actorsLine(alert)],
    ['Sourcing', sourcingLine(alert)],
    ['Casualties', casualtiesLine(alert)],
  ].map(([title, value]) => ({ type: 'mrkdwn', text: `*${title}*\n${escapeSlack(clean(value ?? '', 200))}` }));
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clean(own.title ?? `${severityLabel(alert)}: ${alert.story.title}`, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: own.body !== undefined ? cut(own.body, 2900) : escapeSlack(clean(`${alert.description} — ${changeNote(alert)}`, 2900)) } },
    { type: 'section', fields },
  ];
  const evidence = evidenceMrkdwn(alert);
  if (evidence) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(`*Evidence*\n${evidence}`, 2990) } });
  if (sources) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(`*Sources*\n${sources}`, 2990) } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${escapeSlack(`sahelwatch · ${alert.indicatorId} · v${alert.version} · ${alert.id}`)}${consoleUrl ? ` · ${slackLink(consoleUrl, 'open in sahelwatch')}` : ''}` }],
  });
  return { text: escapeSlack(own.title !== undefined ? clean(own.title, 200) : headline(alert)), blocks, unfurl_links: false, unfurl_media: false };
}

/** At most this many alerts are listed in one Slack message (one section each, within Slack's 50 blocks). */
const SLACK_GROUP_MAX_LISTED = 45;

/** A group: header with the count, one section per alert (linked to the console), then "and N more". */
export function slackGroupPayload(group: AlertGroup, consoleLink?: (alertId: string) => string, template?: ReceiverTemplate) {
  const own = renderGroupTemplate(template, group, consoleLink, { title: PLAIN, item: { text: escapeSlack, url: escapeSlack } });
  const title = own.title ?? groupHeadline(group);
  const items = group.alerts.map((alert) => {
    if (own.item) return { type: 'section', text: { type: 'mrkdwn', text: cut(own.item(alert), 2990) } };
    const item = groupItem(alert, consoleLink);
    const label = item.url ? slackLink(item.url, item.line) : escapeSlack(item.line);
    return { type: 'section', text: { type: 'mrkdwn', text: cut(`${label}\n${escapeSlack(item.sourcing)}`, 2990) } };
  });
  const build = (shown: number) => {
    const more = group.alerts.length - shown;
    const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: clean(title, 150), emoji: false } }, ...items.slice(0, shown)];
    if (more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(moreLine(more)) }] });
    return { text: escapeSlack(clean(title, 200)), blocks, unfurl_links: false, unfurl_media: false };
  };
  return fitGroup(Math.min(group.alerts.length, SLACK_GROUP_MAX_LISTED), build, jsonBytes, SLACK_MAX_BYTES);
}

// Slack allows about one message per second per webhook.
/** Slack takes at most 50 blocks and 3,000 characters per section; a message body stays under this many bytes. */
export const SLACK_MAX_BYTES = 40_000;

export const slackNotifier = chatWebhookNotifier<SlackConfig>(
  SlackConfigSchema,
  {
    summary: 'Slack incoming webhook: Block Kit with a plain fallback text, mrkdwn escaped, links not unfurled',
    defaultRateLimit: { max: 1, per_seconds: 1 },
    maxPayloadBytes: SLACK_MAX_BYTES,
  },
  slackPayload,
  slackGroupPayload,
);
