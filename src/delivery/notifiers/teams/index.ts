import { z } from 'zod';
import type { Alert } from '../../../alerts/alert.js';
import { actorsLine, casualtiesLine, changeNote, clean, cut, evidenceItems, fitGroup, groupHeadline, groupItem, headline, jsonBytes, moreLine, placesLine, sourceLinks, sourcingLine } from '../../format.js';
import { chatWebhookNotifier } from '../../http.js';
import { type ReceiverTemplate, renderGroupTemplate, renderReceiverTemplate } from '../../template.js';
import { type AlertGroup, commonReceiverFields } from '../types.js';

export const TeamsConfigSchema = z.strictObject({
  type: z.literal('teams'),
  /** Workflows ("Post to a channel when a webhook request is received") URL; its `sig=` makes it a secret. */
  url: z.url({ protocol: /^https?$/ }),
  ...commonReceiverFields,
});
export type TeamsConfig = z.infer<typeof TeamsConfigSchema>;

/** Teams rejects messages over about 28 KB, and only later, inside the flow. */
export const TEAMS_MAX_BYTES = 28_000;

/**
 * TextBlock renders a Markdown subset whose escaping rules Teams does not
 * document, so instead of backslashes (which may show) feed text has its link
 * syntax broken apart: `[label](url)` can never become a clickable link.
 */
export function plain(text: string, max = 500): string {
  return clean(text, max).replace(/\]\s*\(/g, '] (').replace(/<(?=https?:)/gi, '‹');
}

function message(content: unknown) {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }] };
}

/** A group: one card, the count as its title, a text block per alert with a link of ours (feed text never forms a link), then "and N more". */
export function teamsGroupPayload(group: AlertGroup, consoleLink?: (alertId: string) => string, template?: ReceiverTemplate) {
  const values = { text: (v: string) => plain(v, 1000) };
  const own = renderGroupTemplate(template, group, consoleLink, { title: values, item: values });
  const items = group.alerts.map((alert) => {
    if (own.item) return { type: 'TextBlock', wrap: true, spacing: 'Small', text: cut(own.item(alert), 2000) };
    const item = groupItem(alert, consoleLink);
    return { type: 'TextBlock', wrap: true, spacing: 'Small', text: `${plain(item.line, 300)} · ${plain(item.sourcing, 300)}${item.url ? ` · [open](${item.url})` : ''}` };
  });
  const top = group.alerts[0];
  const build = (shown: number) => {
    const more = group.alerts.length - shown;
    return message({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      msteams: { width: 'Full' },
      body: [
        { type: 'TextBlock', text: own.title !== undefined ? cut(own.title, 200) : plain(groupHeadline(group), 200), weight: 'Bolder', size: 'Medium', wrap: true, color: top?.severity === 'critical' || top?.severity === 'high' ? 'Attention' : 'Default' },
        ...items.slice(0, shown),
        ...(more > 0 ? [{ type: 'TextBlock', text: moreLine(more), isSubtle: true, wrap: true }] : []),
      ],
    });
  };
  return fitGroup(group.alerts.length, build, jsonBytes, TEAMS_MAX_BYTES);
}

function card(alert: Alert, evidenceCount: number, sourceCount: number, consoleUrl?: string, template?: ReceiverTemplate) {
  // Values have their link syntax broken as all feed text is here; a template's own Markdown stays.
  const values = { text: (v: string) => plain(v, 1000) };
  const own = renderReceiverTemplate(template, alert, consoleUrl, { title: values, body: values });
  const evidence = evidenceItems(alert, evidenceCount).map((item) => ({
    type: 'TextBlock',
    wrap: true,
    spacing: 'Small',
    text: `${plain(item.detail, 200)}: “${item.segments.map((s) => (s.marked ? `**${plain(s.text, 200)}**` : plain(s.text))).join(' ')}”`,
  }));
  const actions = [
    ...(consoleUrl ? [{ type: 'Action.OpenUrl', title: 'Open in sahelwatch', url: consoleUrl }] : []),
    ...sourceLinks(alert, sourceCount).map((s) => ({ type: 'Action.OpenUrl', title: clean(`${s.outlet}`, 60), url: s.url })),
  ];
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body: [
      { type: 'TextBlock', text: own.title !== undefined ? cut(own.title, 200) : plain(headline(alert), 200), weight: 'Bolder', size: 'Medium', wrap: true, color: alert.severity === 'critical' || alert.severity === 'high' ? 'Attention' : 'Default' },
      { type: 'TextBlock', text: own.body !== undefined ? cut(own.body, 2000) : plain(`${alert.description} — ${changeNote(alert)}`, 1000), wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Indicator', value: plain(alert.indicatorTitle, 200) },
          { title: 'Severity', value: alert.severity.toUpperCase() },
          { title: 'Places', value: plain(placesLine(alert), 300) },
          { title: 'Actors', value: plain(actorsLine(alert), 300) },
          { title: 'Sourcing', value: plain(sourcingLine(alert), 400) },
          { title: 'Casualties', value: plain(casualtiesLine(alert), 200) },
        ],
      },
      ...evidence,
    ],
    actions,
  };
}

/** A message with one Adaptive Card 1.4 attachment, trimmed (evidence, then sources) to fit the size cap. */
export function teamsPayload(alert: Alert, consoleUrl?: string, template?: ReceiverTemplate) {
  for (const [evidence, sources] of [[3, 5], [1, 3], [0, 1]] as const) {
    const payload = message(card(alert, evidence, sources, consoleUrl, template));
    if (jsonBytes(payload) <= TEAMS_MAX_BYTES) return payload;
  }
  throw new Error('teams card exceeds the size cap even without evidence');
}

// Workflows answer 202 before posting: 2xx means accepted, not yet shown.
export const teamsNotifier = chatWebhookNotifier<TeamsConfig>(
  TeamsConfigSchema,
  {
    summary: 'Microsoft Teams incoming webhook or Workflows URL: one Adaptive Card 1.4, cut to 28 KB',
    defaultRateLimit: { max: 4, per_seconds: 1 },
    maxPayloadBytes: TEAMS_MAX_BYTES,
  },
  teamsPayload,
  teamsGroupPayload,
);
