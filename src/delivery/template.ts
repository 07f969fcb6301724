import Mustache from 'mustache';
import { z } from 'zod';
import type { Alert } from '../alerts/alert.js';
import { actorsLine, type AlertGroup, casualtiesLine, changeNote, clean, groupLabelText, inertUrl, placesLine, severityLabel, sourceLinks, sourcingLine } from './format.js';

/**
 * A receiver's own title and body for single-alert messages, in Mustache
 * (logic-less: variables, `{{#name}}…{{/name}}` shown when a value is set,
 * `{{^name}}…{{/name}}` when it is not, `{{! comments }}`). Every value is
 * cleaned as feed text always is and then escaped for the receiver's markup
 * through Mustache's escape hook, so `{{{name}}}` and `{{& name}}` (which skip
 * escaping), partials and delimiter changes are refused.
 */

/** What a template may name, and what each holds. README's table is written from this. */
export const TEMPLATE_VARIABLES = {
  severity: 'HIGH, or RESOLVED in the notice that an alert is over',
  title: "the story's title",
  indicator: "the indicator's id",
  indicator_title: "the indicator's title",
  description: 'why the indicator matters (from its file)',
  change: 'what this version changed (the newest history note)',
  status: 'claimed, reported, confirmed or disputed (empty for an older alert)',
  sourcing: '"confirmed · 4 reports from 2 independent sources (…)"',
  places: '"Diboli (ML), Kayes (ML)"',
  countries: '"ML, BF"',
  actors: 'armed groups and people named, then the JNIM component ("likely Ansarul Islam (…)")',
  casualties: '"12 killed, 3 kidnapped"',
  console_url: 'the alert in the console (delivery.external_url)',
  source_url: 'the latest report',
  source_outlet: "the latest report's outlet",
  alert_id: "the alert's id",
  version: "the alert's version",
  updated_at: 'ISO time of the last update',
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;
const KNOWN = new Set<string>(Object.keys(TEMPLATE_VARIABLES));

/** What a group message's title (`group_title`) may name; each listed alert (`group_item`) sees the single-alert variables. */
export const GROUP_TITLE_VARIABLES = {
  count: 'how many alerts the message tells',
  severity: "the most severe alert's severity (HIGH)",
  labels: 'what the alerts share, as people read it: "story: Convoi attaqué près de Diboli · country=ML"',
  reminder: '"reminder" in a repeat_interval reminder, else empty',
} as const;
const GROUP_KNOWN = new Set<string>(Object.keys(GROUP_TITLE_VARIABLES));

type Token = [string, string, number, number, Token[]?, ...unknown[]];

/** Every problem with a template, each as one short phrase; empty when it is fine. */
export function templateProblems(template: string, known: ReadonlySet<string> = KNOWN): string[] {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(template) as unknown as Token[];
  } catch (err) {
    return [`does not parse: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`];
  }
  const problems: string[] = [];
  const walk = (list: Token[]) => {
    for (const [type, name, , , children] of list) {
      if (type === 'text' || type === '!') continue;
      if (type === '&' || type === '{') problems.push(`{{{${name}}}} and {{& ${name}}} are not allowed: values are always escaped for the receiver (write {{${name}}})`);
      else if (type === '>') problems.push(`partials ({{> ${name}}}) are not supported`);
      else if (type === '=') problems.push('changing the delimiters is not supported');
      else if (!known.has(name)) problems.push(`unknown variable "${name}" (known: ${[...known].join(', ')})`);
      if (children) walk(children);
    }
  };
  walk(tokens);
  return problems;
}

const templateString = (max: number, known: ReadonlySet<string> = KNOWN) =>
  z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      for (const message of templateProblems(text, known)) ctx.addIssue({ code: 'custom', message: `template: ${message}` });
    });

/**
 * `template: {title, body, group_title, group_item}` on any receiver; any may
 * be left out (the receiver's own format stays for that part). `title` and
 * `body` shape single-alert messages; `group_title` a group message's title
 * and `group_item` each alert's line in its list.
 */
export const ReceiverTemplateSchema = z.strictObject({
  title: templateString(1000).optional(),
  body: templateString(20_000).optional(),
  group_title: templateString(1000, GROUP_KNOWN).optional(),
  group_item: templateString(2000).optional(),
});
export type ReceiverTemplate = z.infer<typeof ReceiverTemplateSchema>;

export type TemplateView = Record<TemplateVariable, string>;

/**
 * The values a template sees, cleaned of control, bidi and lone-surrogate
 * characters and capped, before any escaping. Nothing known is the empty
 * string (not the "—" of the default formats), so `{{#casualties}}` hides.
 */
