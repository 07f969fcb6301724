/**
 * End-to-end benchmark through Redis: a local news server on 127.0.0.1 (feed +
 * article pages, 10% of items matching an indicator), the real pipeline
 * (fetch → analyze → deliver), a local webhook receiver. Reports sustained
 * items/s from poll to the last alert delivered, latency from an item entering
 * the pipeline to its alert reaching the receiver (saturated, and paced at
 * 50 items/s), with 1 and 2 worker processes, worker RSS, and — in the same run —
 * a chain of three no-op BullMQ queues as the floor any queued pipeline pays,
 * and story clustering alone (one Lua read and one conditional commit per article).
 * With `record` (in the default set), the saturated run again without the record, with it on PostgreSQL and on PGlite,
 * in rounds of alternating order (`--rounds N`, 3 by default).
 * Run: npm run bench pipeline [-- --items N] [--only saturated,paced,noop,story,record] [--rounds N]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { ConfigSchema } from '../src/config/config.js';
import { silentLogger } from '../src/core/log.js';
import { queuesIdle } from '../src/queue/queues.js';
import { connectRedis } from '../src/queue/redis.js';
import { enqueueNewItems } from '../src/pipeline/ingest.js';
import { readFeedSource } from '../src/pipeline/read-source.js';
import { buildContext, startService } from '../src/service/service.js';
import { StoryStore } from '../src/stories/cluster.js';
import { generateItems } from '../tests/helpers/generated-news.js';
import { createTestDatabase } from '../tests/helpers/record.js';
import { deletePrefix, uniquePrefix } from '../tests/helpers/redis.js';
import { startServiceProcess, writeConfig } from '../tests/helpers/worker-process.js';
import { pushFeed, type Rig, startRig } from '../tests/reliability/harness.js';

const argIndex = process.argv.indexOf('--items');
const ITEMS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1000;
const onlyIndex = process.argv.indexOf('--only');
const PARTS = new Set(onlyIndex > 0 ? String(process.argv[onlyIndex + 1]).split(',') : ['saturated', 'paced', 'noop', 'story', 'record']);
const PACED_ITEMS = 1000;
/**
 * Extra worker processes run the compiled build with the node flags of `npm start` (its heap cap), as
 * `npm start` does (bench/run.ts builds it first). BENCH_WORKER_FLAGS: node flags for them instead, e.g.
 * `--max-semi-space-size=1` or "" for none (NODE_OPTIONS refuses some, such as --optimize-for-size and
 * --heap-growing-percent); give the same to this process, `node <flags> --import tsx --expose-gc
 * bench/pipeline.ts`, to compare both sides.
 */
