import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compileGazetteer, loadGazetteer, readGazetteerSnapshot, writeGazetteerSnapshot } from '../../src/extraction/gazetteer.js';
import { packagePath } from '../../src/core/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'sw-gazetteer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the build snapshot of the gazetteer', () => {
  it('compiles to the same gazetteer as the YAML it was made from', () => {
    const file = join(dir, 'snapshot.json');
    writeGazetteerSnapshot(file);
    const read = readGazetteerSnapshot(file);
    expect(read).toBeDefined();
    const fromYaml = loadGazetteer();
    const fromSnapshot = compileGazetteer(read?.entries ?? [], read?.stopwords);
    expect(fromSnapshot.entries).toEqual(fromYaml.entries);
    expect([...fromSnapshot.stopwords]).toEqual([...fromYaml.stopwords]);
    expect([...fromSnapshot.phrases.keys()]).toEqual([...fromYaml.phrases.keys()]);
  });

  it('is not used, and says so, once a source file has changed', () => {
    const data = join(dir, 'data');
    cpSync(packagePath('data', 'gazetteer'), data, { recursive: true });
    const file = join(dir, 'stale.json');
    writeGazetteerSnapshot(file, data);
    expect(readGazetteerSnapshot(file, data)).toBeDefined();
    writeFileSync(join(data, 'stopwords.yaml'), 'en: [the]\nfr: [le]\n');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    expect(readGazetteerSnapshot(file, data)).toBeUndefined();
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/other gazetteer files.*npm run build/);
    warn.mockRestore();
  });

  it('is absent when running from the sources, which read the YAML', () => {
    expect(readGazetteerSnapshot(join(dir, 'none.json'))).toBeUndefined();
  });
});
