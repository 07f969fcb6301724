import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { extract } from '../../src/extraction/extract.js';
import { DatabaseConfigSchema } from '../../src/record/config.js';
import { openRecord } from '../../src/record/open.js';
import type { RecordStore } from '../../src/record/store.js';
import { cliWithConfig as cli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/record.js';
import { startTestConsole, type TestConsole } from '../http/harness.js';

const REPORT: Article = {
  id: 'ar_diboli',
  itemId: 'it_diboli',
  feedId: 'wire',
  outlet: 'Sahel Wire',
  url: 'https://wire.example.org/diboli',
  title: 'Des camions-citernes incendiés près de Diboli',
  text: 'Des hommes armés ont incendié trois camions-citernes près de Diboli, dans la région de Kayes, au Mali, selon des sources sécuritaires.',
  published: '2026-03-01T08:00:00Z',
  language: 'fr',
  textSource: 'page',
};

async function keep(record: RecordStore): Promise<void> {
  const extraction = extract({ title: REPORT.title, text: REPORT.text, language: 'fr', published: REPORT.published });
  const story = { id: 'st_diboli', title: REPORT.title, firstReport: REPORT.published, latestReport: REPORT.published, outlets: 1, sources: [] };
  await record.saveAnalysis({ article: REPORT, seenAt: Date.parse(REPORT.published), story, extraction, indicators: ['kayes-convoy-interdiction'], event: null });
}

describe('sahelwatch search', () => {
  let dir: string;
  let pg: TestDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sw-search-cli-'));
    pg = await createTestDatabase('search_cli');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pg?.drop();
  });

  it('on PGlite: a second process gets one line naming DATABASE_URL, then finds the report once the first has let go', async () => {
    const config = join(dir, 'embedded.yaml');
    writeFileSync(config, 'database:\n  path: store\n');
    const record = await openRecord(DatabaseConfigSchema.parse({ path: join(dir, 'store') }));
    try {
      await keep(record);
      const refused = cli(config, ['search', 'diboli']);
      expect(refused.status).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain(`in use by process ${process.pid}`);
      expect(refused.stderr).toContain('DATABASE_URL');
    } finally {
      await record.close();
    }
    const found = cli(config, ['search', 'camion citerne incendie']);
    expect(found.stderr).toBe('');
    expect(found.stdout).toContain(REPORT.title);
    expect(found.stdout).toContain(REPORT.url);
  }, 240_000);

  it('on PostgreSQL: --json prints one object per result; import adds an archive; a bad option is one line and exit 2', async () => {
    const record = await openRecord(DatabaseConfigSchema.parse({ url: pg.url }));
    await keep(record);
    await record.close();
    const config = join(dir, 'server.yaml');
    writeFileSync(config, `database:\n  url: ${pg.url}\n`);
    expect(cli(config, ['search', 'citernes', '--admin1', 'KAYES', '--json']).stdout.trim().split('\n')).toHaveLength(1);
    expect(cli(config, ['search', 'citernes', '--admin1', 'Ségou,Mopti']).stdout).toBe('no results\n');
    const found = cli(config, ['search', 'citernes', '--country', 'ml', '--json']);
    expect(found.status).toBe(0);
    const lines = found.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ id: REPORT.id, countries: ['ML'], indicators: ['kayes-convoy-interdiction'] });
    const archive = join(dir, 'archive.jsonl');
    writeFileSync(archive, `${JSON.stringify({ url: 'https://wire.example.org/kidal', title: 'Drone strike reported near Kidal', text: 'A drone strike hit a convoy near Kidal, Mali.', published: '2025-05-01' })}\n`);
    expect(cli(config, ['import', archive]).stdout).toBe(`${archive}: 1 articles read, 1 new in the record\n`);
    expect(JSON.parse(cli(config, ['search', 'drone kidal', '--json']).stdout)).toMatchObject({ url: 'https://wire.example.org/kidal' });
    const bad = cli(config, ['search', 'x', '--since', 'yesterday']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('sahelwatch: search: since: expected an ISO date or date-time, e.g. 2025-01-31');
  }, 240_000);
});

describe('GET /api/search', () => {
  let api: TestConsole;
  let pg: TestDatabase;

  beforeAll(async () => {
    pg = await createTestDatabase('search_api');
    api = await startTestConsole('search-api');
    api.ctx.record = await openRecord(DatabaseConfigSchema.parse({ url: pg.url }));
    await keep(api.ctx.record);
  });
  afterAll(async () => {
    await api.ctx.record?.close();
    await api?.close();
    await pg?.drop();
  });

  it('answers hits with the matched words marked, and 400 with one line for a bad filter', async () => {
    const ok = await api.api('/api/search?q=Diboli&event_type=arson&since=2026-02-01');
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { hits: Array<{ id: string; snippet: string }> };
    expect(body.hits.map((h) => h.id)).toEqual([REPORT.id]);
    expect(body.hits[0]?.snippet).toContain('«Diboli»');
    const region = async (admin1: string) => ((await (await api.api(`/api/search?admin1=${encodeURIComponent(admin1)}`)).json()) as { hits: { id: string }[] }).hits.map((h) => h.id);
    expect(await region('kayes')).toEqual([REPORT.id]);
    expect(await region('Alibori,Kayes')).toEqual([REPORT.id]);
    expect(await region('Alibori')).toEqual([]);
    const bad = await api.api('/api/search?q=x&lat=13');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'radius_km: lat, lon and radius_km go together' });
    const unknown = await api.api('/api/search?colour=red');
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^unknown search parameter "colour" \(allowed: q, country/);
  });
});
