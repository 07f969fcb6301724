#!/usr/bin/env -S node --max-old-space-size=512 --max-semi-space-size=4
// The heap cap (about ten times the live heap under load) makes V8 size the heap for it: under load a
// worker held 200–211 MB instead of 263–286 MB at the default 4 GB cap, at the same throughput (README,
// Performance). `npm start` and the container's ENTRYPOINT pass the same flag; `node FLAGS bin/sahelwatch.js`
// runs with yours.
// Runs the compiled service in dist/ (built by `npm run build`, which `npm ci` runs as `prepare`).
// Development runs the TypeScript sources through tsx instead: `npm run dev`, or `npx tsx src/cli/main.ts`.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('sahelwatch: dist/ is missing. Run `npm run build` (`npm ci` builds it), or `npm run dev` to run the sources with tsx.\n');
  process.exit(1);
}
await import(main.href);
