import { pino } from 'pino';
import type { RelayLogLevel } from './options';

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
