/**
 * Machine-readable reasons a message is rejected. Each has a section in docs/PROTOCOL.md.
 * @public
 */
export type ProtocolErrorCode =
  | 'TRUNCATED'
  | 'LENGTH_MISMATCH'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNKNOWN_TYPE'
  | 'SIZE_MISMATCH'
  | 'BAD_JSON'
  | 'BAD_PAYLOAD'
  | 'READER_ERRORED';

interface CodeInfo {
  readonly message: string;
  /** WebSocket close code a peer uses when this error ends a connection. */
  readonly closeCode: number;
}

const CODES: Readonly<Record<ProtocolErrorCode, CodeInfo>> = {
  TRUNCATED: { message: 'message is shorter than its header or payload_len says', closeCode: 1002 },
  LENGTH_MISMATCH: { message: 'buffer length differs from 16 + payload_len', closeCode: 1002 },
  PAYLOAD_TOO_LARGE: { message: 'payload_len exceeds the configured maximum', closeCode: 1009 },
  UNKNOWN_TYPE: { message: 'unknown frame or input type', closeCode: 1002 },
  SIZE_MISMATCH: { message: 'payload size does not match what the header implies', closeCode: 1007 },
  BAD_JSON: { message: 'payload is not a valid UTF-8 JSON object', closeCode: 1007 },
  BAD_PAYLOAD: { message: 'payload is malformed for its type', closeCode: 1007 },
  READER_ERRORED: { message: 'reader already failed; create a new one', closeCode: 1002 },
};

/**
 * The one error type of the protocol and codec layers. `code` says why; `closeCode` is the
 * WebSocket close code to use if the error ends a connection.
 * @public
 */
export class ProtocolError extends Error {
  /** Machine-readable reason. */
  readonly code: ProtocolErrorCode;
  /** WebSocket close code (1002 protocol, 1007 bad data, 1009 too big). */
  readonly closeCode: number;

  constructor(code: ProtocolErrorCode, detail?: string) {
    const info = CODES[code];
    super(detail ? `${code}: ${info.message} (${detail})` : `${code}: ${info.message}`);
    this.name = 'ProtocolError';
    this.code = code;
    this.closeCode = info.closeCode;
  }
}

/** Throws a `ProtocolError`; typed `never` so control flow narrows after it. @internal */
export function fail(code: ProtocolErrorCode, detail?: string): never {
  throw new ProtocolError(code, detail);
}

/** True when `e` is a `ProtocolError` (optionally with the given code). @public */
export function isProtocolError(e: unknown, code?: ProtocolErrorCode): e is ProtocolError {
  return e instanceof ProtocolError && (code === undefined || e.code === code);
}
