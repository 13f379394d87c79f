import { redactToken } from './token';

/**
 * Machine-readable reasons a transport fails. Each maps to a message and, where a socket is
 * involved, the WebSocket close code that goes with it.
 * @public
 */
export type TransportErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'NO_WEBSOCKET'
  | 'BAD_URL'
  | 'CONNECT_FAILED'
  | 'CLOSED_BY_PEER'
  | 'CONNECT_TIMEOUT'
  | 'NO_PONG'
  | 'RETRIES_EXHAUSTED'
  | 'REFUSED'
  | 'TOKEN_FAILED'
  | 'TEXT_FRAME'
  | 'DISPOSED';

interface CodeInfo {
  readonly message: string;
  readonly closeCode: number;
}

const CODES: Readonly<Record<TransportErrorCode, CodeInfo>> = {
  ILLEGAL_TRANSITION: { message: 'illegal transport state transition', closeCode: 1011 },
  NO_WEBSOCKET: { message: 'no WebSocket implementation available', closeCode: 1011 },
  BAD_URL: { message: 'transport URL is not a ws:// or wss:// URL', closeCode: 1011 },
  CONNECT_FAILED: { message: 'could not open the connection', closeCode: 1006 },
  CLOSED_BY_PEER: { message: 'the peer closed the connection', closeCode: 1006 },
  CONNECT_TIMEOUT: { message: 'the connection did not open in time', closeCode: 1006 },
  NO_PONG: { message: 'the peer stopped answering pings (half-open connection)', closeCode: 4000 },
  RETRIES_EXHAUSTED: { message: 'gave up reconnecting', closeCode: 1006 },
  REFUSED: { message: 'the relay refused the connection for good (no retry)', closeCode: 4401 },
  TOKEN_FAILED: { message: 'getToken failed; retrying on the backoff schedule', closeCode: 1006 },
  TEXT_FRAME: { message: 'text frame ignored: ds-stream sends binary frames only', closeCode: 1003 },
  DISPOSED: { message: 'transport was closed', closeCode: 1000 },
};

/**
 * Close codes after which a reconnect cannot succeed, so the transport stops instead of retrying:
 * the relay's 4400 (bad channel or role), 4401 (token missing, malformed, expired or for another
 * channel) and 4403 (origin not allowed, or a peer broke its role), and 1008 (policy violation: the
 * relay closes persistent input flooders with it). 4409 (source exists) and 4429 (limit reached)
 * are not here: they can succeed later and keep the backoff schedule.
 * @internal
 */
export const PERMANENT_CLOSE_CODES: readonly number[] = [1008, 4400, 4401, 4403];

/** True when a close with `code` is a permanent refusal (see `PERMANENT_CLOSE_CODES`). @internal */
export function isPermanentClose(code: number): boolean {
  return PERMANENT_CLOSE_CODES.includes(code);
}

/** Optional parts of a `TransportError`. @public */
export interface TransportErrorExtra {
  /** The peer's close reason. */
  closeReason?: string;
  /** The underlying failure (a `getToken` rejection). */
  cause?: unknown;
}

/**
 * The transport layer's error type, built like `ProtocolError`: `code` says why and
 * `closeCode` is the WebSocket close code that goes with it (or the peer's, when it closed).
 * `token` query parameters in the detail are replaced with `***`: a relay token never shows up in
 * an error message (nor in whatever logs it).
 * @example
 * ```ts
 * transport.on('error', (e) => { if (e.code === 'RETRIES_EXHAUSTED') showOffline(); });
 * ```
 * @public
 */
export class TransportError extends Error {
  /** Machine-readable reason. */
  readonly code: TransportErrorCode;
  /** WebSocket close code (the peer's when it closed the socket). */
  readonly closeCode: number;
  /** The peer's close reason when it closed the socket (e.g. `'token expired'`), else `''`. */
  readonly closeReason: string;

  constructor(
    code: TransportErrorCode,
    detail?: string,
    closeCode?: number,
    extra: TransportErrorExtra = {},
  ) {
    const info = CODES[code];
    const safe = detail === undefined ? undefined : redactToken(detail);
    super(
      safe ? `${code}: ${info.message} (${safe})` : `${code}: ${info.message}`,
      extra.cause === undefined ? undefined : { cause: extra.cause },
    );
    this.name = 'TransportError';
    this.code = code;
    this.closeCode = closeCode ?? info.closeCode;
    this.closeReason = redactToken(extra.closeReason ?? '');
  }
}

/** True when `e` is a `TransportError` (optionally with the given code). @public */
export function isTransportError(e: unknown, code?: TransportErrorCode): e is TransportError {
  return e instanceof TransportError && (code === undefined || e.code === code);
}
