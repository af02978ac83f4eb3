/** A small leveled logger to stderr, so the console chat on stdout stays readable. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  level: Level,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const at = ORDER[level];
  const log = (lvl: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < at) return;
    const extra = fields ? ` ${JSON.stringify(fields, errorReplacer)}` : '';
    write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${extra}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = createLogger('error', () => {});
