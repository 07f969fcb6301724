import { isAbsolute, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from './config.js';
import { lockStore } from './lock.js';
import { migrate } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';
import { RecordStore } from './store.js';
import type { RecordTables } from './tables.js';

export { RecordLockedError } from './lock.js';

/** DATABASE_URL over the config file's database.url; neither means the embedded store. */
export function databaseUrl(config: DatabaseConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DATABASE_URL?.trim() || config.url;
}

async function openPostgres(url: string): Promise<RecordStore> {
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

async function openPGlite(dir: string | undefined): Promise<RecordStore> {
  const release = dir ? lockStore(dir) : () => {};
  try {
    const pglite = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: { unaccent } });
    const db = new Kysely<RecordTables>({ dialect: new PGliteDialect(pglite) });
    await migrate(db as Kysely<unknown>);
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
 * Opens (and migrates) the record: PostgreSQL when DATABASE_URL or
 * database.url names one, else PGlite in `database.path` (`memory://` keeps
 * it in this process only). `baseDir` resolves a relative path.
 */
export async function openRecord(config: DatabaseConfig, options: { env?: NodeJS.ProcessEnv; baseDir?: string } = {}): Promise<RecordStore> {
  const url = databaseUrl(config, options.env);
  if (url === 'memory://') return openPGlite(undefined);
  if (url) return openPostgres(url);
  const dir = isAbsolute(config.path) ? config.path : resolve(options.baseDir ?? process.cwd(), config.path);
  return openPGlite(dir);
}
