import { pino, type Logger } from 'pino';

export type { Logger };

/** Values registered here are masked wherever they appear inside logged strings. */
const secretValues = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secretValues.add(value);
}

const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/@\s:]*):([^/@\s]*)@/gi;

/** Masks URL passwords and every registered secret inside a string. */
export function scrubSecrets(text: string): string {
  let out = text.replace(URL_USERINFO, '$1$2:***@');
  for (const secret of secretValues) out = out.split(secret).join('***');
  return out;
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Human-readable output; defaults to true when stderr is a terminal. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

/** Logs go to stderr so that `replay --json` keeps stdout for alerts only. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? (process.stderr.isTTY && !options.destination);
  const base = {
    level,
    redact: {
      paths: ['*.secret', '*.password', '*.token', 'secret', 'password', 'token', '*.headers.authorization'],
      censor: '***',
    },
    formatters: { log: (obj: Record<string, unknown>) => scrubDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)),
        );
      },
    },
  };
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
    });
  }
  return pino(base, options.destination ?? pino.destination(2));
}

/** A logger that drops everything (tests and library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
