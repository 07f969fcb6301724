import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoryEvent } from '../../src/events/story-event.js';
import { eventsToAcledCsv } from '../../src/exports/acled-csv.js';
import { extract } from '../../src/extraction/extract.js';
import { importEventFile, type RowProblem } from '../../src/record/import-events.js';
import { cliWithConfig } from '../helpers/cli.js';
import { BACKENDS, type OpenedRecord, openTestRecord } from '../helpers/record.js';

/** ACLED's own column order, with a column sahelwatch does not read (interaction). */
const HEADER = 'event_id_cnty,event_date,year,event_type,sub_event_type,actor1,actor2,interaction,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities';
const ROWS = [
  `BEN1001,2025-02-10,2025,Battles,Armed clash,"JNIM: Jama'atu Nusrat al-Islam wal-Muslimin",Military Forces of Benin (2021-),12,Benin,Alibori,Karimama,Karimama,12.07,3.18,1,Benin Web TV; ORTB,"JNIM militants attacked an army post near Karimama, killing 3 soldiers.",3`,
  `BEN1002,2025-02-12,2025,Violence against civilians,Abduction/forced disappearance,Islamic State (Sahel),Civilians (Benin),37,Benin,Atacora,Tanguieta,Tanguieta,10.62,1.26,2,ORTB,"Gunmen abducted two herders;\nlater released.",0`,
  `BEN1003,2025-02-13,2025,Battles,Armed clash,JNIM,,12,Benin,Alibori,,,,,,,,`,
  `BEN1004,13/02/2025x,2025,Battles,Armed clash,JNIM,,12,Benin,Alibori,,,,,,,,0`,
  `BEN1005,2025-02-14,2025,Battles,Armed clash,JNIM,,12,Narnia,Alibori,,,,,,,,0`,
  `BEN1006,2025-02-15,2025,Battles,Armed clash,JNIM,,12,Benin,Alibori,,Kandi,95.2,2.9,,,,0`,
  `BEN1007,2025-02-16,2025,Battles,Armed clash,JNIM`,
];

function csv(rows: string[]): string {
  return `\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`;
}

