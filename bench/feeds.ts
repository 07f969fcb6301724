/**
 * Feed reading cost: readFeed (charset → XML reader → links → dates → plain text → Items) on a
 * generated 500-item RSS 2.0 feed with escaped HTML descriptions, and the XML reader alone next to
 * rss-parser 3.13 (the parser it replaced, kept as a dev dependency) on the same document.
 *
 *   npx tsx bench/feeds.ts
 */
import Parser from 'rss-parser';
import { readFeed } from '../src/feeds/read-feed.js';
import { readXmlFeed } from '../src/feeds/sources/rss/xml-feed.js';

const ITEMS = 500;
const ROUNDS = 20;
const items = Array.from(
  { length: ITEMS },
  (_, i) =>
    `<item><title>Attaque ${i} pr&#232;s de Kayes : le convoi incendi&#233;</title><link>https://e.example/a/${i}?utm_source=rss</link><guid>g${i}</guid><pubDate>Tue, 16 Sep 2025 09:30:00 WAT</pubDate><description>&lt;p&gt;Des hommes arm&#233;s ont incendi&#233; ${i} citernes sur la route de Di&#233;ma, selon des sources locales.&lt;/p&gt;&lt;p&gt;L'arm&#233;e n'a pas comment&#233;.&lt;/p&gt;</description></item>`,
).join('\n');
const xml = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Sahel Info</title><language>fr</language>${items}</channel></rss>`;
const bytes = Buffer.from(xml, 'utf8');
const url = 'https://e.example/feed.xml';

async function time(f: () => unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await f();
  const t = performance.now();
  for (let i = 0; i < ROUNDS; i++) await f();
  return (performance.now() - t) / ROUNDS;
}

const full = await time(() => readFeed(bytes, { url, now: Date.parse('2025-09-17T00:00:00Z') }));
const reader = await time(() => readXmlFeed(xml, url));
const rssParser = await time(() => new Parser().parseString(xml));
const summary = {
  bench: 'feeds',
  items: ITEMS,
  kb: Math.round(bytes.length / 1024),
  readFeed_ms: +full.toFixed(1),
  readFeed_us_per_item: +((full * 1000) / ITEMS).toFixed(0),
  xml_reader_ms: +reader.toFixed(1),
  rss_parser_ms: +rssParser.toFixed(1),
};
console.log(JSON.stringify(summary));
console.log('| what | ms per 500-item feed | µs per item |');
console.log(`| readFeed, whole path | ${summary.readFeed_ms} | ${summary.readFeed_us_per_item} |`);
console.log(`| XML reader alone (sax tree) | ${summary.xml_reader_ms} | ${((reader * 1000) / ITEMS).toFixed(0)} |`);
console.log(`| rss-parser 3.13 alone (replaced) | ${summary.rss_parser_ms} | ${((rssParser * 1000) / ITEMS).toFixed(0)} |`);
