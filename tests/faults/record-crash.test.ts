import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertSchema } from '../../src/alerts/alert.js';
import { StoryEventSchema } from '../../src/events/story-event.js';
import { closeQueues, openQueues, queuesIdle } from '../../src/queue/queues.js';
import { DatabaseConfigSchema } from '../../src/record/config.js';
import { openRecord } from '../../src/record/open.js';
import type { RecordStore } from '../../src/record/store.js';
import { generateItems } from '../helpers/generated-news.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { type ServiceProcess, startServiceProcess, waitFor, writeConfig } from '../helpers/worker-process.js';
import { pushFeed, type Rig, startRig } from '../reliability/harness.js';

const ITEMS = 240;

async function rows<T>(record: RecordStore, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(record.db)).rows;
}

/** Resolves once nothing waits, runs or is scheduled on the rig's stage queues. */
async function settled(prefix: string): Promise<void> {
  const redis = testRedis();
  const queues = openQueues(redis, prefix);
  try {
    let idle = 0;
    await waitFor('the queues to settle', async () => {
      idle = (await queuesIdle([queues.fetch, queues.analyze, queues.deliver])) ? idle + 1 : 0;
      return idle >= 3;
    }, 90_000);
  } finally {
    await closeQueues(queues);
    redis.disconnect();
  }
}

describe.each(BACKENDS)('a worker killed with SIGKILL while it writes the record (%s)', (backend) => {
  const prefix = uniquePrefix(`record-kill9-${backend}`);
  const processes: ServiceProcess[] = [];
  let rig: Rig | undefined;
  let store: OpenedRecord | undefined;

  afterAll(async () => {
    for (const p of processes) await p.kill('SIGKILL');
    await rig?.close();
    await store?.close();
    await deletePrefix(prefix);
  });

  it('leaves no half-written alert or event, and a restart finishes the work without duplicates', async () => {
    const items = generateItems(ITEMS, { matchShare: 0.25 });
    const positives = items.filter((i) => i.positive).length;
    // Created (and migrated) here, so the service process only opens it.
    store = await openTestRecord(backend, 'kill9');
    if (backend === 'pglite') await store.record.close();
    rig = await startRig(prefix, items, undefined, undefined, store.database);
    const configFile = writeConfig(rig.raw);
    const env = { DATABASE_URL: '' };
    // Opening an embedded store (PGlite, WebAssembly) takes seconds more than connecting to a server.
    const start = () => startServiceProcess(configFile, 'fetch,analyze,deliver', env, undefined, 60_000);
    const first = await start();
    processes.push(first);
    expect(await pushFeed(rig, items)).toBe(ITEMS);
    const receipts = rig.receipts;
    await waitFor('a third of the alerts', () => receipts.alertIds().size >= positives / 3, 60_000);
    await first.kill('SIGKILL');
    expect(receipts.alertIds().size).toBeLessThan(positives);

    const second = await start();
    processes.push(second);
    await waitFor('every alert', () => receipts.alertIds().size >= positives, 90_000);
    await settled(prefix);
    await second.kill('SIGTERM');
    if (backend === 'pglite') store.record = await openRecord(DatabaseConfigSchema.parse(store.database));
    const { record } = store;

    const [articles] = await rows<{ n: number; ids: number }>(record, sql`select count(*)::int as n, count(distinct id)::int as ids from articles`);
    expect(articles).toEqual({ n: ITEMS, ids: ITEMS });
    // Every alert whole: its row parses, and the version it claims was written with it.
    const alerts = await rows<{ id: string; version: number; data: unknown; has_version: boolean }>(
      record,
      sql`select a.id, a.version, a.data, exists (select 1 from alert_versions v where v.alert_id = a.id and v.version = a.version) as has_version from alerts a`,
    );
    expect(alerts).toHaveLength(positives);
    for (const a of alerts) {
      expect(AlertSchema.parse(a.data).version).toBe(a.version);
      expect(a.has_version).toBe(true);
    }
    const raisedTwice = await rows(record, sql`select alert_id from alert_history where kind = 'raised' group by alert_id having count(*) > 1`);
    expect(raisedTwice).toEqual([]);
    for (const e of await rows<{ data: unknown }>(record, sql`select data from events`)) StoryEventSchema.parse(e.data);
    // Each delivery the receiver saw is in the audit trail once.
    const delivered = await rows<{ key: string }>(record, sql`select key from deliveries where outcome = 'delivered'`);
    expect(new Set(delivered.map((d) => d.key))).toEqual(new Set(receipts.byKey.keys()));
  }, 240_000);
});
