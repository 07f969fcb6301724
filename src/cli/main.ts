import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { packagePath } from '../core/paths.js';
import { startedRedis } from '../queue/redis.js';
import { registerAlertCommands } from './alert-commands.js';
import { registerAnalysisCommands } from './analysis-commands.js';
import { registerFeedCommands } from './feed-commands.js';
import { registerRecordCommands } from './record-commands.js';
import { registerServiceCommands } from './service-commands.js';

export function parseList<T extends string>(allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) {
      if (!allowed.includes(item as T)) throw new InvalidArgumentError(`"${item}" is not one of ${allowed.join(', ')}`);
    }
    return items as T[];
  };
}

// `sahelwatch check | head -1`: a reader that stops early is not an error, and no stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// A private redis-server started by start, demo or replay keeps the data for the next command: never silently.
process.on('exit', () => {
  if (!startedRedis) return;
  const { pid, url, dir } = startedRedis;
  process.stderr.write(`sahelwatch: the redis-server this command started (pid ${pid}, ${url}, data in ${dir}) is still running for the next command; stop it with \`redis-cli -u ${url} shutdown\`.\n`);
});

/**
 * `npx sahelwatch` runs the bin through `sh -c`, and dash does not exec its one
 * command: a SIGTERM to npx reaches the shell, which dies and leaves node running
 * under init. Started by npm or npx (npm sets npm_command), any command treats its
 * parent going away as the SIGTERM it never received (`start` then shuts down
 * gracefully; `npm start` execs node, so npm's own forwarding reaches it directly).
 * Not done for a bare `node` or a container, where a parent shell exiting (nohup, a
 * closed terminal) must not stop it.
 */
function watchWrapper(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.npm_command && !env.npm_lifecycle_event) return;
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.stderr.write('sahelwatch: the npm/npx process that started this one is gone; stopping as on SIGTERM.\n');
    process.kill(process.pid, 'SIGTERM');
  }, 250);
  timer.unref();
}
watchWrapper();

const { version } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };

/** Usage errors (unknown option, missing argument, bad value) exit 2, as getopt tools do; help and --version exit 0. */
export const USAGE_EXIT = 2;

const program = new Command('sahelwatch')
  .description('Watches Sahel news feeds for JNIM indicators and alerts analysts once, with the evidence.')
  .version(version, '-V, --version', 'print the version')
  .option('-c, --config <file>', 'configuration file (default: sahelwatch.yaml if present)')
  .showHelpAfterError()
  // Inherited by every subcommand added below: commander throws instead of exiting, and the code is decided here.
  .exitOverride();

registerServiceCommands(program);
registerAnalysisCommands(program);
registerFeedCommands(program);
registerAlertCommands(program);
registerRecordCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has printed the message (and the help) already.
    const done = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) || err.exitCode === 0;
    process.exitCode = done ? 0 : USAGE_EXIT;
  } else {
    process.stderr.write(`sahelwatch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
