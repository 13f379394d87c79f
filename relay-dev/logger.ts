import { pino } from 'pino';

/** Log levels of the relay's pino logger. @public */
export type RelayLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The logging surface the relay uses (a subset of pino's `Logger`). @public */
export interface RelayLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Creates the relay's structured (JSON lines) pino logger at `level`. @internal */
export function createLogger(level: RelayLogLevel): RelayLogger {
  return pino({ name: 'ds-stream-relay', level });
}

/**
 * Wraps a logger so that a throwing one (a user's `logger`, a broken transport) never breaks
 * the relay path that logged: the relay logs from socket callbacks and timers, where a throw
 * would end the process.
 * @internal
 */
export function guardLogger(log: RelayLogger): RelayLogger {
  const guard =
    (level: keyof RelayLogger) =>
    (obj: object, msg?: string): void => {
      try {
        log[level](obj, msg);
      } catch {
        // Nothing sensible to do: the logger is what failed.
      }
    };
  return { error: guard('error'), warn: guard('warn'), info: guard('info'), debug: guard('debug') };
}
