import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Article } from '../articles/article.js';
import { contentId } from '../core/ids.js';
import { extract } from '../extraction/extract.js';
import { StoryStore, type StoryOptions } from '../stories/cluster.js';
import { incidentFacts } from '../stories/facts.js';
import { CorpusError } from './corpus.js';

/**
 * One report of a labelled follow-up set: which real incident it reports and
 * whether it is the first report, a later report referring back to it, or a
 * report of a separate incident (most in a town with an earlier one).
 */
export const FollowUpItemSchema = z.strictObject({
  id: z.string().min(1),
  /** The real-world incident; reports of one incident belong in one story. */
  incident: z.string().min(1),
  role: z.enum(['first', 'follow-up', 'separate']),
  lang: z.string(),
  published: z.string(),
  outlet: z.string(),
  title: z.string(),
  text: z.string(),
  provenance: z.string().url(),
  rationale: z.string(),
});
export type FollowUpItem = z.infer<typeof FollowUpItemSchema>;

export function readFollowUpSet(file: string): FollowUpItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      const parsed = FollowUpItemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new CorpusError(file, i + 1, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      return [parsed.data];
    });
}

export interface FollowUpScores {
  reports: number;
  followUps: number;
  /** Follow-ups filed in the story of their incident's first report. */
  joined: number;
  joinedShare: number;
  separate: number;
  /** Pairs of reports of different incidents filed in one story. */
  wrongMerges: Array<{ a: string; b: string; story: string }>;
  missed: Array<{ id: string; incident: string }>;
}

/**
 * Files every report, in order of publication, through the story store (real
 * Redis, a throw-away key prefix, extraction as the analyze stage runs it) and
 * compares the stories with the labels.
 */
export async function scoreFollowUps(redis: Redis, items: readonly FollowUpItem[], options: Partial<StoryOptions> = {}): Promise<FollowUpScores> {
  const prefix = `sw-eval-followups-${randomUUID()}`;
  // The clock is only the fallback for an unreadable date: every item has one.
  const store = new StoryStore(redis, prefix, options, { now: () => Date.now() });
  const storyOf = new Map<string, string>();
  try {
    const ordered = [...items].sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
    for (const item of ordered) {
      const article: Article = {
        id: contentId('ar', item.id),
        itemId: contentId('it', item.id),
        feedId: item.outlet,
        outlet: item.outlet,
        url: `https://eval.invalid/${encodeURIComponent(item.id)}`,
        title: item.title,
        text: item.text,
        published: new Date(item.published).toISOString(),
        language: item.lang,
        textSource: 'page',
      };
      const extraction = extract({ title: item.title, text: item.text, language: item.lang, published: article.published });
      const { story } = await store.assign(article, incidentFacts(extraction));
      storyOf.set(item.id, story.id);
    }
  } finally {
    await deleteKeys(redis, `${prefix}:*`);
  }
  const firstOf = new Map(items.filter((i) => i.role === 'first').map((i) => [i.incident, i.id]));
  const followUps = items.filter((i) => i.role === 'follow-up');
  const missed = followUps.filter((i) => storyOf.get(i.id) !== storyOf.get(firstOf.get(i.incident) ?? '')).map((i) => ({ id: i.id, incident: i.incident }));
  const wrongMerges: FollowUpScores['wrongMerges'] = [];
  for (const [k, a] of items.entries()) {
    for (const b of items.slice(k + 1)) {
      const story = storyOf.get(a.id);
      if (a.incident !== b.incident && story && story === storyOf.get(b.id)) wrongMerges.push({ a: a.id, b: b.id, story });
    }
  }
  const joined = followUps.length - missed.length;
  return {
    reports: items.length,
    followUps: followUps.length,
    joined,
    joinedShare: followUps.length === 0 ? 0 : joined / followUps.length,
    separate: items.filter((i) => i.role === 'separate').length,
    wrongMerges,
    missed,
  };
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export function formatFollowUpScores(s: FollowUpScores): string {
  const lines = [
    `${s.reports} reports: ${s.followUps} follow-ups, ${s.separate} reports of separate incidents`,
    `follow-ups joined to their incident's story: ${s.joined} / ${s.followUps} = ${s.joinedShare.toFixed(3)}`,
    `wrong merges (reports of different incidents in one story): ${s.wrongMerges.length}`,
    ...s.missed.map((m) => `  missed: ${m.id} (${m.incident})`),
    ...s.wrongMerges.map((w) => `  wrong merge: ${w.a} + ${w.b} in ${w.story}`),
  ];
  return lines.join('\n');
}
