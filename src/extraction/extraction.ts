import { z } from 'zod';

/** Where a finding stands in the original text (title + "\n\n" + body; see articleFullText). */
export const EvidenceSchema = z.object({
  /** Character span of the matched words in the original text. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The matched words as written. */
  quote: z.string(),
  /** The whole sentence containing them, as written. */
  sentence: z.string(),
  sentenceStart: z.number().int().nonnegative(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** An armed group, person, piece of equipment: a gazetteer entry found in the text. */
export const EntityMentionSchema = z.object({
  /** Gazetteer id, e.g. `actor/jnim`, `person/iyad-ag-ghali`, `equipment/drone`. */
  id: z.string(),
  /** Canonical name, e.g. `JNIM`, `Iyad Ag Ghali`. */
  name: z.string(),
  evidence: z.array(EvidenceSchema),
  /** Actors: the gazetteer role (jihadist, separatist, other-armed, state, allied). */
  role: z.string().optional(),
  /** Actors: true for non-state armed groups (what analysts list), false for state and allied forces. */
  nonState: z.boolean().optional(),
  /** Actors: the person whose group this is when the group itself is not named (Iyad Ag Ghali → JNIM). */
  inferredFrom: z.string().optional(),
});
export type EntityMention = z.infer<typeof EntityMentionSchema>;

export const PlaceKindSchema = z.enum([
  'country',
  'admin1',
  'admin2',
  'town',
  'protected-area',
  'corridor',
  'river',
  'region',
  'other',
]);

export const PlaceMentionSchema = EntityMentionSchema.extend({
  placeKind: PlaceKindSchema,
  /** ISO 3166-1 alpha-2. */
  country: z.string().optional(),
  admin1: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  /** How the name was resolved, e.g. `curated`, `geonames`, `context:country=ML`, `context:river`. */
  resolvedBy: z.string(),
  /**
   * Starts of the evidence spans where the place is named only as an origin, a
   * destination or far away ("heading for Kayes", "loin de Kayes"), not as where
   * something happened.
   */
  elsewhere: z.array(z.number().int().nonnegative()).optional(),
});
export type PlaceMention = z.infer<typeof PlaceMentionSchema>;

/**
 * A place as alerts and events keep it: who it is and where, without the evidence.
 * `placeKind` tells the exports a region-level reference from a located place;
 * optional because records stored before it was kept lack it.
 */
export const PlaceRefSchema = PlaceMentionSchema.pick({ id: true, name: true, country: true, admin1: true, lat: true, lon: true }).extend({
  placeKind: PlaceKindSchema.optional(),
});
export type PlaceRef = z.infer<typeof PlaceRefSchema>;

/** The place without its evidence and resolution details (zod drops the other keys). */
export function placeRef(place: PlaceMention): PlaceRef {
  return PlaceRefSchema.parse(place);
}

/** Event types found (attack, ambush, ied, raid, kidnapping, arson, blockade, seizure, claim, statement, killing, ...). */
export const EventMentionSchema = z.object({
  type: z.string(),
  evidence: z.array(EvidenceSchema),
});
export type EventMention = z.infer<typeof EventMentionSchema>;

export const CasualtySchema = z.object({
  kind: z.enum(['killed', 'wounded', 'kidnapped', 'missing']),
  count: z.number().int().nonnegative(),
  evidence: EvidenceSchema,
});
export type Casualty = z.infer<typeof CasualtySchema>;

/** A statement, communiqué, audio or video attributed to a named person, and what it mentions. */
export const StatementSchema = z.object({
  speakerId: z.string(),
  speaker: z.string(),
  medium: z.enum(['statement', 'communique', 'audio', 'video', 'interview', 'message', 'sermon']),
  /** Gazetteer ids (places, countries, actors) named within the statement's reported content. */
  mentions: z.array(z.string()),
  /** ISO2 of the countries the content names, directly or through a place in them ("Lagos" → NG). */
  countries: z.array(z.string()).optional(),
  evidence: z.array(EvidenceSchema),
});
export type Statement = z.infer<typeof StatementSchema>;

/** Who stands behind an action or a loss: a named group or a generic word ("troops", "jihadists"). */
export const PartySchema = z.object({
  side: z.enum(['state', 'militant', 'armed', 'civilian']),
  /** Gazetteer id: `actor/jnim`, or a generic `party/troops`. */
  id: z.string(),
  name: z.string(),
  /** True when the text does not say it outright (a seizure by troops in a sentence naming ISWAP is from ISWAP). */
  inferred: z.boolean().optional(),
  evidence: EvidenceSchema,
});
export type Party = z.infer<typeof PartySchema>;

/**
 * One reported action: who did what to what, where, from whom, and whether it
 * is asserted as a new event. Built per event term, read within its sentence.
 */
export const FrameSchema = z.object({
  /** The event type (attack, seizure, kidnapping, ...). */
  action: z.string(),
  trigger: EvidenceSchema,
  agent: PartySchema.optional(),
  /** Whom goods or people were taken from (seizures, hijackings, kidnappings). */
  source: PartySchema.optional(),
  /** Equipment and targets acted on: drone, starlink, fuel-tanker, truck, convoy ... */
  objects: z.array(z.object({ id: z.string(), name: z.string(), evidence: EvidenceSchema })),
  /** Place ids named in the same sentence. */
  places: z.array(z.string()),
  /** asserted: reported as having happened; the rest are not new events. */
  modality: z.enum(['asserted', 'negated', 'planned', 'hypothetical', 'historical']),
});
export type Frame = z.infer<typeof FrameSchema>;

/**
 * Which JNIM component a report is about. Named outright ("Katiba Macina"),
 * it is that component; when the report says only "JNIM" or a generic word
 * ("jihadists", "terroristes", "unidentified gunmen"), the component whose
 * area of influence holds the place of the incident is the likely one
 * (src/extraction/attribution.ts).
 */
export const AttributionSchema = z.object({
  /** Gazetteer id of the component, e.g. `actor/ansarul-islam`. */
  actorId: z.string(),
  /** How people know it: "Ansarul Islam", "Katiba Macina". */
  name: z.string(),
  /** True when read from the place, not named in the text: shown as "likely …". */
  likely: z.boolean(),
  basis: z.enum(['named', 'place']),
  /** Who the text says acted, as written ("JNIM", "jihadistes"); for `place`. */
  said: z.string().optional(),
  /** The place that put it in the component's area; for `place`. */
  place: z.object({ id: z.string(), name: z.string() }).optional(),
  /** The area of influence (its description) and its data file's name; for `place`. */
  area: z.string().optional(),
  areaFile: z.string().optional(),
  /** One line for people: why this component. */
  reason: z.string(),
  /** Where the text names the group or the generic word, and the place. */
  evidence: z.array(EvidenceSchema),
});
export type Attribution = z.infer<typeof AttributionSchema>;

export const ExtractionSchema = z.object({
  language: z.string(),
  actors: z.array(EntityMentionSchema),
  people: z.array(EntityMentionSchema),
  places: z.array(PlaceMentionSchema),
  /** ISO alpha-2 codes of countries the text concerns (named, or via resolved places). */
  countries: z.array(z.string()),
  /**
   * ISO alpha-2 codes of countries outside the watched region that the text names, or
   * whose people or army it names ("Algerian troops", "l'Armée nationale populaire"):
   * never where a report is placed, but a `country` condition may list them as a theatre.
   */
  countriesOutside: z.array(z.string()).optional(),
  events: z.array(EventMentionSchema),
  equipment: z.array(EntityMentionSchema),
  casualties: z.array(CasualtySchema),
  statements: z.array(StatementSchema),
  frames: z.array(FrameSchema).default([]),
  /** The JNIM component, named or likely from the place (absent: none, or extracted before attribution). */
  attribution: AttributionSchema.optional(),
});
export type Extraction = z.infer<typeof ExtractionSchema>;
