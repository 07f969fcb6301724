import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesAlert } from '../../src/alerts/matcher.js';
import type { AlertChange } from '../../src/alerts/raise.js';
import { AlertStore } from '../../src/alerts/store.js';
import { ManualClock } from '../../src/core/clock.js';
import { analyzeArticle } from '../../src/pipeline/analyze.js';
import type { StageContext } from '../../src/pipeline/context.js';
import { StoryStore } from '../../src/stories/cluster.js';
import { arrive, indicator } from '../alerts/fixtures.js';
import { reportArticle } from '../helpers/report.js';
import { closeTestContext, testContext } from '../http/harness.js';

/**
 * Through the analyze stage on real Redis, with the shipped Kayes convoy
 * indicator: a story the group claims, then the army confirms, then the
 * government denies. Each change of where the story stands is a new alert
 * version that receivers hear about, inside the cooldown too.
 */

const HOUR = 3_600_000;
const T0 = Date.now() - 48 * HOUR;

// Written for this test. The paragraph all three outlets carry says nothing about who says it.
const BACKGROUND = [
  "Le convoi de camions-citernes venait du port de Dakar et roulait vers Bamako lorsqu'il a été attaqué près de Diboli, dans la région de Kayes, à une vingtaine de kilomètres de la frontière sénégalaise.",
  'Une quinzaine de véhicules ont été incendiés sur la route nationale.',
  "Le JNIM a décrété en septembre un blocus sur les importations de carburant dans l'ouest du Mali et a depuis multiplié les attaques contre les convois sur cet axe.",
].join('\n\n');

const report = (outlet: string, lead: string, hoursAfter: number) =>
  reportArticle(outlet, 'diboli-convoi', `${outlet} : un convoi de citernes incendié près de Diboli`, `${lead}\n\n${BACKGROUND}`, T0 + hoursAfter * HOUR, { language: 'fr' });

// Each outlet's own lead is long enough that sharing the background does not make it a reprint of another.
const CLAIM = report(
  'Sahel Info',
  "Le JNIM a revendiqué mardi soir, sur ses canaux de propagande, l'incendie d'un convoi de camions-citernes près de Diboli. Le message, accompagné de photos de véhicules en flammes, affirme que les combattants ont saisi des armes. Il n'était pas possible d'en vérifier l'authenticité dans l'immédiat.",
  0,
);
const ARMY = report(
  'Studio Kayes',
  "L'armée malienne a confirmé mercredi dans un communiqué l'attaque d'un convoi près de Diboli et la mort de deux chauffeurs. Le texte évoque une « riposte vigoureuse » des unités déployées dans le secteur et des opérations de ratissage. Aucun bilan des pertes matérielles n'a été donné.",
  3,
);
const DENIAL = report(
  'Bamako Matin',
  'Le gouvernement de transition a démenti jeudi tout bilan humain, assurant que les chauffeurs avaient pu fuir à temps. Dans une déclaration lue à la télévision nationale, le porte-parole a dénoncé une campagne de désinformation. Les transporteurs réclament depuis des semaines une escorte renforcée.',
  6,
);

let ctx: StageContext;
beforeAll(() => {
  ctx = testContext('story-status');
});
afterAll(() => closeTestContext(ctx));

