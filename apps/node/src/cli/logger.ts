import type { LogLevel } from '../config/node-config.js';

/** A pino-compatible logger shape (the one `@ring/swim` accepts): `(obj, msg)` or `(msg)`. */
export interface NodeLogger {
  debug(objOrMsg: unknown, msg?: string): void;
  info(objOrMsg: unknown, msg?: string): void;
  warn(objOrMsg: unknown, msg?: string): void;
  error(objOrMsg: unknown, msg?: string): void;
}

const RANK: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value, (_k, v: unknown) =>
      v instanceof Error
        ? `${v.name}: ${v.message}`
        : v instanceof Uint8Array
          ? `<${v.length} bytes>`
          : v,
    );
  } catch {
    return String(value);
  }
}

/**
 * A logger that writes one human-readable line per entry (`time LEVEL [name] message {fields}`)
 * to `write` — stderr in `ring-node`, so stdout stays reserved for `--json` event lines.
 *
 * @param options - minimum level, node name, sink, and a clock for timestamps.
 */
export function createLineLogger(options: {
  readonly level: LogLevel;
  readonly name: string;
  readonly write: (line: string) => void;
  readonly now: () => number;
}): NodeLogger {
  const min = RANK[options.level];
  const log =
    (level: Exclude<LogLevel, 'silent'>) =>
    (objOrMsg: unknown, msg?: string): void => {
      if (RANK[level] < min) return;
      const text =
        typeof objOrMsg === 'string' ? objOrMsg : `${msg ?? ''} ${describe(objOrMsg)}`.trim();
      options.write(
        `${new Date(options.now()).toISOString()} ${level.toUpperCase().padEnd(5)} [${options.name}] ${text}\n`,
      );
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
