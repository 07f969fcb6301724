import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_SOURCES } from './cli.js';

/** Writes a config file (YAML is a superset of JSON) for spawned service processes. */
export function writeConfig(config: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sw-proc-')), 'sahelwatch.yaml');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything it logged (stderr). */
  log(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `sahelwatch start --only <roles>` as a real child process; resolves once it logs that it is running.
 * Runs the TypeScript sources unless `entry` says otherwise (the bench runs the build, `bin/sahelwatch.js`, as operators do).
 */
export async function startServiceProcess(configFile: string, roles: string, env: NodeJS.ProcessEnv = {}, entry: string[] = CLI_SOURCES, startTimeoutMs = 20_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...entry, '--config', configFile, 'start', '--only', roles], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const deadline = Date.now() + startTimeoutMs;
  while (!stderr.includes('sahelwatch running.')) {
    if (child.exitCode !== null) throw new Error(`service process exited ${child.exitCode}: ${stderr.slice(-2000)}`);
    if (Date.now() > deadline) {
      // Not left running behind the failed test, writing into folders its cleanup removes.
      child.kill('SIGKILL');
      throw new Error(`service process did not start within ${startTimeoutMs / 1000} s: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    log: () => stderr,
    kill: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Polls until `check` holds, or fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
