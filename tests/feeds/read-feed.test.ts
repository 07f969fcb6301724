import { describe, expect, it } from 'vitest';
import { readFeed } from '../../src/feeds/read-feed.js';

const URL = 'https://feeds.example.org/afrique/feed.xml';
const NOW = Date.parse('2025-09-16T12:00:00Z');
const read = (xml: string, contentType = 'application/xml; charset=utf-8') => readFeed(Buffer.from(xml, 'utf8'), { url: URL, contentType, now: NOW });

const XHTML = 'http://www.w3.org/1999/xhtml';
const ATOM = 'http://www.w3.org/2005/Atom';

describe('readFeed: languages', () => {
  it('gives Atom entries the xml:lang of their feed, and an entry or its content its own', async () => {
    const { items, feed } = await read(`<feed xmlns="${ATOM}" xml:lang="fr"><title>Sahel Info</title>
      <entry><id>a</id><link href="https://e.example/a"/><title>Attaque près de Diéma</title><summary>Texte</summary></entry>
      <entry xml:lang="en"><id>b</id><link href="https://e.example/b"/><title>Attack near Diema</title></entry>
      <entry><id>c</id><link href="https://e.example/c"/><title>x</title><summary xml:lang="en-GB">Convoy attacked</summary></entry>
    </feed>`);
    expect(feed.language).toBe('fr');
    expect(items.map((i) => i.language)).toEqual(['fr', 'en', 'en-GB']);
  });

  it('reads RDF channel dc:language for its items', async () => {
    const { items } = await read(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://e.example/"><title>T</title><link>https://e.example/</link><dc:language>fr</dc:language></channel>
      <item rdf:about="https://e.example/1"><title>Un</title><link>https://e.example/1</link></item></rdf:RDF>`);
    expect(items[0]?.language).toBe('fr');
  });
});

describe('readFeed: text constructs', () => {
  it('reads inline XHTML titles and content in document order', async () => {
    const { items } = await read(`<feed xmlns="${ATOM}"><title>T</title>
      <entry><id>x</id><link href="https://e.example/x"/>
        <title type="xhtml"><div xmlns="${XHTML}">Attaque <b>près</b> de <i>Kayes</i> : bilan</div></title>
        <content type="xhtml"><div xmlns="${XHTML}"><p>Des hommes armés <em>ont incendié</em> 40 citernes</p> sur la route de Diéma.</div></content>
      </entry></feed>`);
    expect(items[0]?.title).toBe('Attaque près de Kayes : bilan');
    expect(items[0]?.summary).toBe('Des hommes armés ont incendié 40 citernes sur la route de Diéma.');
  });

  it('keeps angle brackets of a text/plain title and strips markup from an HTML feed title', async () => {
    const { items, feed } = await read(`<feed xmlns="${ATOM}"><title type="html">&lt;b&gt;Sahel&lt;/b&gt; Wire &amp;amp; Co</title>
      <entry><id>x</id><link href="https://e.example/x"/><title type="text">History of the &lt;blink&gt; tag</title></entry></feed>`);
    expect(feed.title).toBe('Sahel Wire & Co');
    expect(items[0]?.outlet).toBe('Sahel Wire & Co');
    expect(items[0]?.title).toBe('History of the <blink> tag');
  });

  it('reads windows-1252 numeric references as the punctuation they stand for', async () => {
    const { items } = await read(`<rss version="2.0"><channel><title>T</title>
      <item><title>L&#146;arm&#233;e d&#233;ment &#147;toute attaque&#148; &#150; bilan</title><link>https://e.example/1</link></item></channel></rss>`);
    expect(items[0]?.title).toBe('L’armée dément “toute attaque” – bilan');
  });
});

describe('readFeed: documents rss-parser refused', () => {
  it('reads <rss> without version=', async () => {
    const { items, error } = await read('<rss><channel><title>T</title><item><title>Un</title><link>https://e.example/1</link></item></channel></rss>');
    expect(error).toBeUndefined();
    expect(items.map((i) => i.url)).toEqual(['https://e.example/1']);
  });

  it('reads RSS 1.0 written with an rss: prefix instead of a default namespace', async () => {
    const { items, error } = await read(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/">
      <rss:channel rdf:about="https://e.example/"><rss:title>Prefixed</rss:title><rss:link>https://e.example/</rss:link></rss:channel>
      <rss:item rdf:about="https://e.example/1"><rss:title>Un</rss:title><rss:link>https://e.example/1</rss:link></rss:item></rdf:RDF>`);
    expect(error).toBeUndefined();
    expect(items.map((i) => [i.outlet, i.title, i.url])).toEqual([['Prefixed', 'Un', 'https://e.example/1']]);
  });

  it('refuses an empty <rss version="2.0"> and a web page with one clear line, not a leaked TypeError', async () => {
    const empty = await read('<rss version="2.0"></rss>');
    expect(empty.error).toMatch(/^unreadable feed: <rss> document without <channel> or items/);
    const page = await read('<html><body><p>Hello</p></body></html>', 'text/html');
    expect(page.error).toMatch(/^unreadable feed: not a feed: the root element is <html>/);
    const nothing = await read('');
    expect(nothing.error).toMatch(/^unreadable feed: no XML element found/);
    for (const r of [empty, page, nothing]) expect(r.error).not.toMatch(/Cannot read|undefined|TypeError/);
  });

  it('keeps the items before and after one XML syntax error and names it', async () => {
    const { items, errors } = await read(`<rss version="2.0"><channel><title>T</title>
      <item><title>Avant</title><link>https://e.example/1</link></item>
      <item><title>Cassé</title><link>https://e.example/2</link><description>un <b>gras</description></item>
      <item><title>Après</title><link>https://e.example/3</link></item>
    </channel></rss`);
    expect(items.map((i) => i.title)).toEqual(['Avant', 'Cassé', 'Après']);
    expect(errors.join('\n')).toMatch(/XML syntax errors, read past: line \d+ column \d+/);
  });
});

describe('readFeed: links and dates', () => {
  it('takes an Atom <link> whose URL is its element text', async () => {
    const { items } = await read(`<feed xmlns="${ATOM}"><title>T</title><entry><id>urn:x</id><title>x</title><link>https://e.example/text-link</link></entry></feed>`);
    expect(items[0]?.url).toBe('https://e.example/text-link');
  });

  it('applies xml:base to entry links, nested bases resolving against each other', async () => {
    const { items } = await read(`<feed xmlns="${ATOM}" xml:base="https://cdn.example.net/fr/"><title>T</title>
      <entry xml:base="actu/"><id>1</id><title>x</title><link href="mali-123"/></entry>
      <entry><id>2</id><title>y</title><link href="/niger-456"/></entry></feed>`);
    expect(items.map((i) => i.url)).toEqual(['https://cdn.example.net/fr/actu/mali-123', 'https://cdn.example.net/niger-456']);
  });

  it('dates items by dcterms:issued or dcterms:modified, and by zone names such as WAT', async () => {
    const { items } = await read(`<rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/"><channel><title>T</title>
      <item><title>a</title><link>https://e.example/1</link><dcterms:issued>2025-09-15T10:00:00+01:00</dcterms:issued></item>
      <item><title>b</title><link>https://e.example/2</link><dcterms:modified>2025-09-14T08:00:00Z</dcterms:modified></item>
      <item><title>c</title><link>https://e.example/3</link><pubDate>Mon, 15 Sep 2025 18:00:00 WAT</pubDate></item>
    </channel></rss>`);
    expect(items.map((i) => [i.published, i.dateSource])).toEqual([
      ['2025-09-15T09:00:00.000Z', 'feed'],
      ['2025-09-14T08:00:00.000Z', 'feed'],
      ['2025-09-15T17:00:00.000Z', 'feed'],
    ]);
  });
});
