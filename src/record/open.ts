import { isAbsolute, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import type { DatabaseConfig } from './config.js';
import { lockStore } from './lock.js';
import { migrate } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';
import { PGliteThread } from './pglite-thread.js';
import { RecordStore } from './store.js';
import type { RecordTables } from './tables.js';

export { RecordLockedError } from './lock.js';

// The drivers are imported when used: a process keeping no record, or the other backend, does not carry them.
async function openPostgres(url: string): Promise<RecordStore> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<RecordTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db as Kysely<unknown>);
  } catch (err) {
    await db.destroy();
    const masked = url.replace(/\/\/[^@/]*@/, '//***@');
    throw new Error(`record: PostgreSQL at ${masked} (DATABASE_URL / database.url): ${(err as Error).message}`);
  }
  return new RecordStore(db, 'postgres', () => db.destroy());
}

async function openPGlite(dir: string | undefined, buffersMb: number): Promise<RecordStore> {
  const release = dir ? lockStore(dir) : () => {};
  try {
    const pglite = await PGliteThread.open(dir, ['-c', `shared_buffers=${buffersMb}MB`]);
    const db = new Kysely<RecordTables>({ dialect: new PGliteDialect(pglite) });
    try {
      await migrate(db as Kysely<unknown>);
    } catch (err) {
      await pglite.close().catch(() => {});
      throw err;
    }
    return new RecordStore(db, 'pglite', async () => {
      await db.destroy();
      await pglite.close();
      release();
    });
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * Opens (and migrates) the record: PostgreSQL when database.url (which
 * DATABASE_URL overrides, see loadConfig) names one, else PGlite in
 * `database.path` (`url: memory://` keeps it in this process only). A relative
 * path that loadConfig did not resolve is taken from the working directory.
 */
export async function openRecord(config: DatabaseConfig): Promise<RecordStore> {
  const { url } = config;
  if (url === 'memory://') return openPGlite(undefined, config.embedded_buffers_mb);
  if (url) return openPostgres(url);
  const dir = isAbsolute(config.path) ? config.path : resolve(config.path);
  return openPGlite(dir, config.embedded_buffers_mb);
}
