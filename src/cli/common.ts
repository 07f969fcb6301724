import { existsSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../config/config.js';
import { createLogger, type Logger } from '../core/log.js';
import { ValidationError } from '../core/validate.js';
import { loadIndicators } from '../matching/indicators.js';

/** The root program's --config, from any subcommand. */
export function configFile(cmd: Command): string | undefined {
  return cmd.optsWithGlobals<{ config?: string }>().config;
}

export class CliExit extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/** Loads the config or exits with every problem on its own line (file:line:col key.path: message). */
export function loadConfigOrExit(cmd: Command): Config {
  try {
    return loadConfig(configFile(cmd));
  } catch (err) {
    if (err instanceof ValidationError) {
      for (const problem of err.problems) process.stderr.write(`${problem}\n`);
      throw new CliExit(`configuration ${err.file} is invalid; refusing to start`);
    }
    throw err;
  }
}

export function cliLogger(): Logger {
  return createLogger();
}

/** One line for a person: a missing file names the file, not the syscall. */
function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT' && e.path) return `no such file or directory: ${e.path}`;
  if (e?.code === 'EISDIR' && e.path) return `${e.path} is a directory, not a file`;
  if (e?.code === 'EACCES' && e.path) return `permission denied: ${e.path}`;
  return err instanceof Error ? err.message : String(err);
}

/** Runs an async action; a CliExit or any error becomes one line on stderr and a non-zero exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`sahelwatch: ${describeError(err)}\n`);
      process.exitCode = err instanceof CliExit ? err.code : 1;
    }
  };
}

/** Why a folder yields no indicators, in words an operator can act on; undefined when it yields some. */
export function noIndicatorsReason(dir: string): string | undefined {
  const { indicators, errors } = loadIndicators(dir);
  if (indicators.length > 0) return undefined;
  const why = !existsSync(dir)
    ? 'no such folder'
    : errors.length > 0
      ? `every file was rejected (${errors.length} problems: run \`sahelwatch check\`)`
      : 'it holds no *.yaml indicator files';
  return `no indicators loaded from ${dir}: ${why}. indicators.dir is resolved against the config file's folder (without a config file, the working directory).`;
}

/** Watching for nothing is never a green: commands that match refuse to run with zero indicators. */
export function requireIndicators(config: Config): void {
  const reason = noIndicatorsReason(config.indicators.dir);
  if (reason) throw new CliExit(reason);
}

/** A commander parser for a comma-separated subset of `allowed` (`--only poll,analyze`). */
export function parseList<T extends string>(allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) {
      if (!allowed.includes(item as T)) throw new InvalidArgumentError(`"${item}" is not one of ${allowed.join(', ')}`);
    }
    return items as T[];
  };
}
