import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_SOURCES } from '../helpers/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'sw-demo-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('sahelwatch demo', () => {
  it('says plainly that most sample items have no article page, then raises alerts from their summaries', () => {
    const run = spawnSync(process.execPath, [...CLI_SOURCES, 'demo'], { cwd, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' }, timeout: 150_000 });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toMatch(/The sample outlets serve article pages for 1 of their items \(examples\/pages\/\); for the others the page answers 404/);
    expect(run.stdout).toMatch(/^[1-9]\d* alerts raised or updated/m);
  }, 160_000);
});
