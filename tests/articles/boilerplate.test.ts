import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { withoutBoilerplate } from '../../src/articles/boilerplate.js';
import { extractArticle } from '../../src/articles/main-text.js';

/** Sentences written for these tests: article text and the furniture pages put inside it. */
const BODY = [
  'Des hommes armés ont incendié au moins quarante camions-citernes lundi sur la route entre Kayes et Diéma, dans l’ouest du Mali, selon des élus locaux.',
  'Le convoi, escorté par l’armée, transportait du carburant depuis le port de Dakar vers Bamako, et plusieurs chauffeurs sont portés disparus.',
  'Related efforts by the army to reopen the road have so far failed, according to transport unions in Kayes and in Bamako.',
  'Read more about the blockade in the report the union published on Tuesday, which lists every convoy attacked since September and the losses of each.',
];

describe('page furniture inside the article text', () => {
  it.each([
    ['Lire aussi : Au Mali, le blocus du carburant s’étend à la région de Kayes'],
    ['À lire aussi | Le JNIM revendique l’attaque de Diboli'],
    ['Related: JNIM fighters torch tankers near Kayes'],
    ['SIGN UP FOR OUR NEWSLETTER'],
    ['Powered by SomeWidget.com'],
    ['Gallery: Kayes convoy attack | 12 Photos'],
    ['JOHN DOE/AFP/Getty Images'],
    ['Photo : AFP'],
    ['Sahel Info (Bamako) First published September 15, 2025: 6:40 PM GMT'],
    ['This article originally appeared on Sahel Info.'],
    ['[Read: Why JNIM is pressing on the coastal states]'],
    ['Soldiers patrol a road near Kayes on Tuesday. (Reuters)'],
    ['A soldier stands guard in Diboli. (AP Photo/John Doe)'],
    ['John Doe in Bamako contributed to this report.'],
    ['(Reporting by John Doe in Bamako; Editing by Jane Roe)'],
    ['This version corrects the spelling of Diéma.'],
  ])('drops "%s"', (line) => {
    expect(withoutBoilerplate([BODY[0]!, line, BODY[1]!])).toEqual([BODY[0], BODY[1]]);
  });

  it('keeps article sentences that merely start with the same words, and long paragraphs whatever they open with', () => {
    expect(withoutBoilerplate(BODY)).toEqual(BODY);
  });

  it('drops an author bio only among the last two paragraphs', () => {
    const bio = 'Jane Roe is a reporter covering the Sahel. Follow her on Twitter @janeroe.';
    expect(withoutBoilerplate([...BODY, bio])).toEqual(BODY);
    expect(withoutBoilerplate([...BODY, bio, 'SIGN UP FOR OUR NEWSLETTER'])).toEqual(BODY);
    expect(withoutBoilerplate([bio, ...BODY])).toEqual([bio, ...BODY]);
  });

  it('keeps a sentence that cites reporting or ends with a bracket, when it is article text', () => {
    const cited = 'The toll rose to 54, according to reporting by local radio stations in Kayes and Nioro (ORTM).';
    const closing = 'The army said it had retaken the post (the second time this year), and that 12 attackers had been killed in the operation near Diboli.';
    expect(withoutBoilerplate([BODY[0]!, cited, closing])).toEqual([BODY[0], cited, closing]);
  });

  it('applies to what Readability keeps of a real page', () => {
    const html = `<!doctype html><html lang="fr"><head><title>Mali : attaque d’un convoi près de Kayes</title></head><body><article>
      <h1>Mali : attaque d’un convoi près de Kayes</h1>${BODY.slice(0, 2).map((s) => `<p>${s}</p>`).join('')}
      <p><a href="/a">Lire aussi : Au Mali, le blocus du carburant s’étend à la région de Kayes</a></p>
      <p>${BODY[2]}</p><p>${BODY[3]}</p><p>JOHN DOE/AFP/Getty Images</p></article></body></html>`;
    const { document } = parseHTML(html);
    const text = extractArticle(document, { depth: 10, elements: 20 }, () => {
      throw new Error('no fallback expected');
    }).text;
    expect(text.split('\n\n')).toEqual(BODY);
  });
});
