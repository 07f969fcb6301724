import { z } from 'zod';
import type { Evidence, Extraction } from '../extraction/extraction.js';
import { foldPhrase } from '../extraction/text.js';
import { loadYamlFile } from '../core/validate.js';
import { packagePath } from '../core/paths.js';

const RULES_FILE = packagePath('data', 'events', 'accidental-fire.yaml');

const PhrasesSchema = z.record(z.string(), z.array(z.string().min(1)));
const RulesFileSchema = z.strictObject({ accidental: PhrasesSchema, attackers: PhrasesSchema, deliberate: PhrasesSchema });

/** Folded phrases, each padded with spaces so a lookup matches whole words only. */
export interface FireRules {
  accidental: readonly string[];
  attackers: readonly string[];
  deliberate: readonly string[];
}

function compile(lists: Record<string, string[]>): string[] {
  return [...new Set(Object.values(lists).flatMap((phrases) => phrases.map((p) => ` ${foldPhrase(p)} `)))];
}

/** Reads and compiles a rules file (data/events/accidental-fire.yaml by default). */
export function loadFireRules(file = RULES_FILE): FireRules {
  const parsed = loadYamlFile(RulesFileSchema, file);
  return { accidental: compile(parsed.accidental), attackers: compile(parsed.attackers), deliberate: compile(parsed.deliberate) };
}

let defaultRules: FireRules | undefined;
function rules(): FireRules {
  defaultRules ??= loadFireRules();
  return defaultRules;
}

type SentenceReading = 'accidental' | 'deliberate' | 'neutral';

function says(folded: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => folded.includes(p));
}

/**
 * What one sentence with arson evidence says about its fire. An attacker (a
 * word for one, or a named non-state armed group) makes it deliberate whatever
 * else the sentence says; otherwise an accidental cause makes it accidental,
 * even with a verb such as "set fire to"; a deliberate verb alone makes it deliberate.
 */
function readSentence(sentence: string, groupNamed: boolean, r: FireRules): SentenceReading {
  const folded = ` ${foldPhrase(sentence)} `;
  if (groupNamed || says(folded, r.attackers)) return 'deliberate';
  if (says(folded, r.accidental)) return 'accidental';
  return says(folded, r.deliberate) ? 'deliberate' : 'neutral';
}

/**
 * True when the article's arson evidence describes an accidental fire: at least
 * one of its sentences says so (a short circuit, a bushfire, a market fire of
 * unknown origin) and none names an attacker or a deliberate act.
 */
export function isAccidentalFire(extraction: Pick<Extraction, 'events' | 'actors'>, r: FireRules = rules()): boolean {
  const arson = extraction.events.find((e) => e.type === 'arson');
  if (!arson) return false;
  const groupSentences = new Set(extraction.actors.filter((a) => a.nonState).flatMap((a) => a.evidence.map((e) => e.sentenceStart)));
  const sentences = new Map<number, Evidence>();
  for (const e of arson.evidence) sentences.set(e.sentenceStart, e);
  const readings = [...sentences.values()].map((e) => readSentence(e.sentence, groupSentences.has(e.sentenceStart), r));
  return readings.includes('accidental') && !readings.includes('deliberate');
}

/** The event types an article reports, without `arson` when its fire was accidental. */
export function incidentEventTypes(extraction: Pick<Extraction, 'events' | 'actors'>, r: FireRules = rules()): string[] {
  const types = [...new Set(extraction.events.map((e) => e.type))];
  return isAccidentalFire(extraction, r) ? types.filter((t) => t !== 'arson') : types;
}
