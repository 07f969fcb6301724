#!/usr/bin/env node
// Runs the compiled service in dist/ (built by `npm run build`, which `npm ci` runs as `prepare`).
// Development runs the TypeScript sources through tsx instead: `npm run dev`, or `npx tsx src/cli/main.ts`.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('sahelwatch: dist/ is missing. Run `npm run build` (`npm ci` builds it), or `npm run dev` to run the sources with tsx.\n');
  process.exit(1);
}
await import(main.href);
