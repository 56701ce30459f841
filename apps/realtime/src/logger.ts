// Minimal structured-ish logger port. main.ts passes the console; tests a silent one.
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createConsoleLogger(options: { debug?: boolean } = {}): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    fields ? `[realtime] ${level} ${message} ${JSON.stringify(fields, errorReplacer)}` : `[realtime] ${level} ${message}`;
  return {
    debug: (m, f) => {
      if (options.debug) console.debug(line("debug", m, f));
    },
    info: (m, f) => console.info(line("info", m, f)),
    warn: (m, f) => console.warn(line("warn", m, f)),
    error: (m, f) => console.error(line("error", m, f)),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