describe.each(BACKENDS)('importing an ACLED-style events CSV on %s', (backend) => {
  let opened: OpenedRecord;
  let dir: string;

  beforeAll(async () => {
    opened = await openTestRecord(backend, 'import_events');
    dir = mkdtempSync(join(tmpdir(), 'sw-import-events-'));
  }, 60_000);
  afterAll(async () => {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps good rows as events with gazetteer actors, sahelwatch event types and regions; bad rows are reported by line and field and skipped', async () => {
    const file = join(dir, 'benin.csv');
    writeFileSync(file, csv(ROWS));
    const problems: RowProblem[] = [];
    const totals = await importEventFile(opened.record, file, (p) => problems.push(p), Date.parse('2025-03-01T00:00:00Z'));
    expect(totals).toEqual({ read: 7, added: 3, updated: 0, skipped: 4 });
    // Line numbers count the quoted line break inside BEN1002's notes.
    expect(problems).toEqual([
      { line: 6, field: 'event_date', message: 'expected a date such as 2025-03-14' },
      { line: 7, field: 'country', message: 'unknown country "Narnia"' },
      { line: 8, field: 'latitude', message: 'expected a latitude, got "95.2"' },
      { line: 9, field: 'row', message: 'expected 18 fields as in the header, got 6' },
    ]);
    const rows = await opened.record.db.selectFrom('events').select(['id', 'first_report', 'countries', 'actors', 'event_types', 'admin1', 'data']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.countries, r.actors, r.event_types, r.admin1])).toEqual([
      ['acled_BEN1001', ['BJ'], ['actor/jnim'], ['attack'], ['Alibori']],
      ['acled_BEN1002', ['BJ'], ['actor/isgs'], ['kidnapping'], ['Atacora']],
      ['acled_BEN1003', ['BJ'], ['actor/jnim'], ['attack'], ['Alibori']],
    ]);
    expect(new Date(rows[0]!.first_report).toISOString()).toBe('2025-02-10T00:00:00.000Z');
    const first = rows[0]!.data as StoryEvent;
    expect(first).toMatchObject({ story: { title: 'JNIM militants attacked an army post near Karimama, killing 3 soldiers.', outlets: 2 }, casualties: [{ kind: 'killed', count: 3 }] });
    expect(first.places[0]).toMatchObject({ name: 'Karimama', admin1: 'Alibori', country: 'BJ', lat: 12.07, lon: 3.18 });
    expect((rows[1]!.data as StoryEvent).story.title).toBe('Gunmen abducted two herders;\nlater released.');
  });

  it('imports a file twice without adding anything, and takes a revised row (ACLED updates fatalities)', async () => {
    const file = join(dir, 'benin.csv');
    expect(await importEventFile(opened.record, file, () => {})).toMatchObject({ added: 0, updated: 0, skipped: 4 });
    const revised = join(dir, 'revised.csv');
    writeFileSync(revised, csv([ROWS[0]!.replace(/,3$/, ',5'), ROWS[2]!]));
    expect(await importEventFile(opened.record, revised, () => {})).toEqual({ read: 2, added: 0, updated: 1, skipped: 0 });
    const [row] = await opened.record.db.selectFrom('events').select('data').where('id', '=', 'acled_BEN1001').execute();
    expect((row?.data as StoryEvent | undefined)?.casualties).toEqual([{ kind: 'killed', count: 5 }]);
  });

  it('reads the service’s own events export back onto the events it came from, never overwriting them', async () => {
    const event: StoryEvent = {
      id: 'st_kpinkankandi',
      story: { id: 'st_kpinkankandi', title: 'Attack on Kpinkankandi army post', firstReport: '2025-01-08T06:00:00.000Z', latestReport: '2025-01-08T09:00:00.000Z', outlets: 3, sources: [] },
      places: [{ id: 'place/bj/karimama', name: 'Karimama', country: 'BJ', admin1: 'Alibori', lat: 12.07, lon: 3.18 }],
      countries: ['BJ'],
      actors: [{ id: 'actor/jnim', name: 'JNIM' }],
      eventTypes: ['attack'],
      casualties: [{ kind: 'killed', count: 28 }],
      updatedAt: '2025-01-09T00:00:00.000Z',
    };
    await opened.record.saveAnalysis({
      article: { id: 'ar_k', itemId: 'it_k', feedId: 'f', outlet: 'o', url: 'https://o.example.org/k', title: event.story.title, text: '', published: event.story.firstReport, textSource: 'page' },
      seenAt: Date.parse(event.story.firstReport),
      story: event.story,
      extraction: extract({ title: event.story.title, text: '' }),
      indicators: [],
      event,
    });
    const exported = join(dir, 'export.csv');
    writeFileSync(exported, eventsToAcledCsv([event], { bom: true }));
    expect(await importEventFile(opened.record, exported, () => {})).toEqual({ read: 1, added: 0, updated: 0, skipped: 0 });
    const [row] = await opened.record.db.selectFrom('events').select('data').where('id', '=', 'st_kpinkankandi').execute();
    expect(row?.data).toEqual(event);
  });

  it('sahelwatch import FILE.csv prints the totals and one stderr line per skipped row; a file without the needed columns is one line', async () => {
    if (backend !== 'postgres') return;
    const config = join(dir, 'server.yaml');
    writeFileSync(config, `database:\n  url: ${opened.database.url}\n`);
    const file = join(dir, 'cli.csv');
    writeFileSync(file, csv([ROWS[0]!.replace('BEN1001', 'BEN2001'), ROWS[3]!]));
    const cli = (args: string[]) => cliWithConfig(config, args);
    const run = cli(['import', file]);
    expect(run.stdout).toBe(`${file}: 2 events read, 1 new in the record, 0 updated, 1 skipped\n`);
    expect(run.stderr).toBe(`sahelwatch: ${file}:3: event_date: expected a date such as 2025-03-14; row skipped\n`);
    expect(run.status).toBe(1);
    const headless = join(dir, 'headless.csv');
    writeFileSync(headless, 'id,date,type\n1,2025-01-01,Battles\n');
    const refused = cli(['import', headless]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`sahelwatch: ${headless}:1: missing columns event_id_cnty, event_date, event_type, country (an ACLED-style header: event_id_cnty, event_date, event_type, country, …)\n`);
  }, 120_000);
});
