#!/usr/bin/env node
// The npm mirror this project installs from lacks some platform builds of optional
// native packages (e.g. @biomejs/cli-win32-x64@2.6.8). `npm install` then leaves them
// out of package-lock.json, and `npm ci` refuses the lock as out of sync. This adds a
// lock entry (version, os, cpu; nothing to download) for each missing platform build,
// so `npm ci` skips it on other platforms as it would any foreign binary.
// Run after `npm install` changes the lock: node scripts/lock-platform-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = /-(android|darwin|linux|win32|freebsd|openbsd|sunos|aix)-(x64|arm64|arm|ia32|ppc64|s390x|riscv64)(?:-(musl|gnu))?$/;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const added = [];
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const m = name.match(PLATFORM);
    if (lock.packages[key] || !m) continue;
    lock.packages[key] = { version, cpu: [m[2]], ...(pkg.dev ? { dev: true } : {}), ...(m[3] ? { libc: [m[3]] } : {}), license: pkg.license ?? 'MIT', optional: true, os: [m[1]] };
    added.push(`${name}@${version} (for ${path})`);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(added.length ? `added lock entries:\n  ${added.join('\n  ')}\n` : 'lock already complete\n');
