import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class RecordLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is Postgres in this process's memory: a second process opening the
 * same folder would corrupt it. A lock file holds the owner's pid; a dead
 * owner's lock (a crash, kill -9) is taken over. Returns the release function.
 */
export function lockStore(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sahelwatch.lock');
  const me = `${process.pid} ${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, me, { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const [pid, host] = readFileSync(file, 'utf8').split(' ');
      const owner = Number(pid);
      if (host === hostname() && Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new RecordLockedError(
          `the embedded record ${dir} is in use by process ${owner}; PGlite serves one process at a time: stop it, or set DATABASE_URL (or database.url) to a PostgreSQL server shared by every process`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new RecordLockedError(`the embedded record ${dir}: could not take its lock file ${file}`);
}
