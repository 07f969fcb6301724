import { z } from 'zod';
import { type Evidence, FrameSchema, type Frame, PartySchema, type Party } from '../../../extraction/extraction.js';
import { type CompiledCondition, defineCondition, inScope, leafResult, pathString, qualifyId, type Reference, referencesIn } from '../condition.js';

const SIDES = new Set<string>(PartySchema.shape.side.options);
/** A side (state, militant, armed, civilian) or a named group's id (jnim, actor/iswap). */
const PartyList = z.array(z.string().min(1)).min(1);

const Options = z.strictObject({
  type: z.literal('frame'),
  /** Event types (attack, seizure, kidnapping, ...): the action reported. */
  action: z.array(z.string().min(1)).min(1),
  /** Equipment ids acted on (drone, starlink, fuel-tanker, truck, convoy): at least one. */
  object: z.array(z.string().min(1)).min(1).optional(),
  /** Who acted: at least one of these sides or groups. */
  agent: PartyList.optional(),
  /** Who must not have acted ("not militants capturing army kit"). */
  agent_not: PartyList.optional(),
  /** Whom goods or people were taken from. */
  source: PartyList.optional(),
  /** Whom they must not have been taken from ("not the militants' own convoy intercepted by the army"). */
  source_not: PartyList.optional(),
  /** Default: asserted only; denied, planned, hypothetical and historical events are not news. */
  modality: z.array(FrameSchema.shape.modality).min(1).default(['asserted']),
  /** Frames that do not count although the rest holds: "a killing, but not by the army". Each needs all it names. */
  except: z
    .array(
      z.strictObject({
        action: z.array(z.string().min(1)).min(1).optional(),
        agent: PartyList.optional(),
        source: PartyList.optional(),
      }),
    )
    .min(1)
    .optional(),
});
type Exception = NonNullable<z.infer<typeof Options>['except']>[number];

function isException(e: Exception, f: Frame): boolean {
  return (!e.action || e.action.includes(f.action)) && (!e.agent || partyMatches(e.agent, f.agent)) && (!e.source || partyMatches(e.source, f.source));
}

function partyMatches(wanted: readonly string[], party: Party | undefined): boolean {
  if (!party) return false;
  return wanted.some((w) => (SIDES.has(w) ? party.side === w : qualifyId('actor', w) === party.id));
}

// A frame is described once, however many sentence windows and indicators report it.
const descriptions = new WeakMap<Frame, string>();

function describe(f: Frame): string {
  let description = descriptions.get(f);
  if (description === undefined) {
    description = describeFrame(f);
    descriptions.set(f, description);
  }
  return description;
}

function describeFrame(f: Frame): string {
  const parts = [f.action];
  if (f.objects.length) parts.push(`of ${[...new Set(f.objects.map((o) => o.name))].join(', ')}`);
  if (f.agent) parts.push(`by ${f.agent.name} (${f.agent.side})`);
  if (f.source) parts.push(`from ${f.source.name} (${f.source.side}${f.source.inferred ? ', inferred' : ''})`);
  if (f.modality !== 'asserted') parts.push(`[${f.modality}]`);
  return parts.join(' ');
}

export default defineCondition({
  type: 'frame',
  description:
    'Extraction found an action (event type) with these objects, agent, source and modality in one sentence: "a seizure of drones from militants, not by them".',
  options: Options,
  references(options): Reference[] {
    const named = (path: (string | number)[], list: string[] | undefined) =>
      (list ?? []).flatMap((id, i) => (SIDES.has(id) ? [] : [{ kind: 'actor' as const, id, path: [...path, i] }]));
    return [
      ...referencesIn('event', options.action, 'action'),
      ...referencesIn('equipment', options.object, 'object'),
      ...named(['agent'], options.agent),
      ...named(['agent_not'], options.agent_not),
      ...named(['source'], options.source),
      ...named(['source_not'], options.source_not),
      ...(options.except ?? []).flatMap((e, i) => [
        ...referencesIn('event', e.action, 'except', i, 'action'),
        ...named(['except', i, 'agent'], e.agent),
        ...named(['except', i, 'source'], e.source),
      ]),
    ];
  },
  compile(options, ctx): CompiledCondition {
    const path = pathString(ctx.path);
    const actions = new Set(options.action);
    const objects = options.object && new Set(options.object.map((id) => qualifyId('equipment', id)));
    const modalities = new Set<string>(options.modality);
    const holds = (f: Frame): boolean =>
      actions.has(f.action) &&
      modalities.has(f.modality) &&
      (!objects || f.objects.some((o) => objects.has(o.id))) &&
      (!options.agent || partyMatches(options.agent, f.agent)) &&
      (!options.agent_not || !partyMatches(options.agent_not, f.agent)) &&
      (!options.source || partyMatches(options.source, f.source)) &&
      (!options.source_not || !partyMatches(options.source_not, f.source)) &&
      !(options.except ?? []).some((e) => isException(e, f));
    const holdingKey = {};
    const wanted = `${options.action.join('/')}${objects ? ` of ${[...objects].join('/')}` : ''}`;
    const whyNot = `no ${wanted} frame with the required agent, source and modality`;
    return {
      path,
      type: 'frame',
      // Equipment ids select better than event types, which most articles carry.
      anyOf: objects ? [...objects].map((id) => `equipment:${id}`) : options.action.map((a) => `event:${a}`),
      check(doc, scope) {
        const evidence: Evidence[] = [];
        const inside: Frame[] = [];
        // Which frames hold does not depend on the sentence window: computed once per document.
        const holding = doc.cached(holdingKey, () => doc.extraction.frames.filter(holds));
        for (const f of holding) {
          if (!inScope(f.trigger, scope)) continue;
          evidence.push(f.trigger, ...f.objects.filter((o) => !objects || objects.has(o.id)).map((o) => o.evidence));
          inside.push(f);
        }
        return leafResult(path, 'frame', evidence, () => `frame ${[...new Set(inside.map(describe))].join('; ')}`, () => whyNot);
      },
    };
  },
});
