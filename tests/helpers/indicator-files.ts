import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIndicatorFile } from '../../src/matching/indicators.js';

/** A scratch indicator file of `kind` (lines 1–6 the metadata, the body from line 7) and the problems its loading reports. */
export function scratchIndicator(kind: string) {
  const dir = mkdtempSync(join(tmpdir(), `sw-${kind}-check-`));
  const file = join(dir, 'bad.yaml');
  const head = `id: t\ntitle: T\ndescription: d\nseverity: high\nowner: me\nkind: ${kind}\n`;
  return {
    dir,
    file,
    write: (body: string) => writeFileSync(file, `${head}${body}`),
    problems: (body: string) => {
      writeFileSync(file, `${head}${body}`);
      return loadIndicatorFile(file, new Map()).errors;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
