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
  TEXT_FRAME: { message: 'text frame ignored: ds-stream sends binary frames only', closeCode: 1003 },
  DISPOSED: { message: 'transport was closed', closeCode: 1000 },
};

/**
 * The transport layer's error type, built like `ProtocolError`: `code` says why and
 * `closeCode` is the WebSocket close code that goes with it (or the peer's, when it closed).
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

  constructor(code: TransportErrorCode, detail?: string, closeCode?: number) {
    const info = CODES[code];
    super(detail ? `${code}: ${info.message} (${detail})` : `${code}: ${info.message}`);
    this.name = 'TransportError';
    this.code = code;
    this.closeCode = closeCode ?? info.closeCode;
  }
}

/** True when `e` is a `TransportError` (optionally with the given code). @public */
export function isTransportError(e: unknown, code?: TransportErrorCode): e is TransportError {
  return e instanceof TransportError && (code === undefined || e.code === code);
}
