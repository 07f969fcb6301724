import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_SOURCES } from '../helpers/cli.js';

// `sahelwatch check` and `sahelwatch indicators test`, run as an analyst runs them: the real CLI in a child process.

const RULE = (id: string, examples: string) =>
  [
    `id: ${id}`,
    'title: Fuel tankers set on fire',
    'description: Used by the CLI tests.',
    'severity: low',
    'owner: tests',
    'when:',
    '  type: all',
    '  of:',
    '    - type: phrase',
    '      en: [tanker*]',
    '    - type: phrase',
    '      en: [torched, set fire]',
    'examples:',
    examples,
    '',
  ].join('\n');

const GOOD = RULE('tanker-fire', '  must_match:\n    - "Gunmen torched six fuel tankers near Kayes."\n  must_not_match:\n    - "Fuel tankers reached Bamako safely."');
const BAD_EXAMPLES = RULE(
  'tanker-fire-bad',
  '  must_match:\n    - "Gunmen looted six fuel tankers near Kayes."\n  must_not_match:\n    - "Fuel tankers were torched overnight in Diboli."',
);
const UNKNOWN_ID = 'id: unknown-actor\ntitle: t\ndescription: d\nseverity: low\nowner: tests\nwhen:\n  type: actor\n  any_of: [jnmi]\n';

const root = mkdtempSync(join(tmpdir(), 'sw-indicator-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder of indicator files and a config pointing at it. */
function workspace(name: string, files: Record<string, string>): { dir: string; config: string } {
  const dir = join(root, name);
  const indicators = join(dir, 'indicators');
  mkdirSync(indicators, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(indicators, file), text);
  const config = join(dir, 'sahelwatch.yaml');
  writeFileSync(config, `indicators: { dir: "${indicators}", hot_reload: false }\n`);
  return { dir: indicators, config };
}

function cli(args: string[], options: SpawnSyncOptions = {}) {
  const run = spawnSync(process.execPath, [...CLI_SOURCES, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
    timeout: 60_000,
    ...options,
  });
  return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr) };
}

describe('sahelwatch check', () => {
  it("runs every indicator's examples and reports each failure on a located line, exiting non-zero", () => {
    const { dir, config } = workspace('check-bad', { 'a-good.yaml': GOOD, 'b-bad-examples.yaml': BAD_EXAMPLES, 'c-unknown-id.yaml': UNKNOWN_ID });
    const run = cli(['--config', config, 'check']);
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(`✓ ${dir}/a-good.yaml (2/2 examples pass)`);
    expect(lines).toContain(`✗ ${dir}/b-bad-examples.yaml (0/2 examples pass)`);
    expect(lines).toContain(
      `  ${dir}/b-bad-examples.yaml:15:7 examples.must_match[0]: did not match "Gunmen looted six fuel tankers near Kayes.": when.of[1] (phrase): none of "torched | set fire"`,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}.*\/b-bad-examples\.yaml:17:7 examples\.must_not_match\[0\]: matched "Fuel tankers were torched overnight in Diboli\.", but must not: when\.of\[0\] \(phrase\): phrase: tankers \("tankers"\); when\.of\[1\] \(phrase\): phrase: torched \("torched"\)$/,
      ),
    );
    expect(lines).toContain(`✗ ${dir}/c-unknown-id.yaml`);
    expect(lines).toContain(`  ${dir}/c-unknown-id.yaml:8:12 when.any_of[0]: unknown actor "jnmi"; did you mean "jnim"?`);
  });

  it('passes when every example behaves and every id is known', () => {
    const { dir, config } = workspace('check-good', { 'a-good.yaml': GOOD });
    const run = cli(['--config', config, 'check']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`✓ ${dir}/a-good.yaml (2/2 examples pass)`);
    // The areas of JNIM's components that extraction reads are checked too.
    expect(run.stdout).toMatch(/^✓ \/.*\/data\/attribution$/m);
  });
});

