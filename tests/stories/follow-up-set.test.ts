import { afterAll, describe, expect, it } from 'vitest';
import { readFollowUpSet, scoreFollowUps } from '../../src/eval/follow-ups.js';
import { testRedis } from '../helpers/redis.js';

const redis = testRedis();
afterAll(() => redis.disconnect());

describe('the labelled follow-up set (data/eval/followups.jsonl)', () => {
  const items = readFollowUpSet('data/eval/followups.jsonl');

  it('holds at least 20 follow-ups and near-miss separate incidents, each with a real source', () => {
    expect(items.filter((i) => i.role === 'follow-up').length).toBeGreaterThanOrEqual(20);
    expect(items.filter((i) => i.role === 'separate').length).toBeGreaterThanOrEqual(4);
    const firsts = new Set(items.filter((i) => i.role === 'first').map((i) => i.incident));
    for (const item of items.filter((i) => i.role === 'follow-up')) expect(firsts.has(item.incident), item.id).toBe(true);
  });

  it('joins at least 90% of follow-ups to their incident and merges no two incidents', async () => {
    const scores = await scoreFollowUps(redis, items);
    expect(scores.wrongMerges).toEqual([]);
    expect(scores.joinedShare).toBeGreaterThanOrEqual(0.9);
  });

  it('does as well on the held-out set (data/eval/followups-heldout.jsonl)', async () => {
    const scores = await scoreFollowUps(redis, readFollowUpSet('data/eval/followups-heldout.jsonl'));
    expect(scores.wrongMerges).toEqual([]);
    expect(scores.joinedShare).toBeGreaterThanOrEqual(0.85);
  });

  // The later sets, each written by another hand from stored pages the others do not use, each scored once when it came
  // and a development set since: the share reached, and the wrong merges it was scored with (none unless listed).
  const LATER_SETS: Array<{ file: string; floor: number; knownMerges?: string[] }> = [
    // Scored once at 6 / 40 before the rules it then taught; 32 / 40 after three sessions.
    { file: 'followups-2.jsonl', floor: 0.7 },
    // Scored once at 14 / 41 (13 / 41 before that session's first rules); 32 / 41 since. f3-013 (an IED near Ménaka) recalls the
    // Indelimane attack of the day before, and f3-016 (Indelimane) the IED: both tell both.
    { file: 'followups-3.jsonl', floor: 0.7, knownMerges: ['f3-013 f3-016'] },
    // Scored once at 24 / 41 (16 / 41 at that session's start, with the same two wrong merges); 30 / 41 since. f4-009 (a kidnapping
    // in Djibo) names Ouagadougou the day of the hotel attack there; f4-021 (Boko Haram retaking Bosso two nights on) took the
    // French revised toll of the first Bosso attack.
    { file: 'followups-4.jsonl', floor: 0.7, knownMerges: ['f4-006 f4-009', 'f4-021 f4-022'] },
    // Scored once at 20 / 40 (13 / 40 at that session's start); 30 / 40 after the next session's rules (days counted back, weeks,
    // the story that began first, schools and bases named with their place).
    { file: 'followups-5.jsonl', floor: 0.7 },
    // Scored once at 22 / 42 (19 / 42 at that session's start); 33 / 42 after the rules it taught, 36 / 42 after the next session's.
    { file: 'followups-6.jsonl', floor: 0.8 },
    // Scored once at 25 / 41 against 26 / 41 at that session's start; 32 / 41 after the rules it taught, 37 / 41 after the next session's.
    { file: 'followups-7.jsonl', floor: 0.85 },
    // Scored once at 28 / 39, the same as at that session's start; 31 / 39 after background tolls and tolls that differ a little,
    // 33 / 39 after the next session's.
    { file: 'followups-8.jsonl', floor: 0.8 },
    // Scored once at 21 / 39 with one wrong merge (21 / 39 with four at that session's start); 26 / 39 after the rules it taught.
    // f9-045 (the Timbuktu boat, told without a day) joins the Gao camp attack of the next morning, a French report that
    // recalls the boat.
    { file: 'followups-9.jsonl', floor: 0.65, knownMerges: ['f9-044 f9-045'] },
    // Scored once at 21 / 41 with 11 wrong pairs (the start: 21 / 41, 12). A same-day ambush at Hallalé joins the Arbinda raid
    // its reports name, and the Natiaboani mosque attack joins the Essakane church attack of the same morning, named in each
    // other's reports below the lead (reading only the lead's places split them but lost three Timbuktu boat follow-ups).
    {
      file: 'followups-10.jsonl',
      floor: 0.5,
      knownMerges: [
        'f10-001 f10-002', 'f10-002 f10-004', 'f10-002 f10-005',
        'f10-043 f10-047', 'f10-043 f10-048', 'f10-044 f10-047', 'f10-044 f10-048', 'f10-045 f10-047', 'f10-045 f10-048', 'f10-046 f10-047', 'f10-046 f10-048',
      ],
    },
    // Scored once, at the session's end, at 22 / 37 with 3 wrong pairs (the start: 19 / 37, 2): an attack on Dagné joins a
    // Banibangou report by that listed commune, and a Gningninrou attack joins a Kérou report by Banikoara, which a report of
    // the Kérou massacre dated "début mai" then follows.
    { file: 'followups-11.jsonl', floor: 0.55, knownMerges: ['f11-034 f11-036', 'f11-046 f11-047', 'f11-047 f11-050'] },
    // Mali and Niger. Scored once at 8 / 24 with 3 wrong pairs; 12 / 24 and none after the rules it taught (the Gao camp
    // attack of 8 September 2023 had joined the boat attack of the day before, whose first report dated nothing).
    { file: 'followups-12.jsonl', floor: 0.45 },
    // Burkina Faso, Benin, Togo and northern Nigeria. Scored once at 10 / 23 with none; 18 / 23 after the rules it taught.
    { file: 'followups-13.jsonl', floor: 0.75 },
    // Mali, Niger and Nigeria. Written last and scored once at the session's end: 16 / 23 with one wrong pair, the same as at
    // the session's start; the wrong pair (the Kati claim joining the Sévaré attack two days on) goes with the rule it taught.
    { file: 'followups-14.jsonl', floor: 0.65 },
    // Burkina Faso, Benin, Togo, Chad and Cameroon. Scored once at 7 / 24 with none, the same as at the session's start;
    // 9 / 24 after a "new attack" headline whose text points to the week of the incident, and "Bakaram" for Barkaram.
    { file: 'followups-15.jsonl', floor: 0.35 },
    // Mali and Burkina Faso. Scored once at 16 / 20 with none, at the session's start (ed18e5a); 18 / 20 after "AFP learned on
    // Sunday" was read as when it was learned, not when it happened.
    { file: 'followups-16.jsonl', floor: 0.85 },
    // Niger, Benin, Nigeria and Chad. Scored once at 9 / 21 with none, at the session's start; 12 / 21 after nights named by
    // their weekday ran into the next day and "Woro and Nuku, two communities" named two villages.
    { file: 'followups-17.jsonl', floor: 0.55 },
    // Mali, Burkina Faso and Niger. Written later and scored once after the session's first rules, beside the start: 14 / 20
    // for both, no wrong merge; 15 / 20 after what has lasted since a named incident (bodies found) dated the aftermath.
    { file: 'followups-18.jsonl', floor: 0.7 },
    // Nigeria, Benin, Togo, Chad and Cameroon. Scored once the same way: 14 / 21 for both, no wrong merge; 16 / 21 once the
    // towns of Chad and Cameroon were in the gazetteer.
    { file: 'followups-19.jsonl', floor: 0.7 },
  ];

  it.each(LATER_SETS)('keeps the share it reached on data/eval/$file, with no wrong merge beyond those it was scored with', async ({ file, floor, knownMerges = [] }) => {
    const scores = await scoreFollowUps(redis, readFollowUpSet(`data/eval/${file}`));
    for (const m of scores.wrongMerges) expect(knownMerges).toContain(`${m.a} ${m.b}`);
    expect(scores.joinedShare).toBeGreaterThanOrEqual(floor);
  });

  it('keeps every follow-up apart when the look-back is shorter than the gap (the floor can fail)', async () => {
    // With a look-back of an hour and a clustering window of an hour, only same-hour reports could join.
    const scores = await scoreFollowUps(redis, items, { follow_up_days: 1 / 24, dated_follow_up_days: 1 / 24, window_hours: 1 });
    expect(scores.joinedShare).toBeLessThan(0.5);
  });
});
