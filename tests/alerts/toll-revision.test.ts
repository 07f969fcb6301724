import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertChange } from '../../src/alerts/raise.js';
import { changeNote } from '../../src/delivery/format.js';
import { renderAlertEmail } from '../../src/delivery/notifiers/email/render.js';
import { webhookPayload } from '../../src/delivery/notifiers/webhook/index.js';
import { analyzeArticle } from '../../src/pipeline/analyze.js';
import type { StageContext } from '../../src/pipeline/context.js';
import { reportArticle } from '../helpers/report.js';
import { closeTestContext, testContext } from '../http/harness.js';

/**
 * Through the analyze stage on real Redis with the shipped park-belt
 * indicator: an ambush report, then, days later and inside the indicator's
 * 24 h cooldown of its last notification, a report that the death toll rose.
 * The later report joins the story and its revised toll is a new notified
 * alert version whose history and notification give both figures.
 */

const DAY = 86_400_000;
// A Tuesday, ten days back from a fixed point so the window does not move with the wall clock's weekday.
const TUESDAY = Date.UTC(2026, 10, 24, 6);

const AMBUSH = reportArticle(
  'Sahel Dispatch',
  'kompienbiga-ambush',
  'Soldiers killed in ambush near Kompienbiga in eastern Burkina Faso',
  'Suspected jihadists ambushed an army patrol near Kompienbiga in the Kompienga province of eastern Burkina Faso on Tuesday. At least 37 soldiers were killed, security sources said. Reinforcements were sent to the area.',
  TUESDAY + 0.2 * DAY,
);
// Another outlet the next day, in French: the story is confirmed by two independent sources, a notified version.
const AMBUSH_FR = reportArticle(
  'Le Sahélien',
  'kompienbiga-embuscade',
  'Burkina : 37 soldats tués dans une embuscade près de Kompienbiga',
  "Au moins 37 soldats ont été tués mardi dans une embuscade tendue par des jihadistes contre une patrouille près de Kompienbiga, dans la province de la Kompienga, selon des habitants.",
  TUESDAY + 1.5 * DAY,
  { language: 'fr' },
);
const TOLL = reportArticle(
  'West Africa Wire',
  'kompienbiga-toll',
  'Burkina: death toll from Kompienbiga ambush climbs to 54',
  "The death toll from Tuesday's ambush on an army patrol near Kompienbiga has risen to 54 after more bodies were found, residents said on Thursday. Jihadists attacked the patrol in Kompienga province.",
  // Within a day of the last notification: the indicator's 24 h cooldown would fold any other news in quietly.
  TUESDAY + 2.2 * DAY,
);
const UNCHANGED = reportArticle(
  'Burkina Actu',
  'kompienbiga-bilan',
  "Burkina : le bilan de l'embuscade de Kompienbiga confirmé à 54 morts",
  "Le bilan de l'embuscade de mardi dernier contre une patrouille près de Kompienbiga est passé à 54 soldats tués, selon des sources locales, alors que les opérations se poursuivent dans la province de la Kompienga.",
  TUESDAY + 5 * DAY,
  { language: 'fr' },
);

let ctx: StageContext;
beforeAll(() => {
  ctx = testContext('toll-revision');
});
afterAll(() => closeTestContext(ctx));

describe('a revised death toll', () => {
  it('joins the story and is a notified alert version, cooldown or not, with the old and new figures', async () => {
    const changes: AlertChange[] = [];
    for (const article of [AMBUSH, AMBUSH_FR, TOLL, UNCHANGED]) {
      const outcome = await analyzeArticle(ctx, article, ctx.log);
      changes.push(...outcome.changes.filter((c) => c.alert.indicatorId === 'w-arly-pendjari-attack'));
    }
    expect(new Set(changes.map((c) => c.alert.id)).size).toBe(1);
    expect(changes.map((c) => [c.reason, c.notify, c.alert.version])).toEqual([
      ['raised', true, 1],
      ['status', true, 2],
      ['toll', true, 3],
      // The same figure again is no news: folded in quietly.
      ['quiet-update', false, 3],
    ]);
    const revised = changes[2]?.alert;
    expect(revised?.history.at(-1)?.note).toBe('toll revised 37 → 54 killed (West Africa Wire)');
    expect(Math.max(...(revised?.casualties ?? []).filter((c) => c.kind === 'killed').map((c) => c.count))).toBe(54);
    expect(changeNote(revised!)).toContain('toll revised 37 → 54 killed');
    expect(renderAlertEmail(revised!, '[sw]').text).toContain('toll revised 37 → 54 killed');
    expect(revised?.story.sources[2]?.followUp).toContainEqual(expect.objectContaining({ kind: 'toll', toll: 54 }));
    // Programs see it too: the generic webhook lists each source's follow-up cues.
    const sources = webhookPayload(revised!, 'dk', new Date(0).toISOString()).data.story.sources;
    expect(sources[0]?.follow_up).toBeNull();
    expect(sources[2]?.follow_up).toContainEqual({ kind: 'toll', day: expect.any(String), toll: 54 });
  });
});
