import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_SOURCES } from '../helpers/cli.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

// A console port someone else holds: the service must not report the http role as running.

const ROOT = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'sw-port-'));
const prefix = uniquePrefix('console-port');
let holder: Server;
let config: string;

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as { port: number }).port;
  config = join(dir, 'sahelwatch.yaml');
  writeFileSync(config, `redis: { url: "${TEST_REDIS_URL}", prefix: "${prefix}" }\nhttp: { port: ${port} }\nindicators: { dir: "${join(ROOT, 'indicators')}", hot_reload: false }\n`);
});

afterAll(async () => {
  holder.close();
  await deletePrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

describe('an unavailable console port', () => {
  it('start --only http fails instead of running nothing', () => {
    const run = spawnSync(process.execPath, [...CLI_SOURCES, '--config', config, 'start', '--only', 'http'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'info' },
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Console not started');
    expect(run.stderr).toContain('the console could not listen');
    expect(run.stderr).not.toContain('sahelwatch running.');
  });

  it('with other roles, the status line leaves http out and names it as not running', async () => {
    const child = spawn(process.execPath, [...CLI_SOURCES, '--config', config, 'start', '--only', 'deliver,http'], {
      cwd: dir,
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
    });
    try {
      const deadline = Date.now() + 30_000;
      while (!log.includes('sahelwatch running.')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start: ${log.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const status = JSON.parse(log.split('\n').find((l) => l.includes('sahelwatch running.')) as string) as { roles: string[]; notRunning?: string[] };
      expect(status.roles).toEqual(['deliver']);
      expect(status.notRunning).toEqual(['http']);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 60_000);
});
