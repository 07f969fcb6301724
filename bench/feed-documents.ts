/**
 * Feed documents off the event loop (issue 19: no input holds the loop for
 * more than 200 ms). The largest feed documents within the bounds (5 MB,
 * 200,000 elements) are read twice in one run: on the main thread, as a poll
 * did before, and through the feed reader's worker thread, as a poll does now;
 * for each, the wall time and the event loop's longest delay and p99 while it
 * ran. Then the thread hop's cost on an ordinary feed (50 RSS items): wall
 * time of a read in process and through the thread, and how long the main
 * thread itself is busy per feed (posting the bytes, taking the items).
 *
 *   npx tsx bench/feed-documents.ts [--rounds 200]
 */
import { FeedReader } from '../src/feeds/feed-reader.js';
import { type FeedDocumentInput, readFeedDocument } from '../src/feeds/read-feed.js';
import { FeedConfigSchema } from '../src/feeds/sources/index.js';
import { eventLoopDelayDuring } from '../tests/helpers/liveness.js';

const args = process.argv.slice(2);
const ROUNDS = Number(args.includes('--rounds') ? args[args.indexOf('--rounds') + 1] : 200);
const NOW = Date.parse('2025-09-17T00:00:00Z');

const rss = (items: string) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Sahel Info</title><language>fr</language>${items}</channel></rss>`;
const item = (i: number, body = '') =>
  `<item><title>Attaque ${i} pr&#232;s de Kayes : le convoi incendi&#233;</title><link>https://e.example/a/${i}?utm_source=rss</link><guid>g${i}</guid><pubDate>Tue, 16 Sep 2025 09:30:00 WAT</pubDate><description>&lt;p&gt;Des hommes arm&#233;s ont incendi&#233; ${i} citernes sur la route de Di&#233;ma.&lt;/p&gt;</description>${body}</item>`;
const paragraph = (i: number) => `<p>Des hommes armés ont incendié ${i} citernes sur la route de Diéma, selon des sources locales ; l'armée n'a pas commenté.</p>`;

const rssInput = (id: string, xml: string): FeedDocumentInput => {
  const url = `https://e.example/${id}.xml`;
  return { bytes: Buffer.from(xml), contentType: 'application/rss+xml; charset=utf-8', url, feed: FeedConfigSchema.parse({ id, type: 'rss', url }), now: NOW };
};
const listingUrl = 'https://ministere.example/communiques';
const LARGEST: Array<[string, FeedDocumentInput]> = [
  ['RSS, one description of 190,000 flat elements', rssInput('flat', rss(`<item><title>Wide</title><link>https://e.example/wide</link><description><![CDATA[${'<div class="a b">x</div>'.repeat(190_000)}]]></description></item>`))],
  [
    'page-type listing of 60,000 items',
    {
      bytes: Buffer.from(`<html lang="fr"><body><ul>${Array.from({ length: 60_000 }, (_, i) => `<li class="c"><a href="/communique/${i}">Communiqué ${i}</a> <span>x</span></li>`).join('')}</ul></body></html>`),
      contentType: 'text/html; charset=utf-8',
      url: listingUrl,
      feed: FeedConfigSchema.parse({ id: 'listing', type: 'page', url: listingUrl, selectors: { item: 'li.c' } }),
      now: NOW,
    },
  ],
  ['RSS, 500 items with full text (content:encoded, 9 KB each)', rssInput('full-text', rss(Array.from({ length: 500 }, (_, i) => item(i, `<content:encoded><![CDATA[${Array.from({ length: 70 }, (_, p) => paragraph(p)).join('')}]]></content:encoded>`)).join('')))],
];
const ORDINARY = rssInput('ordinary', rss(Array.from({ length: 50 }, (_, i) => item(i)).join('')));

const reader = new FeedReader({ parse_budget_ms: 600_000 });
await reader.warm();
for (let i = 0; i < 5; i++) await Promise.all([readFeedDocument(ORDINARY), reader.read(ORDINARY)]);

const mb = (bytes: FeedDocumentInput['bytes']) => +(bytes.length / 1024 / 1024).toFixed(1);
const round = (ms: number) => Math.round(ms);
/** Wall time and the event loop's delays while `read` runs. */
async function watched(read: () => Promise<unknown>) {
  const { result: wallMs, maxMs, p99Ms } = await eventLoopDelayDuring(async () => {
    const started = performance.now();
    await read();
    return performance.now() - started;
  });
  return { wall_ms: round(wallMs), loop_max_ms: round(maxMs), loop_p99_ms: round(p99Ms) };
}

const largest = [];
for (const [what, input] of LARGEST) {
  const inLoop = await watched(() => readFeedDocument(input));
  const inThread = await watched(() => reader.read(input));
  largest.push({ what, mb: mb(input.bytes), main_thread: inLoop, thread: inThread });
}

/** One ordinary read each way, alternated: wall ms in process, wall ms through the thread, the main thread's busy ms meanwhile. */
const ordinary = { inLoop: [] as number[], thread: [] as number[], mainBusy: [] as number[] };
for (let i = 0; i < ROUNDS; i++) {
  let t = performance.now();
  await readFeedDocument(ORDINARY);
  ordinary.inLoop.push(performance.now() - t);
  const elu = performance.eventLoopUtilization();
  t = performance.now();
  await reader.read(ORDINARY);
  ordinary.thread.push(performance.now() - t);
  ordinary.mainBusy.push(performance.eventLoopUtilization(elu).active);
}
await reader.close();

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (x: number) => +x.toFixed(2);
const summary = {
  bench: 'feed-documents',
  largest,
  ordinary: {
    items: 50,
    kb: Math.round(ORDINARY.bytes.length / 1024),
    rounds: ROUNDS,
    main_thread_ms_median: ms(median(ordinary.inLoop)),
    thread_ms_median: ms(median(ordinary.thread)),
    overhead_ms_median: ms(median(ordinary.thread.map((t, i) => t - ordinary.inLoop[i]!))),
    overhead_ms_mean: ms((sum(ordinary.thread) - sum(ordinary.inLoop)) / ROUNDS),
    main_thread_busy_ms_median: ms(median(ordinary.mainBusy)),
  },
};
console.log(JSON.stringify(summary));
console.log('| feed document | MB | on the main thread: ms, loop max / p99 | in the thread: ms, loop max / p99 |');
for (const l of largest) {
  console.log(`| ${l.what} | ${l.mb} | ${l.main_thread.wall_ms} ms, ${l.main_thread.loop_max_ms} / ${l.main_thread.loop_p99_ms} ms | ${l.thread.wall_ms} ms, ${l.thread.loop_max_ms} / ${l.thread.loop_p99_ms} ms |`);
}
const o = summary.ordinary;
console.log(`| ordinary feed (50 items, ${o.kb} KB), median of ${ROUNDS} | | ${o.main_thread_ms_median} ms | ${o.thread_ms_median} ms (overhead median ${o.overhead_ms_median}, mean ${o.overhead_ms_mean}), main thread busy ${o.main_thread_busy_ms_median} ms |`);
