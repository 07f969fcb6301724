#!/usr/bin/env node
// Builds data/eval/train.jsonl and data/eval/test.jsonl from the dev items and the
// labelled items written from real reporting (one JSONL file per author batch).
// Items of one real-world event always land in the same split. Events are grouped
// by the indicator their items are labelled with (or none), ordered within each
// group by a hash of the event key, and taken into test in that order until the
// group's test share is reached, so every indicator has positives in both splits.
// Items sharing an event with a dev item stay in train with it. Prints counts
// only: the test split is scored once, when the rules are done, and not read before.
//
//   node scripts/split-corpus.mjs DEV.jsonl BATCH.jsonl [BATCH.jsonl ...]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const TEST_SHARE = 0.37;
const FIELDS = ['id', 'lang', 'published', 'source', 'provenance', 'event', 'title', 'text', 'expect', 'rationale'];
// Events already looked at while tuning stay in train (see the file's header).
const PINNED_TRAIN = new Set(
  readFileSync(new URL('../data/eval/pinned-train-events.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#')),
);
// Event keys two batches spelt differently for one event.
const SAME_EVENT = { '2024-10-koufa-interview-coastal-reactions': '2024-10-21-koufa-france24-interview' };

const [devFile, ...batches] = process.argv.slice(2);
if (!devFile || batches.length === 0) {
  console.error('usage: node scripts/split-corpus.mjs DEV.jsonl BATCH.jsonl [...]');
  process.exit(2);
}
const read = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => [line.trim(), i + 1])
    .filter(([line]) => line)
    .map(([line, n]) => {
      try {
        return JSON.parse(line);
      } catch (e) {
        throw new Error(`${file}:${n}: ${e.message}`);
      }
    });

const pick = (item) => Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
const hash = (key) => createHash('sha256').update(key).digest().readUInt32BE(0);

const all = read(devFile).map((d) => pick({ ...d, event: `dev:${d.id}` }));
const ids = new Set(all.map((d) => d.id));
for (const file of batches) {
  for (const item of read(file)) {
    if (ids.has(item.id)) throw new Error(`${file}: duplicate id ${item.id}`);
    ids.add(item.id);
    const event = item.same_event_as_dev ? `dev:${item.same_event_as_dev}` : (SAME_EVENT[item.event] ?? item.event);
    if (!event) throw new Error(`${file}: ${item.id} has no event key`);
    all.push(pick({ ...item, event }));
  }
}
const byEvent = new Map();
for (const item of all) byEvent.set(item.event, [...(byEvent.get(item.event) ?? []), item]);
const groupOf = (items) => [...new Set(items.flatMap((i) => i.expect.indicators))].sort().join('+') || 'none';
const groups = new Map();
for (const [event, items] of byEvent) {
  const g = groupOf(items);
  groups.set(g, [...(groups.get(g) ?? []), [event, items]]);
}
const testEvents = new Set();
for (const events of groups.values()) {
  const total = events.reduce((n, [, items]) => n + items.length, 0);
  let taken = 0;
  const movable = events.filter(([event]) => !event.startsWith('dev:') && !PINNED_TRAIN.has(event)).sort(([a], [b]) => hash(a) - hash(b));
  for (const [event, items] of movable) {
    if (taken >= TEST_SHARE * total) break;
    testEvents.add(event);
    taken += items.length;
  }
}
const train = all.filter((i) => !testEvents.has(i.event));
const test = all.filter((i) => testEvents.has(i.event));
const write = (file, items) => writeFileSync(file, `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
write('data/eval/train.jsonl', train);
write('data/eval/test.jsonl', test);

const INDICATORS = ['kayes-convoy-interdiction', 'w-arly-pendjari-attack', 'drone-satcom-seizure', 'leadership-nigeria-messaging'];
for (const [name, items] of [['train', train], ['test', test]]) {
  const events = new Set(items.map((i) => i.event)).size;
  const by = (lang) => items.filter((i) => i.lang === lang).length;
  const pos = INDICATORS.map((id) => `${id.split('-')[0]} ${items.filter((i) => i.expect.indicators.includes(id)).length}`).join(', ');
  const neg = items.filter((i) => i.expect.indicators.length === 0).length;
  console.log(`${name}: ${items.length} items (${by('en')} en / ${by('fr')} fr), ${events} events; positives: ${pos}; negatives ${neg}`);
}
