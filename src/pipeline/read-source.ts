import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import { contentId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import type { FeedReader } from '../feeds/feed-reader.js';
import type { FeedStatusStore } from '../feeds/feed-status.js';
import type { Item } from '../feeds/item.js';
import { pollFeed } from '../feeds/poll-feed.js';
import type { FetchPolicy } from '../net/safe-fetch.js';

export interface ReadSourceContext {
  policy: FetchPolicy;
  status: FeedStatusStore;
  clock: Clock;
  log: Logger;
  feedDocuments?: FeedReader;
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** The feed id a replay source gets: stable, so replaying it again finds its items already seen. */
export function replayFeedId(source: string): string {
  return contentId('replay', isUrl(source) ? source : resolve(source));
}

/**
 * A feed file is served once on 127.0.0.1 and polled like any feed URL, so a
 * replayed file goes through exactly the code a live feed does (charset,
 * parsing, per-item validation, date fallbacks) with no second parser path.
 */
async function withFileServed<T>(file: string, run: (url: string, origin: string) => Promise<T>): Promise<T> {
  const body = await readFile(file);
  const type = /\.json$/i.test(file) ? 'application/feed+json' : 'application/xml';
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': type }).end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    return await run(`${origin}/feed`, origin);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Reads the items of one feed, given as a file path or an http(s) URL. Throws with the reason if it cannot. */
export async function readFeedSource(source: string, ctx: ReadSourceContext): Promise<Item[]> {
  const id = replayFeedId(source);
  const poll = async (url: string, policy: FetchPolicy) => {
    const result = await pollFeed({ id, type: 'rss', url, interval_secs: 900, tags: [] }, { ...ctx, policy });
    if (result.items.length === 0 && result.errors.length > 0) throw new Error(result.errors.join('; '));
    for (const error of result.errors) ctx.log.warn(error);
    return result.items;
  };
  if (isUrl(source)) return poll(source, ctx.policy);
  return withFileServed(source, (url, origin) =>
    poll(url, { ...ctx.policy, allow_private: [...ctx.policy.allow_private, origin] }),
  );
}