describe('sahelwatch indicators test FILE --text', () => {
  const { dir } = workspace('dry-run', { 'tanker-fire.yaml': GOOD });
  const file = join(dir, 'tanker-fire.yaml');

  it('explains a match on ad-hoc text: conditions, words and sentences', () => {
    const run = cli(['indicators', 'test', file, '--text', 'Gunmen torched six fuel tankers near Kayes.']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^MATCH: tanker-fire \(low\)\n {2}✓ when \(all\)\n/);
    expect(run.stdout).toContain('    ✓ when.of[1] (phrase): "torched"');
    expect(run.stdout).toContain('"torched" in: Gunmen torched six fuel tankers near Kayes.');
    expect(run.stdout).toContain('tanker-fire: matched 1 of 1 document');
  });

  it('--text - reads stdin, and a miss says why', () => {
    const run = cli(['indicators', 'test', file, '--text', '-'], { input: 'Fuel tankers reach Bamako\nThe convoy arrived safely on Monday.\n' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^no match: tanker-fire \(low\)/);
    expect(run.stdout).toContain('  why: when.of[1] (phrase): none of "torched | set fire"');
    expect(run.stdout).toContain('tanker-fire: matched 0 of 1 document');
  });

  it('with no --corpus and text piped in, reads minimal JSONL (title, text, optional lang; other fields ignored)', () => {
    const jsonl = [
      JSON.stringify({ title: 'Tankers torched', text: 'Gunmen torched six fuel tankers near Kayes on Sunday.' }),
      '',
      JSON.stringify({ id: 'fr-1', title: 'Des citernes arrivées', text: 'Les camions-citernes sont arrivés à Bamako.', lang: 'fr', source: 'ignored' }),
    ].join('\n');
    const run = cli(['indicators', 'test', file], { input: jsonl });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('[1] Tankers torched\nMATCH: tanker-fire (low)');
    expect(run.stdout).toContain('[2] fr-1 Des citernes arrivées\nno match: tanker-fire (low)');
    expect(run.stdout).toContain('tanker-fire: matched 1 of 2 documents');
  });

  it('a JSONL line may give its publication date, which makes an event dated years before it history', () => {
    const text = 'Gunmen attacked a police post in Banikoara, northern Benin, in 2019, killing two officers.';
    const jsonl = [JSON.stringify({ id: 'now', text }), JSON.stringify({ id: 'later', text, published: '2026-03-01' })].join('\n');
    const run = cli(['indicators', 'test', 'indicators/w-arly-pendjari-attack.yaml'], { input: jsonl });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\[1\] now Gunmen attacked .*\nMATCH: w-arly-pendjari-attack/);
    expect(run.stdout).toMatch(/\[2\] later Gunmen attacked .*\nno match: w-arly-pendjari-attack/);
    const bad = cli(['indicators', 'test', file, '--text', '-'], { input: '{"title": "ok", "text": "fine", "published": "last week"}\n' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('stdin:1: published: expected a date, YYYY-MM-DD');
  });

  it('a bad JSONL line is named; empty input and --corpus with --text are errors', () => {
    const bad = cli(['indicators', 'test', file, '--text', '-'], { input: '{"title": "ok", "text": "fine"}\n{"title": 5}\n' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('stdin:2: title: expected string, received number');
    const empty = cli(['indicators', 'test', file], { input: '' });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toContain('stdin:1: no text given');
    const both = cli(['indicators', 'test', file, '--text', 'x', '--corpus', 'tests/fixtures/eval/dev.jsonl']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give --corpus or --text, not both');
  });

  it('an indicator naming an unknown id is refused with the suggestion', () => {
    const { dir: d } = workspace('dry-run-unknown', { 'unknown.yaml': UNKNOWN_ID });
    const run = cli(['indicators', 'test', join(d, 'unknown.yaml'), '--text', 'JNIM fighters attacked Kayes.']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('unknown actor "jnmi"; did you mean "jnim"?');
  });
});