describe('claim, confirmation, denial', () => {
  it('moves the story from claimed to confirmed to disputed, each a new notified version of its alert', async () => {
    const changes: AlertChange[] = [];
    for (const article of [CLAIM, ARMY, DENIAL]) {
      const outcome = await analyzeArticle(ctx, article, ctx.log);
      changes.push(...outcome.changes.filter((c) => c.alert.indicatorId === 'kayes-convoy-interdiction'));
    }
    expect(new Set(changes.map((c) => c.alert.story.id)).size).toBe(1);
    expect(changes.map((c) => [c.reason, c.notify, c.alert.version, c.alert.story.status])).toEqual([
      ['raised', true, 1, 'claimed'],
      ['status', true, 2, 'confirmed'],
      // A third independent source also reaches the indicator's escalation (critical at three sources).
      ['escalated', true, 3, 'disputed'],
    ]);
    expect(changes.map((c) => c.alert.severity)).toEqual(['high', 'high', 'critical']);
    const last = changes.at(-1)?.alert;
    expect(changes[1]?.alert.history.at(-1)?.note).toMatch(/^now confirmed: Studio Kayes reports an official statement: “L'armée malienne a confirmé/);
    expect(last?.history.at(-1)?.note).toContain('; now disputed: Bamako Matin reports a denial: “Le gouvernement de transition a démenti');
    expect(last?.story.sources.map((s) => [s.outlet, s.account?.kind])).toEqual([
      ['Sahel Info', 'claim'],
      ['Studio Kayes', 'official'],
      ['Bamako Matin', 'denial'],
    ]);
    expect(last?.story.sourcing).toBe('3 reports from 3 independent sources (Bamako Matin; Sahel Info; Studio Kayes)');
    // Routes and silences can pick by it: a disputed story ranks below every other status.
    expect(matchesAlert({ status_at_least: 'disputed' }, last as NonNullable<typeof last>)).toBe(true);
    expect(matchesAlert({ status_at_least: 'claimed' }, last as NonNullable<typeof last>)).toBe(false);
    expect(matchesAlert({ status_at_least: 'confirmed' }, changes[1]?.alert as NonNullable<typeof last>)).toBe(true);
  });

  it('holds an alert requiring status_at_least: confirmed until the army confirms', async () => {
    const prefix = `${ctx.prefix}-policy`;
    const stories = new StoryStore(ctx.redis, prefix, {}, ctx.clock);
    const clock = new ManualClock(T0 + 10 * HOUR);
    const raise = { store: new AlertStore(ctx.redis, prefix, { retention_days: 30 }, clock), redis: ctx.redis, prefix, clock };
    const confirmedOnly = indicator('confirmed-only', { status_at_least: 'confirmed', cooldown_hours: 0 });
    const steps: string[] = [];
    for (const article of [CLAIM, ARMY]) {
      const { story } = await stories.assign(article);
      const change = await arrive(raise, confirmedOnly, story, article);
      steps.push(`${story.status}:${change.reason}`);
    }
    expect(steps).toEqual(['claimed:below-threshold', 'confirmed:raised']);
  });

  it('confirms a story two independent sources report on their own, but not two that only relay the claim', async () => {
    const stories = new StoryStore(ctx.redis, `${ctx.prefix}-two`, {}, ctx.clock);
    const relay = report(
      'Radio Kayes',
      "Dans un message publié mercredi, le JNIM a revendiqué l'incendie d'un convoi près de Diboli et présenté l'opération comme une riposte au non-respect de son blocus. Le groupe met en garde les transporteurs qui continueraient à livrer du carburant vers la capitale malienne.",
      1,
    );
    const eyewitness = report(
      'Le Républicain',
      'Des habitants de Diboli ont raconté avoir vu les flammes depuis le village toute la nuit. Les pompiers de Kayes ne sont arrivés que le lendemain matin, faute de moyens. Plusieurs familles ont quitté leurs maisons proches de la route par crainte de nouvelles violences.',
      2,
    );
    expect((await stories.assign(CLAIM)).story.status).toBe('claimed');
    expect((await stories.assign(relay)).story.status).toBe('claimed');
    expect((await stories.assign(eyewitness)).story.status).toBe('reported');
    const second = report(
      'Maliweb',
      "Un chauffeur rescapé, joint par notre rédaction, décrit une embuscade tendue à la tombée de la nuit. Les hommes armés ont d'abord tiré sur la cabine du premier camion avant d'arroser les citernes d'essence. Il a ensuite marché jusqu'au village voisin pour donner l'alerte.",
      3,
    );
    expect((await stories.assign(second)).story.status).toBe('confirmed');
  });
});
