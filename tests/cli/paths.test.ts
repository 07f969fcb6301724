
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { awayFromCheckout } from '../helpers/cli.js';
import { deletePrefix, uniquePrefix } from '../helpers/redis.js';

// Paths in the config resolve against the config file, and zero indicators is never a green
// (issue 16): the real CLI in a child process, run from a directory that is not the checkout.

const prefix = uniquePrefix('cli-paths');
const { root: ROOT, away, cli, project, cleanup } = awayFromCheckout(prefix);
afterAll(async () => {
  await deletePrefix(prefix);
  cleanup();
});

describe('paths and zero indicators', () => {
  it('check resolves indicators.dir against the config file, not the working directory', () => {
    const config = project('relative', 'shipped');
    const run = cli(['--config', config, 'check']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(join(away, 'relative', 'watch', 'kayes-convoy-interdiction.yaml'));
    expect(run.stdout.match(/^✓ .*\.yaml \(\d+\/\d+ examples pass\)$/gm)?.length).toBe(4);
  });

  it('check with no indicators fails and says where it looked', () => {
    for (const kind of ['empty', 'none'] as const) {
      const config = project(`zero-${kind}`, kind);
      const run = cli(['--config', config, 'check']);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`✗ ${join(away, `zero-${kind}`, 'watch')}`);
      expect(run.stdout).toMatch(kind === 'empty' ? /no indicators loaded .*holds no \*\.yaml indicator files/ : /no indicators loaded .*no such folder/);
    }
  });

  it('check with no config file here says that defaults apply, and fails on the missing indicators', () => {
    const run = cli(['check']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`✓ no sahelwatch.yaml in ${away}: defaults`);
    expect(run.stdout).toMatch(/✗ indicators\n {2}no indicators loaded from indicators: no such folder/);
  });

  it('start and replay refuse to run with zero indicators', () => {
    const config = project('zero-start', 'empty');
    for (const args of [['start'], ['replay', join(ROOT, 'examples/feeds/le-sahelien.atom')]]) {
      const run = cli(['--config', config, ...args]);
      expect(run.status, args[0]).toBe(1);
      expect(run.stderr).toMatch(/^sahelwatch: no indicators loaded from /);
    }
  });
});
