import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isSeq, parseDocument } from 'yaml';
import { allowPrivateHint, DEFAULT_CONFIG_FILE } from '../config/config.js';
import { readDataFile } from '../core/validate.js';
import { canonicalUrl } from '../feeds/canonical-url.js';
import { exportOpml, importOpml } from '../feeds/opml.js';
import { privateUrlReason } from '../net/address-guard.js';
import { action, configFile, loadConfigOrExit } from './common.js';

/** Adds the OPML's feeds to the config file's `feeds:` list, keeping its comments; skips URLs already there. */
function importIntoConfig(file: string, opmlText: string, dryRun: boolean): { added: string[]; skipped: string[]; errors: string[] } {
  const { feeds, errors } = importOpml(opmlText);
  const source = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const doc = parseDocument(source.trim() ? source : '{}');
  const existing = doc.get('feeds');
  const list = isSeq(existing) ? existing : doc.createNode([]);
  const known = new Set((doc.toJS()?.feeds ?? []).map((f: { url: string }) => canonicalUrl(f.url)));
  const knownIds = new Set((doc.toJS()?.feeds ?? []).map((f: { id: string }) => f.id));
  const added: string[] = [];
  const skipped: string[] = [];
  const allowPrivate: string[] = doc.toJS()?.fetch?.allow_private ?? [];
  for (const feed of feeds) {
    // The fetcher would refuse it: report it instead of adding a feed that can never be polled.
    const refused = privateUrlReason(feed.url, allowPrivate);
    if (refused) {
      errors.push(`${feed.url} is a ${refused}: not added; ${allowPrivateHint(feed.url)}`);
      continue;
    }
    if (known.has(canonicalUrl(feed.url)) || knownIds.has(feed.id)) {
      skipped.push(feed.url);
      continue;
    }
    list.add(doc.createNode(feed, { flow: true }));
    known.add(canonicalUrl(feed.url));
    added.push(feed.url);
  }
  doc.set('feeds', list);
  if (!dryRun && added.length > 0) writeFileSync(file, doc.toString({ lineWidth: 0 }));
  return { added, skipped, errors };
}

export function registerFeedCommands(program: Command): void {
  const feeds = program.command('feeds').description('the feed list: OPML import and export');
  feeds
    .command('import <opml>')
    .description('add the feeds of an OPML file (Feedly, Inoreader, Miniflux, ...) to the config file')
    .option('--dry-run', 'report what would be added without writing')
    .action(
      action(async (opmlFile: string, opts: { dryRun?: boolean }, cmd: Command) => {
        const target = configFile(cmd) ?? DEFAULT_CONFIG_FILE;
        const result = importIntoConfig(target, readDataFile(opmlFile, 'opml'), Boolean(opts.dryRun));
        for (const error of result.errors) process.stderr.write(`${opmlFile}: ${error}\n`);
        const verb = opts.dryRun ? 'would add' : 'added';
        process.stdout.write(`${verb} ${result.added.length} feeds to ${target}, ${result.skipped.length} already there, ${result.errors.length} rejected\n`);
      }),
    );
  feeds
    .command('export')
    .description('print the configured feeds as OPML 2.0')
    .action(
      action(async (_opts: unknown, cmd: Command) => {
        process.stdout.write(exportOpml(loadConfigOrExit(cmd).feeds));
      }),
    );
}
