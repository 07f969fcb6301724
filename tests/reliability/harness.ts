import type { IncomingHttpHeaders } from 'node:http';
import { type Config, ConfigSchema } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/log.js';
import { type LocalServer, startWebhookSink } from '../../src/service/demo-servers.js';
import { enqueueNewItems } from '../../src/pipeline/ingest.js';
import { readFeedSource } from '../../src/pipeline/read-source.js';
import { buildContext } from '../../src/service/service.js';
import { closeQueues } from '../../src/queue/queues.js';
import { type GeneratedItem, type NewsServer, startNewsServer } from '../helpers/generated-news.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';

type AlertData = { id: string; version: number; url: string };

/**
 * What a chat receiver saw, counted by idempotency key (webhook-id), as a real
 * receiver would. A group message (`alert.group`) counts once per alert it
 * lists, under `<key>#<alert id>`.
 */
export class Receipts {
  readonly byKey = new Map<string, { alertId: string; version: number; url: string; at: number }>();
  /** Idempotency keys seen: one per message. */
  readonly messages = new Set<string>();
  /** Requests for a key already seen: the at-least-once edge a receiver de-duplicates. */
  repeats = 0;

  record(body: unknown, headers: IncomingHttpHeaders): void {
    const key = String(headers['webhook-id']);
    if (this.messages.has(key)) {
      this.repeats++;
      return;
    }
    this.messages.add(key);
    const message = body as { type: string; data: AlertData & { alerts?: AlertData[] } };
    const alerts = message.type === 'alert.group' ? (message.data.alerts ?? []) : [message.data];
    for (const data of alerts) {
      this.byKey.set(message.type === 'alert.group' ? `${key}#${data.id}` : key, { alertId: data.id, version: data.version, url: data.url, at: Date.now() });
    }
  }

  alertIds(): Set<string> {
    return new Set([...this.byKey.values()].map((r) => r.alertId));
  }

  /** Each alert version arrived under exactly one key. */
  versionsOnce(): boolean {
    const versions = new Set([...this.byKey.values()].map((r) => `${r.alertId}@${r.version}`));
    return versions.size === this.byKey.size;
  }
}

export interface Rig {
  news: NewsServer;
  sink: LocalServer;
  receipts: Receipts;
  config: Config;
  /** The raw config, for writing a file that child processes read. */
  raw: Record<string, unknown>;
  close(): Promise<void>;
}

/** A news server with `items`, a webhook receiver, and a config pointing the pipeline at both. */
/**
 * `database`: the record for the rig's services; off unless a test asks, so the
 * pipeline's own fault and timing tests measure what they always did.
 */
export async function startRig(
  prefix: string,
  items: readonly GeneratedItem[],
  redisUrl = TEST_REDIS_URL,
  sinkStatus?: () => number,
  database: Record<string, unknown> = { enabled: false },
): Promise<Rig> {
  const news = await startNewsServer(items);
  const receipts = new Receipts();
  const sink = await startWebhookSink((body, headers) => receipts.record(body, headers), sinkStatus);
  const raw = {
    redis: { url: redisUrl, prefix },
    indicators: { dir: `${process.cwd()}/indicators`, hot_reload: false },
    fetch: { allow_private: [news.origin, sink.origin], total_timeout_ms: 5000 },
    workers: { lock_duration_ms: 2000 },
    delivery: { receivers: { chat: { type: 'webhook', url: `${sink.origin}/hook` } }, route: { receivers: ['chat'] }, backoff_ms: 200, attempts: 4 },
    database,
  };
  return {
    news,
    sink,
    receipts,
    raw,
    config: ConfigSchema.parse(raw),
    async close() {
      await news.close();
      await sink.close();
    },
  };
}

/**
 * Publishes the items in feed-sized pages (a poll keeps at most 500) and queues
 * each page's new items as the poll stage would; returns how many were queued.
 */
export async function pushFeed(rig: Rig, items: readonly GeneratedItem[], pageSize = 500): Promise<number> {
  const ctx = await buildContext(rig.config, silentLogger);
  let queued = 0;
  try {
    for (let start = 0; start < items.length; start += pageSize) {
      rig.news.publish(items.slice(start, start + pageSize));
      const page = await readFeedSource(`${rig.news.origin}/feed.rss`, { policy: rig.config.fetch, status: ctx.feedStatus, clock: ctx.clock, log: silentLogger });
      queued += (await enqueueNewItems(ctx, page)).length;
    }
    return queued;
  } finally {
    await closeQueues(ctx.queues);
    ctx.redis.disconnect();
  }
}
