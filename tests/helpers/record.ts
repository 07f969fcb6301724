import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DatabaseConfigSchema } from '../../src/record/config.js';
import { openRecord } from '../../src/record/open.js';
import type { RecordStore } from '../../src/record/store.js';

/** The PostgreSQL server the tests use; each test file gets a database of its own on it. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the test server (so files can run in parallel), dropped afterwards. */
export async function createTestDatabase(area: string): Promise<TestDatabase> {
  const name = `swtest_${area.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined) };
}

export interface OpenedRecord {
  record: RecordStore;
  /** How a child process reaches the same record (a database URL, or the PGlite folder). */
  database: { url?: string; path?: string };
  close(): Promise<void>;
}

/** Both backends, for `describe.each`: the same suite runs against the real PostgreSQL and an embedded PGlite in a temp dir. */
export const BACKENDS = ['postgres', 'pglite'] as const;
export type BackendName = (typeof BACKENDS)[number];

export async function openTestRecord(backend: BackendName, area: string): Promise<OpenedRecord> {
  if (backend === 'postgres') {
    const db = await createTestDatabase(area);
    const opened: OpenedRecord = {
      record: await openRecord(DatabaseConfigSchema.parse({ url: db.url })),
      database: { url: db.url },
      async close() {
        await opened.record.close();
        await db.drop();
      },
    };
    return opened;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sw-pglite-'));
  const opened: OpenedRecord = {
    record: await openRecord(DatabaseConfigSchema.parse({ path: dir })),
    database: { path: dir },
    // Closes whichever store `record` holds by then: a test may close it for a child process and reopen it.
    async close() {
      await opened.record.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return opened;
}
