import { z } from 'zod';
import { packagePath } from '../core/paths.js';
import { loadYamlFile } from '../core/validate.js';
import { getEntry, resolveName } from '../extraction/lookup.js';
import { foldPhrase } from '../extraction/text.js';

const VOCABULARY_FILE = packagePath('data', 'events', 'acled.yaml');

const TypesSchema = z.record(z.string(), z.array(z.string().min(1)));
const VocabularySchema = z.strictObject({
  actors: z.record(z.string().regex(/^actor\//), z.string().min(1)),
  sub_event_types: TypesSchema,
  event_types: TypesSchema,
});

interface Vocabulary {
  actorNames: ReadonlyMap<string, string>;
  /** Folded ACLED actor name → gazetteer id (the first id naming it). */
  actorIds: ReadonlyMap<string, string>;
  subEventTypes: ReadonlyMap<string, readonly string[]>;
  eventTypes: ReadonlyMap<string, readonly string[]>;
}

const folded = (types: Record<string, string[]>) => new Map(Object.entries(types).map(([k, v]) => [foldPhrase(k), v]));

let vocabulary: Vocabulary | undefined;
function vocab(): Vocabulary {
  if (vocabulary) return vocabulary;
  const file = loadYamlFile(VocabularySchema, VOCABULARY_FILE);
  const actorIds = new Map<string, string>();
  for (const [id, name] of Object.entries(file.actors)) if (!actorIds.has(foldPhrase(name))) actorIds.set(foldPhrase(name), id);
  vocabulary = { actorNames: new Map(Object.entries(file.actors)), actorIds, subEventTypes: folded(file.sub_event_types), eventTypes: folded(file.event_types) };
  return vocabulary;
}

/** ACLED's spelling of a gazetteer actor, when it has its own. */
export function acledActorName(id: string): string | undefined {
  return vocab().actorNames.get(id);
}

/**
 * The gazetteer actor an ACLED actor name stands for: ACLED's own spelling,
 * then the name through the gazetteer, then its part before ":" ("JNIM: …").
 * Undefined for a name the gazetteer does not know (a militia, a state force).
 */
export function actorFromAcled(name: string): { id: string; name: string } | undefined {
  const known = vocab().actorIds.get(foldPhrase(name));
  if (known) return { id: known, name: getEntry(known)?.name ?? name };
  for (const candidate of [name, name.split(':')[0] ?? '', name.replace(/\s*\(.*\)\s*$/, '')]) {
    const entry = candidate.trim() ? resolveName(candidate.trim(), 'actor') : undefined;
    if (entry) return { id: entry.id, name: entry.name };
  }
  return undefined;
}

/** sahelwatch event types for an ACLED row: by sub-event type, else by event type; undefined when neither is known. */
export function eventTypesFromAcled(eventType: string, subEventType: string | undefined): readonly string[] | undefined {
  const { subEventTypes, eventTypes } = vocab();
  return (subEventType ? subEventTypes.get(foldPhrase(subEventType)) : undefined) ?? eventTypes.get(foldPhrase(eventType));
}
