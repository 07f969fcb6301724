import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Generated, realistic-length news for load and fault runs: a fixed share of
 * items report a convoy interdiction near Kayes (they match the shipped
 * indicator), the rest are ordinary Sahel news that match nothing. Every item
 * ends in its own paragraph of filler, so no two items are near duplicates and
 * each positive is its own story (one alert each).
 */
export interface GeneratedItem {
  guid: string;
  title: string;
  text: string;
  positive: boolean;
}

const TOWNS = ['Diboli', 'Kayes', 'Diéma', 'Nioro du Sahel', 'Sandaré'];
const FILLER = (
  'harvest rainfall market cattle school teachers budget clinic water pump millet sorghum river ferry bridge ' +
  'cooperative women farmers radio station football league exam results tailor bakery mango season cotton ' +
  'prices bus station mosque courtyard well drought irrigation festival music griot wedding council meeting ' +
  'road repair electricity tariff mobile network students library notebooks bicycle motorbike repair shop'
).split(' ');

/** A seeded PRNG (mulberry32): the same items for the same seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ba', 'ko', 'ma', 'di', 'sa', 'fu', 'ne', 'ti', 'lo', 'ga', 'ru', 'be', 'ya', 'wo', 'ze', 'pi'];

/** Everyday words plus made-up ones: a vocabulary as varied as real reporting, so texts share few word pairs. */
function word(random: () => number): string {
  if (random() < 0.4) return FILLER[Math.floor(random() * FILLER.length)] as string;
  const n = 2 + Math.floor(random() * 3);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return w;
}

function filler(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(word(random));
  return `Residents also spoke of ${out.join(' ')}.`;
}

export function generateItems(count: number, options: { matchShare?: number; seed?: number; fillerWords?: number } = {}): GeneratedItem[] {
  const random = rng(options.seed ?? 7);
  const every = Math.round(1 / (options.matchShare ?? 0.1));
  return Array.from({ length: count }, (_, i) => {
    const town = TOWNS[i % TOWNS.length] as string;
    const positive = i % every === 0;
    const title = positive ? `Fuel tankers torched near ${town} (report ${i})` : `Council meeting on school budget in Ségou (report ${i})`;
    const lead = positive
      ? `Gunmen set fire to ${3 + (i % 9)} fuel tankers near ${town} in Mali's Kayes region on the road from the Senegalese border, drivers said.`
      : 'The regional council in Ségou met to discuss the school budget and the repair of rural roads, officials said.';
    return { guid: `gen-${i}`, title, text: `${lead}\n\n${filler(random, options.fillerWords ?? 300)}`, positive };
  });
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rssOf(items: readonly GeneratedItem[], origin: string, published = new Date()): string {
  const entries = items.map(
    (item) =>
      `<item><title>${escapeXml(item.title)}</title><link>${origin}/a/${item.guid}</link><guid isPermaLink="false">${item.guid}</guid>` +
      `<pubDate>${published.toUTCString()}</pubDate><description>${escapeXml(item.text)}</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Generated Wire</title><link>${origin}/</link><description>generated</description>${entries.join('')}</channel></rss>`;
}

export interface NewsServer {
  origin: string;
  /** GET requests per path (a feed polled twice shows 2). */
  hits: Map<string, number>;
  /** Replaces what `/feed.rss` serves; pages of items published earlier stay up. */
  publish(items: readonly GeneratedItem[]): void;
  /** Takes these items' pages down (404), so a long run does not keep every page it ever served. */
  retire(items: readonly GeneratedItem[]): void;
  close(): Promise<void>;
}

/** Serves `/feed.rss` and one article page per item at `/a/<guid>`, on 127.0.0.1. */
export async function startNewsServer(initial: readonly GeneratedItem[] = []): Promise<NewsServer> {
  const byGuid = new Map<string, GeneratedItem>();
  let feed = '';
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/feed.rss') return res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed);
    const item = byGuid.get(path.replace(/^\/a\//, ''));
    if (!item) return res.writeHead(404).end();
    const body = item.text.split('\n\n').map((p) => `<p>${escapeXml(p)}</p>`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><head><title>${escapeXml(item.title)}</title></head><body><article><h1>${escapeXml(item.title)}</h1>${body}</article></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const news: NewsServer = {
    origin,
    hits,
    publish(items) {
      for (const item of items) byGuid.set(item.guid, item);
      feed = rssOf(items, origin);
    },
    retire(items) {
      for (const item of items) byGuid.delete(item.guid);
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  news.publish(initial);
  return news;
}
