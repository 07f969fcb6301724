import type { Alert } from '../alerts/alert.js';
import { acledActorName } from '../events/acled.js';
import type { StoryEvent } from '../events/story-event.js';
import { attributionLine } from '../extraction/attribution.js';
import type { Attribution } from '../extraction/extraction.js';
import { sourceScaleLabel } from '../stories/grades.js';
import { fatalities, type Located, outletNames, roundCoord, rowPlace } from './alert-facts.js';
import { countryInfo } from './countries.js';

/** ACLED's export header, in ACLED's order, so rows append to an ACLED extract. */
export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;
type AcledColumn = (typeof ACLED_COLUMNS)[number];
type Cell = string | number | undefined;

/** ACLED's six event types, guessed from the words that matched (first hit wins); empty when unsure. */
const EVENT_TYPE_HINTS: readonly [RegExp, string][] = [
  [/\b(ied|explosi|bomb|mine|drone|mortar|shell|airstrike|air strike|rocket)/i, 'Explosions/Remote violence'],
  [/\b(kidnap|abduct|massacre|execut|civilian|hostage|enlev)/i, 'Violence against civilians'],
  [/\b(attack|ambush|clash|battle|raid|assault|fight|embuscade|attaque|combat)/i, 'Battles'],
  // ACLED files property destruction, and looting, under strategic developments.
  [/\b(blockade|blocus|seiz|siege|statement|claim|communiqu|arson|loot|destruct|checkpoint)/i, 'Strategic developments'],
];

const POLITICAL_VIOLENCE = new Set(['Battles', 'Violence against civilians', 'Explosions/Remote violence']);

function guessEventType(words: string): string {
  return EVENT_TYPE_HINTS.find(([pattern]) => pattern.test(words))?.[1] ?? '';
}

/** One ACLED row's worth of facts, from an alert or an event. */
interface RowInput extends Located {
  id: string;
  story: Located['story'] & { firstReport: string };
  countries: readonly string[];
  actors: readonly { id: string; name: string }[];
  /** The JNIM component (named, or likely from the place): an associated actor of actor1. */
  attribution?: Pick<Attribution, 'actorId' | 'name' | 'likely' | 'reason'>;
  /** Words the ACLED event type is guessed from. */
  eventWords: string;
  tags: readonly string[];
  notes: string;
  updatedAt: string;
}

/** "; component: likely Ansarul Islam (…)": a likely attribution is said to be one in the notes, where ACLED states its doubts. */
const componentNote = (input: Pick<RowInput, 'attribution'>) => (input.attribution ? `; component: ${attributionLine(input.attribution)}` : '');

function alertInput(alert: Alert): RowInput {
  const standing = [alert.story.status, alert.story.bestGrade ? `best grade ${alert.story.bestGrade}` : undefined].filter(Boolean).map((s) => `, ${s}`).join('');
  return {
    ...alert,
    eventWords: [...alert.tags, ...alert.evidence.map((e) => `${e.condition} ${e.detail}`)].join(' '),
    notes: `${alert.story.title} [sahelwatch: ${alert.indicatorTitle}, ${alert.severity}${standing}${alert.story.sourcing ? `; ${alert.story.sourcing}` : ''}${componentNote(alert)}]`,
  };
}

function eventInput(event: StoryEvent): RowInput {
  return { ...event, eventWords: event.eventTypes.join(' '), tags: event.eventTypes, notes: `${event.story.title} [sahelwatch event: ${event.eventTypes.join(', ')}${componentNote(event)}]` };
}

/** actor1's associates: the other groups named, then the JNIM component when no group already stands for it. */
function associates(input: RowInput): string {
  const [, ...others] = input.actors;
  const component = input.attribution;
  const ids = new Set(input.actors.map((a) => a.id));
  const withComponent = component && !ids.has(component.actorId) ? [...others, { id: component.actorId, name: component.name }] : others;
  return withComponent.map((a) => acledActorName(a.id) ?? a.name).join('; ');
}

/** Spreadsheet formula injection: a text cell starting with = + - @ tab or CR is prefixed with '. */
export function neutraliseCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; numbers stay numbers. */
function csvField(value: Cell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function acledRow(input: RowInput): Record<AcledColumn, Cell> {
  const where = rowPlace(input);
  const place = where?.place;
  const iso2 = where?.country ?? input.countries[0];
  const country = iso2 ? countryInfo(iso2) : undefined;
  const eventType = guessEventType(input.eventWords);
  const [actor1] = input.actors;
  const date = input.story.firstReport.slice(0, 10);
  return {
    event_id_cnty: `SW-${input.id}`,
    event_date: date,
    year: Number(date.slice(0, 4)) || undefined,
    // The date is the first report's; the event may be a day or two earlier.
    time_precision: 2,
    disorder_type: POLITICAL_VIOLENCE.has(eventType) ? 'Political violence' : eventType ? 'Strategic developments' : '',
    event_type: eventType,
    sub_event_type: '',
    actor1: actor1 ? (acledActorName(actor1.id) ?? actor1.name) : '',
    assoc_actor_1: associates(input),
    inter1: '',
    actor2: '',
    assoc_actor_2: '',
    inter2: '',
    interaction: '',
    civilian_targeting: eventType === 'Violence against civilians' ? 'Civilian targeting' : '',
    iso: country?.isoNumeric,
    region: country?.region ?? '',
    country: country?.name ?? iso2 ?? '',
    admin1: place?.admin1 ?? '',
    admin2: '',
    admin3: '',
    location: place?.name ?? '',
    latitude: where?.point ? roundCoord(where.point.lat) : undefined,
    longitude: where?.point ? roundCoord(where.point.lon) : undefined,
    geo_precision: where?.precision,
    source: outletNames(input).join('; '),
    source_scale: sourceScaleLabel(input.story.sources),
    notes: input.notes,
    fatalities: fatalities(input),
    tags: input.tags.join('; '),
    timestamp: Math.floor(Date.parse(input.updatedAt) / 1000) || undefined,
  };
}

/** The header line, with a UTF-8 BOM first when asked (it helps Excel detect UTF-8). */
export function acledCsvHeader(bom: boolean): string {
  return `${bom ? '\uFEFF' : ''}${ACLED_COLUMNS.join(',')}\r\n`;
}

function csvLines(rows: readonly RowInput[]): string {
  let out = '';
  for (const input of rows) {
    const row = acledRow(input);
    out += `${ACLED_COLUMNS.map((column) => csvField(row[column])).join(',')}\r\n`;
  }
  return out;
}

function toCsv(rows: readonly RowInput[], bom: boolean): string {
  return acledCsvHeader(bom) + csvLines(rows);
}

/** The rows of alerts (each ending CRLF) without the header: a streamed export writes them a batch at a time. */
export function alertsAcledCsvRows(alerts: readonly Alert[]): string {
  return csvLines(alerts.map(alertInput));
}

/** The rows of events (each ending CRLF) without the header: a streamed export writes them a batch at a time. */
export function eventsAcledCsvRows(events: readonly StoryEvent[]): string {
  return csvLines(events.map(eventInput));
}

/** ACLED-layout CSV (RFC 4180, CRLF, UTF-8) of alerts; `bom` helps Excel detect UTF-8. */
export function alertsToAcledCsv(alerts: readonly Alert[], options: { bom?: boolean } = {}): string {
  return toCsv(alerts.map(alertInput), options.bom ?? false);
}

/** The same layout for events: every story that reports an incident, alerted or not. */
export function eventsToAcledCsv(events: readonly StoryEvent[], options: { bom?: boolean } = {}): string {
  return toCsv(events.map(eventInput), options.bom ?? false);
}