export function templateView(alert: Alert, consoleUrl?: string): TemplateView {
  const latest = sourceLinks(alert, 1)[0];
  return {
    severity: severityLabel(alert),
    title: clean(alert.story.title, 300),
    indicator: clean(alert.indicatorId, 100),
    indicator_title: clean(alert.indicatorTitle, 200),
    description: clean(alert.description, 1000),
    change: changeNote(alert),
    status: alert.story.status ?? '',
    sourcing: sourcingLine(alert),
    places: alert.places.length > 0 ? placesLine(alert) : '',
    countries: alert.countries.join(', '),
    actors: alert.actors.length + alert.people.length > 0 || alert.attribution ? actorsLine(alert) : '',
    casualties: alert.casualties.length > 0 ? casualtiesLine(alert) : '',
    console_url: consoleUrl ?? '',
    source_url: latest?.url ?? '',
    source_outlet: latest?.outlet ?? '',
    alert_id: alert.id,
    version: String(alert.version),
    updated_at: alert.updatedAt,
  };
}

/** Variables that hold links: never markdown-escaped (that would break them), percent-encoded where markup or a mention could start instead. */
const URL_VARIABLES = new Set<TemplateVariable>(['console_url', 'source_url']);


/** How one receiver neutralises values in one part: text values, and (after inertUrl) link values. */
export interface TemplateEscape {
  text: (value: string) => string;
  url?: (value: string) => string;
}

/**
 * The template filled in, each value neutralised for the receiver beforehand
 * (Mustache's own escaping is off: the values are already safe for the
 * receiver's markup); undefined when the receiver sets none.
 */
export function renderTemplate(template: string | undefined, view: Readonly<Record<string, string>>, escaping: TemplateEscape): string | undefined {
  if (template === undefined) return undefined;
  const escaped = Object.fromEntries(
    Object.entries(view).map(([name, value]) => [name, URL_VARIABLES.has(name as TemplateVariable) ? (escaping.url ?? ((v: string) => v))(inertUrl(value)) : escaping.text(value)]),
  );
  return Mustache.render(template, escaped, undefined, { escape: (value: unknown) => String(value) });
}

/** Title and body of a receiver's template for one alert (undefined parts keep the receiver's own format). */
export function renderReceiverTemplate(template: ReceiverTemplate | undefined, alert: Alert, consoleUrl: string | undefined, escaping: { title: TemplateEscape; body: TemplateEscape }): { title?: string; body?: string } {
  if (!template) return {};
  const view = templateView(alert, consoleUrl);
  const title = renderTemplate(template.title, view, escaping.title);
  const body = renderTemplate(template.body, view, escaping.body);
  return { ...(title !== undefined ? { title } : {}), ...(body !== undefined ? { body } : {}) };
}

/**
 * A group message's own title and list line, when the receiver's template sets
 * them: `title` filled from the group, `item(alert)` from each listed alert,
 * each with its escape. Undefined parts keep the receiver's group format.
 */
export function renderGroupTemplate(
  template: ReceiverTemplate | undefined,
  group: AlertGroup,
  consoleLink: ((alertId: string) => string) | undefined,
  escaping: { title: TemplateEscape; item: TemplateEscape },
): { title?: string; item?: (alert: Alert) => string } {
  if (!template) return {};
  const top = group.alerts[0];
  const view = { count: String(group.alerts.length), severity: top ? severityLabel(top) : '', labels: groupLabelText(group), reminder: group.reminder ? 'reminder' : '' };
  const title = renderTemplate(template.group_title, view, escaping.title);
  const itemTemplate = template.group_item;
  return {
    ...(title !== undefined ? { title } : {}),
    ...(itemTemplate !== undefined ? { item: (alert: Alert) => renderTemplate(itemTemplate, templateView(alert, consoleLink?.(alert.id)), escaping.item) ?? '' } : {}),
  };
}

/** No markup at all (plain-text fields, JSON for programs, mail headers): values are only cleaned. */
export const PLAIN: TemplateEscape = { text: (v) => v };

/** The README's tables of template variables, generated from TEMPLATE_VARIABLES and GROUP_TITLE_VARIABLES (a test keeps them equal). */
export function templateVariableTable(): string {
  const table = (vars: Record<string, string>, heading: string) => [`| ${heading} | what it holds |`, '| --- | --- |', ...Object.entries(vars).map(([name, what]) => `| \`{{${name}}}\` | ${what} |`)].join('\n');
  return `${table(TEMPLATE_VARIABLES, 'variable (title, body, group_item)')}\n\n${table(GROUP_TITLE_VARIABLES, 'variable (group_title)')}`;
}
