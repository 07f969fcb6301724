/**
 * A healthy receiver's delivery time, alone and beside a receiver that never
 * answers and one that refuses connections (issue 19, item 3). Real Redis, the
 * real delivery processor on one BullMQ worker with the deliver stage's default
 * concurrency (4), real local HTTP servers.
 *
 * Scenarios, each on a fresh key prefix:
 *   alone   — healthy deliveries only, paced at --rate per second;
 *   beside  — the same, plus one delivery each to the hung and the dead receiver
 *             for every --sick-every healthy ones (default receiver settings:
 *             15 s timeout, max_in_flight 2, circuit breaker 5 failures);
 *   before  — as beside, with the per-receiver limit and the breaker lifted
 *             (max_in_flight 100, 1000 failures): the design before this change.
 * Latency: enqueue → the healthy receiver has the request. Prints one JSON line and a table.
 *
 *   npm run bench receivers -- --items 100 --rate 20 --only alone,beside
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { SilenceStore } from '../src/alerts/silences.js';
import { AlertStore } from '../src/alerts/store.js';
import { systemClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/log.js';
import { DeliveryConfigSchema } from '../src/delivery/config.js';
import { createDeliveryProcessor, DELIVERY_QUEUE, enqueueDeliveries } from '../src/delivery/deliver.js';
import { deletePrefixKeys } from '../src/queue/redis.js';
import { sampleAlert } from '../tests/alerts/fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const ITEMS = Number(arg('items', '100'));
const RATE = Number(arg('rate', '20'));
const SICK_EVERY = Number(arg('sick-every', '5'));
const HEALTHY_LATENCY_MS = Number(arg('latency', '20'));
const SCENARIOS = arg('only', 'alone,beside,before').split(',');
const log = createLogger({ level: 'silent' });

interface Result {
  scenario: string;
  deliveries: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  wall_s: number;
  hung_requests: number;
  dead_breaker?: string;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function deadPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function run(scenario: string): Promise<Result> {
  const prefix = `swbench-receivers-${scenario}-${process.pid}`;
  const arrivals = new Map<string, number>();
  const healthy = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { id: string } }).data.id;
      arrivals.set(id, Date.now());
      setTimeout(() => res.end('ok'), HEALTHY_LATENCY_MS);
    });
  });
  const held: ServerResponse[] = [];
  let hungRequests = 0;
  const hanging = await listen((_req, res) => {
    hungRequests++;
    held.push(res);
  });
  const dead = await deadPort();
  const lifted = scenario === 'before';
  const limits = lifted ? { max_in_flight: 100 } : {};
  const fast = { rate_limit: { max: 10_000, per_seconds: 1 } };
  const config = DeliveryConfigSchema.parse({
    receivers: {
      healthy: { type: 'webhook', url: `${healthy.base}/ok`, ...fast },
      hanging: { type: 'webhook', url: `${hanging.base}/hang`, ...fast, ...limits },
      dead: { type: 'slack', url: `http://127.0.0.1:${dead}/down`, ...fast, ...limits },
    },
    ...(lifted ? { circuit_breaker: { failures: 1000 } } : {}),
  });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const workerRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const store = new AlertStore(redis, prefix, { retention_days: 1 }, systemClock);
  const queue = new Queue(DELIVERY_QUEUE, { connection: redis, prefix });
  const processor = createDeliveryProcessor({ config, store, redis, prefix, log, clock: systemClock, silences: new SilenceStore(redis, prefix, systemClock) });
  const worker = new Worker(DELIVERY_QUEUE, processor, { connection: workerRedis, prefix, concurrency: 4 });
  const enqueued = new Map<string, number>();
  const started = Date.now();
  try {
    for (let i = 0; i < ITEMS; i++) {
      const tick = started + (i * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, tick - Date.now())));
      if (scenario !== 'alone' && i % SICK_EVERY === 0) {
        const sick = sampleAlert({ id: `al_sick${i}`, version: 1 });
        await store.save(sick);
        await enqueueDeliveries(queue, sick, ['hanging', 'dead']);
      }
      const alert = sampleAlert({ id: `al_ok${i}`, version: 1 });
      await store.save(alert);
      enqueued.set(alert.id, Date.now());
      await enqueueDeliveries(queue, alert, ['healthy']);
    }
    const deadline = Date.now() + 300_000;
    while (arrivals.size < ITEMS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const latencies = [...enqueued].map(([id, at]) => (arrivals.get(id) ?? Number.NaN) - at).filter(Number.isFinite);
    const breaker = await redis.hget(`${prefix}:receiver:dead:breaker`, 'state');
    return {
      scenario,
      deliveries: latencies.length,
      p50_ms: pct(latencies, 50),
      p90_ms: pct(latencies, 90),
      p99_ms: pct(latencies, 99),
      max_ms: pct(latencies, 100),
      wall_s: Math.round((Date.now() - started) / 100) / 10,
      hung_requests: hungRequests,
      ...(scenario === 'alone' ? {} : { dead_breaker: breaker ?? 'closed' }),
    };
  } finally {
    for (const res of held) res.destroy();
    await worker.close(true);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    healthy.server.closeAllConnections();
    hanging.server.closeAllConnections();
    healthy.server.close();
    hanging.server.close();
    redis.disconnect();
    workerRedis.disconnect();
    await deletePrefixKeys(REDIS_URL, prefix);
  }
}

const results: Result[] = [];
for (const scenario of SCENARIOS) results.push(await run(scenario));
process.stdout.write(`${JSON.stringify({ bench: 'receivers', items: ITEMS, rate: RATE, sick_every: SICK_EVERY, healthy_latency_ms: HEALTHY_LATENCY_MS, results })}\n\n`);
process.stdout.write('| scenario | healthy deliveries | p50 ms | p90 ms | p99 ms | max ms | wall s | requests to the hung receiver | dead receiver circuit |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n');
for (const r of results) {
  process.stdout.write(`| ${r.scenario} | ${r.deliveries}/${ITEMS} | ${r.p50_ms} | ${r.p90_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.wall_s} | ${r.hung_requests} | ${r.dead_breaker ?? '—'} |\n`);
}
process.exit(0);
