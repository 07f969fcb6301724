import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CUE_FILES } from '../../src/cli/cue-files.js';
import { tokenize } from '../../src/extraction/text.js';
import { cueFileProblems } from '../../src/extraction/cue-words.js';
import { FRAME_CUES } from '../../src/extraction/frames.js';
import { findUnlistedPlaces, loadUnlistedCues, UNLISTED_CUES } from '../../src/extraction/unlisted.js';

/** A shipped cue file with `edit` applied to its text, written to a temporary file of the same name. */
function editedCopy(shipped: string, edit: (yaml: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cues-')), basename(shipped));
  writeFileSync(file, edit(readFileSync(shipped, 'utf8')));
  return file;
}
const editedCueFile = (edit: (yaml: string) => string) => editedCopy(UNLISTED_CUES.file, edit);

function placesIn(text: string, cues = loadUnlistedCues(), stopwords: ReadonlySet<string> = new Set()): string[] {
  const tt = tokenize(text);
  return findUnlistedPlaces(tt, new Uint8Array(tt.tokens.length), stopwords, cues).map((p) => p.name);
}

describe('the words that make an unknown name a locality live in data/gazetteer/unlisted.yaml', () => {
  it('the shipped lists are read with their accents folded, French and English alike', () => {
    expect(placesIn('Des hommes armés ont tué six civils près de Tondikiwindi.')).toEqual(['Tondikiwindi']);
    expect(placesIn('Gunmen attacked the market in Kodjoga at dawn.')).toEqual(['Kodjoga']);
    expect(placesIn('Le poste avancé de Kodjoga a été visé.')).toEqual(['Kodjoga']);
  });

  it('reads a place after a compass direction and a link, and a post named by its place and its force', () => {
    expect(placesIn("Un détachement a été visé au nord-ouest de Tabatol par une attaque complexe.")).toEqual(['Tabatol']);
    expect(placesIn('Troops pursued the attackers west of Tillia.')).toEqual(['Tillia']);
    // No link, no place: a nationality, a military sector.
    expect(placesIn('A South African contractor and the North-east Sector 1 commander were there.')).toEqual([]);
    expect(placesIn("L'assaut visait le détachement de gendarmerie d'Inata, dans le Soum.")).toEqual(['Inata']);
    expect(placesIn('Gunmen struck the Inata gendarmerie before dawn on Sunday.')).toEqual(['Inata']);
    expect(placesIn('The Mondoro base, near the border with Burkina Faso, was hit before.')).toEqual(['Mondoro']);
    expect(placesIn('Jihadists overran the Kodjoga garrison on Friday.')).toEqual(['Kodjoga']);
    // A school named with its place.
    expect(placesIn('Gunmen abducted pupils of Government Science College Kodjoga overnight.')).toEqual(['Kodjoga']);
    expect(placesIn('They stormed Government Girls Secondary School, Kodjoga, at dusk.')).toEqual(['Kodjoga']);
  });

  it('reads the place an incident noun locates a few words on ("le double attentat de ce vendredi matin à Kolofata")', () => {
    expect(placesIn("Le double attentat de ce vendredi matin à Kolofata a fait onze morts.")).toEqual(['Kolofata']);
    expect(placesIn('The raid by gunmen in Chilaria left nine dead.')).toEqual(['Chilaria']);
    // A Nigerian local government area is named by its place, not "Local".
    expect(placesIn('The attack happened in Abadam Local Government Area of Borno.')).toEqual(['Abadam']);
    // "Weré" folds to "were", but written with its accent it is no English stopword.
    expect(placesIn('Un convoi a été attaqué dimanche à Bouka Weré, au sud-est de Diabaly.', loadUnlistedCues(), new Set(['were']))).toEqual(['Bouka Weré']);
  });

  it('reads an island of the lake ("l\'île de X", "X Island"), a camp named by whom it shelters, and where people perished', () => {
    expect(placesIn("Les soldats devaient installer un poste sur l'île de Kodjoga, dans le Lac.")).toEqual(['Kodjoga']);
    expect(placesIn('The base sits on Kodjoga Island, close to the border.')).toEqual(['Kodjoga']);
    expect(placesIn('Long Island is far from here.')).toEqual([]);
    expect(placesIn('Depuis l\'assaut contre le camp de déplacés de Kodjoga, la peur règne.')).toEqual(['Kodjoga']);
    expect(placesIn('Au moins 21 civils ont péri lundi à Kodjoga, en pays dogon.')).toEqual(['Kodjoga']);
    // A sentence opening on a locative, a name and a comma; an attack "contre X"; a post with two adjectives.
    expect(placesIn('À Kodjoga, les rescapés racontent la nuit du massacre.')).toEqual(['Kodjoga']);
    expect(placesIn('In Kodjoga, survivors buried the dead.')).toEqual(['Kodjoga']);
    expect(placesIn('A Kodjoga, the officer said, was never a threat.')).toEqual([]);
    expect(placesIn("L'attaque menée dans la nuit par des jihadistes contre Kodjoga a fait 19 morts.")).toEqual(['Kodjoga']);
    expect(placesIn("L'assaut contre le poste militaire avancé de Kodjoga a duré trois heures.")).toEqual(['Kodjoga']);
    // Feasts and faiths are never places: "l'attaque de Noël", "the attack on Catholics".
    expect(placesIn("L'État islamique revendique l'attaque de Noël.")).toEqual([]);
    expect(placesIn('The attack on Catholics in Kodjoga left twelve dead.')).toEqual(['Kodjoga']);
    // A word in capitals after the same cue is a unit or a body, not a locality.
    expect(placesIn("L'attaque visait le détachement du GFSN et la brigade de Kodjoga.")).toEqual(['Kodjoga']);
  });

  it('reads where armed men burst in, and not the name of a village chief or a mayor set off by commas', () => {
    expect(placesIn('Des hommes armés ont fait irruption à Kodjoga au petit matin.')).toEqual(['Kodjoga']);
    expect(placesIn("D'après un élu, le chef du village, Amadou Belko, a été abattu.")).toEqual([]);
    expect(placesIn('Selon le maire de la commune, Mahati Konaté, quatre hommes armés ont surgi.')).toEqual([]);
    // A village named after its comma in an address still is one: "Felo village, Gubio District".
    expect(placesIn('ISWAP claimed the killing of 81 people in Felo village, Gubio District.')).toContain('Gubio District');
  });

  it('reads names in apposition before "two communities", "a farming community", and a French adjective before "de"', () => {
    expect(placesIn('Woro and Nuku, two communities in Kaiama Local Government Area, came under attack.')).toEqual(['Nuku', 'Woro']);
    expect(placesIn('Gunmen struck Tungan Kawo, a farming community in the north.')).toEqual(['Tungan Kawo']);
    expect(placesIn('Tchomo-Bangou, un village du département de Ouallam, a été attaqué.')).toEqual(['Tchomo-Bangou']);
    expect(placesIn('Les habitants des villages nigérians de Woro et Nuku sont sous le choc.')).toEqual(['Woro', 'Nuku']);
    // A name before a comma and a plural noun with no article is not in apposition ("Aristide Dagou, les communes de …" names the communes after).
    expect(placesIn('Selon le directeur, Aristide Dagou, les communes de Kandi et Malanville sont touchées.')).not.toContain('Aristide Dagou');
  });

  it('reads a post named by what it guards ("le poste de contrôle de X", "de sécurité de X") and a Koranic school by its place', () => {
    expect(placesIn('Les assaillants ont ouvert le feu sur le poste de contrôle de Mafeya.')).toEqual(['Mafeya']);
    expect(placesIn("Des hommes armés ont attaqué le poste de sécurité de Kpinkandi.")).toEqual(['Kpinkandi']);
    expect(placesIn('Les élèves avaient été enlevés dans une école islamique de Tigina.')).toEqual(['Tigina']);
  });

  it('a word added to a list is a cue at the next start, with no code change', () => {
    const text = 'Les assaillants ont frappé le secteur de Zorkana dans la nuit.';
    expect(placesIn(text)).toEqual([]);
    const file = editedCueFile((yaml) => yaml.replace('fr: [hameau, hameaux,', 'fr: [secteur, hameau, hameaux,'));
    expect(placesIn(text, loadUnlistedCues(file))).toEqual(['Zorkana']);
  });

  it('every bundled cue file that sahelwatch check reads is sound, and a misspelt key in one is named', () => {
    for (const cues of BUNDLED_CUE_FILES) expect(cueFileProblems(cues), cues.file).toEqual([]);
    const file = editedCopy(FRAME_CUES.file, (yaml) => yaml.replace(/^negation:/m, 'negations:'));
    expect(cueFileProblems({ ...FRAME_CUES, file })).toEqual([expect.stringMatching(new RegExp(`^${file}: .*negation`))]);
  });

  it('sahelwatch check reports the shipped file as sound and a broken one in one line', () => {
    expect(cueFileProblems(UNLISTED_CUES)).toEqual([]);
    const broken = editedCueFile((yaml) => yaml.replace(/^max_name_words: \d+$/m, 'max_name_words: many'));
    expect(cueFileProblems({ ...UNLISTED_CUES, file: broken })).toEqual([expect.stringMatching(new RegExp(`^${broken}: max_name_words: `))]);
  });

  it('a broken file is refused in one line naming the file and the key', () => {
    const twoWords = editedCueFile((yaml) => yaml.replace('fr: [hameau, hameaux,', 'fr: [chef lieu, hameau, hameaux,'));
    expect(() => loadUnlistedCues(twoWords)).toThrow(new RegExp(`^${twoWords}: cues_before\\.fr\\.0: one word per entry`));
    const misspelt = editedCueFile((yaml) => yaml.replace('\nlinks:', '\nlinkz:'));
    expect(() => loadUnlistedCues(misspelt)).toThrow(/unlisted\.yaml: Unrecognized key.*linkz/);
    const noWindow = editedCueFile((yaml) => yaml.replace(/^verb_locative_window: \d+$/m, ''));
    expect(() => loadUnlistedCues(noWindow)).toThrow(/unlisted\.yaml: verb_locative_window: /);
  });
});
