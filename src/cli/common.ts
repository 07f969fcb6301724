import type { Command } from 'commander';
import { type Config, loadConfig } from '../config/config.js';
import { createLogger, type Logger } from '../core/log.js';
import { ValidationError } from '../core/validate.js';

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

/** Runs an async action; a CliExit or any error becomes one line on stderr and a non-zero exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`sahelwatch: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = err instanceof CliExit ? err.code : 1;
    }
  };
}
