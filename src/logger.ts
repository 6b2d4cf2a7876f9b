/** One line per event, `key=value` context last, so a request id or error id greps to its stack. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const log = (at: LogLevel) => (message: string, context?: Record<string, unknown>) => {
    if (order[at] < order[level]) return;
    write(`${new Date().toISOString()} ${at.toUpperCase()} ${message}${formatContext(context)}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function formatContext(context: Record<string, unknown> | undefined): string {
  if (!context) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (value instanceof Error) parts.push(`${key}=${JSON.stringify(value.stack ?? value.message)}`);
    else parts.push(`${key}=${typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value)}`);
  }
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}
