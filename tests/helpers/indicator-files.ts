import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIndicatorFile } from '../../src/matching/indicators.js';
import type { Region } from '../../src/matching/regions.js';

/** A scratch indicator file of `kind` (lines 1–6 the metadata, the body from line 7) and the problems its loading reports. */
export function scratchIndicator(kind: string) {
  const dir = mkdtempSync(join(tmpdir(), `sw-${kind}-check-`));
  const file = join(dir, 'bad.yaml');
  const head = `id: t\ntitle: T\ndescription: d\nseverity: high\nowner: me\nkind: ${kind}\n`;
  return {
    dir,
    file,
    write: (body: string) => writeFileSync(file, `${head}${body}`),
    problems: (body: string, regions: ReadonlyMap<string, Region> = new Map()) => {
      writeFileSync(file, `${head}${body}`);
      return loadIndicatorFile(file, regions).errors;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