const START_FLAGS = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.match(/\bnode ((?:--\S+ )*)bin\//)?.[1] ?? '';
const WORKER_ENTRY = [...(process.env.BENCH_WORKER_FLAGS ?? START_FLAGS).split(' ').filter(Boolean), 'bin/sahelwatch.js'];
/** Run through first and not measured: a fresh process compiles its hot paths on its first articles. */
const WARMUP_ITEMS = 100;
const PACE_PER_SEC = 50;

/**
 * The shipped webhook receiver allows 10 deliveries a second (chat services
 * throttle harder than that); a bench that kept it would measure the limit, not
 * the pipeline. The local receiver takes whatever it is sent.
 */
async function benchRig(prefix: string, items: ReturnType<typeof generateItems>, database?: Record<string, unknown>): Promise<Rig> {
  const rig = await startRig(prefix, items, undefined, undefined, database);
  const delivery = rig.raw.delivery as { receivers: { chat: Record<string, unknown> } };
  delivery.receivers.chat.rate_limit = { max: 100_000, per_seconds: 1 };
  rig.config = ConfigSchema.parse(rig.raw);
  return rig;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function settle(rig: Rig, expectedAlerts: number, queuesOf: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (rig.receipts.alertIds().size < expectedAlerts || !(await queuesOf())) {
    if (Date.now() > deadline) throw new Error('pipeline did not settle within 10 minutes');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Saturation: every item queued at once; items/s until the last alert is delivered. `database`: the record the workers keep (off by default). */
async function saturated(workerProcesses: number, database?: Record<string, unknown>, count = ITEMS) {
  const prefix = uniquePrefix('bench-e2e');
  const items = generateItems(count, { seed: workerProcesses });
  const rig = await benchRig(prefix, items, database);
  const local = await startService(rig.config, { roles: ['fetch', 'analyze', 'deliver'], log: silentLogger, watchIndicators: false });
  const extra = [];
  for (let i = 1; i < workerProcesses; i++) extra.push(await startServiceProcess(writeConfig(rig.raw), 'fetch,analyze,deliver', {}, WORKER_ENTRY));
  const { fetch, analyze, deliver } = local.ctx.queues;
  const t0 = Date.now();
  await pushFeed(rig, items);
  await settle(rig, items.filter((i) => i.positive).length, () => queuesIdle([fetch, analyze, deliver]));
  const seconds = (Date.now() - t0) / 1000;
  const rssMb = [Math.round(process.memoryUsage().rss / 1048576)];
  for (const p of extra) rssMb.push(Number(await rssOf(p.child.pid)));
  for (const p of extra) await p.kill();
  await local.close();
  await rig.close();
  await deletePrefix(prefix);
  return { workerProcesses, items: count, seconds: Number(seconds.toFixed(2)), itemsPerSec: Math.round(count / seconds), rssMb };
}

async function rssOf(pid: number | undefined): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

/**
 * Paced: one item every 20 ms, after a warm-up; latency from its fetch job
 * being queued to its alert at the receiver.
 */
async function paced(workerProcesses: number) {
  const prefix = uniquePrefix('bench-paced');
  const warmup = generateItems(WARMUP_ITEMS, { seed: 200 + workerProcesses }).map((item) => ({ ...item, guid: `warmup-${item.guid}` }));
  const items = generateItems(PACED_ITEMS, { seed: 100 + workerProcesses });
  const rig = await benchRig(prefix, warmup);
  const local = await startService(rig.config, { roles: ['fetch', 'analyze', 'deliver'], log: silentLogger, watchIndicators: false });
  const extra = [];
  for (let i = 1; i < workerProcesses; i++) extra.push(await startServiceProcess(writeConfig(rig.raw), 'fetch,analyze,deliver', {}, WORKER_ENTRY));
  const { fetch, analyze, deliver } = local.ctx.queues;
  const ctx = await buildContext(rig.config, silentLogger);
  const readPage = () => readFeedSource(`${rig.news.origin}/feed.rss`, { policy: rig.config.fetch, status: ctx.feedStatus, clock: ctx.clock, log: silentLogger });
  await enqueueNewItems(ctx, await readPage());
  const warmupAlerts = warmup.filter((i) => i.positive).length;
  await settle(rig, warmupAlerts, () => queuesIdle([fetch, analyze, deliver]));
  const queuedAt = new Map<string, number>();
  const start = Date.now();
  // A poll keeps at most 500 items: publish the paced items in feed pages of that size.
  for (let offset = 0; offset < items.length; offset += 500) {
    rig.news.publish(items.slice(offset, offset + 500));
    for (const [i, item] of (await readPage()).entries()) {
      const due = start + ((offset + i) * 1000) / PACE_PER_SEC;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      queuedAt.set(item.url, Date.now());
      await enqueueNewItems(ctx, [item]);
    }
  }
  await settle(rig, warmupAlerts + items.filter((i) => i.positive).length, () => queuesIdle([fetch, analyze, deliver]));
  const latencies = [...rig.receipts.byKey.values()].filter((r) => queuedAt.has(r.url)).map((r) => r.at - (queuedAt.get(r.url) as number)).sort((a, b) => a - b);
  for (const p of extra) await p.kill();
  await ctx.queues.fetch.close();
  ctx.redis.disconnect();
  await local.close();
  await rig.close();
  await deletePrefix(prefix);
  return { workerProcesses, items: PACED_ITEMS, perSec: PACE_PER_SEC, alerts: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

/** The floor: a chain of three no-op queues, items/s at saturation, in the same run. */
async function noopChain() {
  const prefix = uniquePrefix('bench-noop');
  const redis = connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const names = ['a', 'b', 'c'];
  const queues = names.map((n) => new Queue(n, { connection: redis, prefix }));
  let done = 0;
  // A worker does not close a connection it was handed: keep them to disconnect at the end.
  const workerConnections = names.map(() => redis.duplicate());
  const workers = names.map(
    (n, i) =>
      new Worker(
        n,
        async (job) => {
          const next = queues[i + 1];
          if (next) await next.add('x', job.data, { removeOnComplete: true });
          else done++;
        },
        { connection: workerConnections[i] as ReturnType<typeof connectRedis>, prefix, concurrency: 8, removeOnComplete: { count: 0 } },
      ),
  );
  const t0 = Date.now();
  await queues[0]?.addBulk(Array.from({ length: ITEMS }, (_, i) => ({ name: 'x', data: { i }, opts: { removeOnComplete: true } })));
  while (done < ITEMS) await new Promise((r) => setTimeout(r, 10));
  const seconds = (Date.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(queues.map((q) => q.close()));
  for (const connection of workerConnections) connection.disconnect();
  redis.disconnect();
  await deletePrefix(prefix);
  return { items: ITEMS, itemsPerSec: Math.round(ITEMS / seconds) };
}

/**
 * Story clustering alone against Redis: `StoryStore.assign` for generated
 * articles, one at a time and 8 at once. Assignments take no lock (a commit
 * re-checks what it decided on), so 8 at once overlap their Redis round trips.
 */
async function storyAssign(concurrency: number) {
  const prefix = uniquePrefix('bench-story');
  const redis = connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const stories = new StoryStore(redis, prefix);
  const items = generateItems(Math.min(ITEMS, 1000), { seed: 300 + concurrency });
  const published = new Date().toISOString();
  const articles = items.map((item) => ({
    id: `ar_${item.guid}`, itemId: `it_${item.guid}`, feedId: 'bench', outlet: 'Bench', url: `http://127.0.0.1/a/${item.guid}`,
    title: item.title, text: item.text, published, language: 'en', textSource: 'page' as const,
  }));
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < articles.length) await stories.assign(articles[next++] as (typeof articles)[number]);
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  redis.disconnect();
  await deletePrefix(prefix);
  return { concurrency, articles: articles.length, perSec: Math.round(articles.length / seconds) };
}

const roundsIndex = process.argv.indexOf('--rounds');
const ROUNDS = roundsIndex > 0 ? Number(process.argv[roundsIndex + 1]) : 3;
const RECORD_MODES = ['off', 'postgres', 'pglite'] as const;

/**
 * The same saturated run (1 process) without the record, with it on PostgreSQL
 * and with it on PGlite: what keeping the record costs. Each run keeps a fresh
 * record (a new database, a new PGlite folder), opened and migrated before its
 * clock starts. The three modes run in ROUNDS rounds (`--rounds N`, 3 by
 * default), each round in another order (rotated), after one unmeasured warm-up
 * run: a fixed order would give one mode this process's cold start (the first
 * run compiles the hot paths) and whatever the machine's load did at the same
 * point every time. Reports every run and each mode's median.
 */
async function withAndWithoutRecord() {
  await saturated(1, { enabled: false }, Math.min(ITEMS, 300));
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = RECORD_MODES.map((_, i) => RECORD_MODES[(i + round) % RECORD_MODES.length] as (typeof RECORD_MODES)[number]);
    for (const record of order) {
      const pg = record === 'postgres' ? await createTestDatabase('bench_pipeline') : undefined;
      const dir = record === 'pglite' ? mkdtempSync(join(tmpdir(), 'sw-bench-pipeline-')) : undefined;
      try {
        const database = pg ? { url: pg.url } : dir ? { path: dir } : { enabled: false };
        runs.push({ round, record, ...(await saturated(1, database)) });
      } finally {
        await pg?.drop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return runs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

async function part<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  return PARTS.has(name) ? run() : undefined;
}

const results = {
  bench: 'pipeline',
  node: process.version,
  saturated: (await part('saturated', async () => [await saturated(1), await saturated(2)])) ?? [],
  paced: (await part('paced', async () => [await paced(1), await paced(2)])) ?? [],
  noopChain3: await part('noop', noopChain),
  storyAssign: (await part('story', async () => [await storyAssign(1), await storyAssign(8)])) ?? [],
  record: (await part('record', withAndWithoutRecord)) ?? [],
};
process.stdout.write(`${JSON.stringify(results)}\n\n`);
process.stdout.write('mode         processes   items   items/s   p50 ms   p95 ms   p99 ms   RSS MB\n');
for (const s of results.saturated) process.stdout.write(`saturated    ${String(s.workerProcesses).padStart(9)} ${String(s.items).padStart(7)} ${String(s.itemsPerSec).padStart(9)}        -        -        -   ${s.rssMb.join('+')}\n`);
for (const p of results.paced) process.stdout.write(`paced 50/s   ${String(p.workerProcesses).padStart(9)} ${String(p.items).padStart(7)} ${String(p.perSec).padStart(9)} ${String(p.p50).padStart(8)} ${String(p.p95).padStart(8)} ${String(p.p99).padStart(8)}\n`);
if (results.noopChain3) process.stdout.write(`no-op chain of 3 queues (floor): ${results.noopChain3.itemsPerSec} items/s\n`);
for (const a of results.storyAssign) process.stdout.write(`story clustering alone, ${a.concurrency} at once: ${a.perSec} articles/s\n`);
for (const r of results.record) process.stdout.write(`saturated, 1 process, round ${r.round + 1}, record ${r.record.padEnd(8)}: ${r.itemsPerSec} items/s\n`);
if (results.record.length > 0) {
  const off = median(results.record.filter((r) => r.record === 'off').map((r) => r.itemsPerSec));
  for (const mode of RECORD_MODES) {
    const m = median(results.record.filter((r) => r.record === mode).map((r) => r.itemsPerSec));
    process.stdout.write(`median, record ${mode.padEnd(8)}: ${m} items/s${mode === 'off' ? '' : ` (${(((m - off) / off) * 100).toFixed(1)}% against off)`}\n`);
  }
}
