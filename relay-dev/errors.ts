/**
 * WebSocket close codes the relay uses. Custom codes live in 4000–4999 and mirror HTTP
 * statuses so they read at a glance; each one is documented in docs/RELAY.md.
 * @public
 */
export const RelayCloseCode = {
  /** Normal close: the relay or the peer ended the session. */
  Normal: 1000,
  /** The relay is shutting down. */
  GoingAway: 1001,
  /** Malformed message (bad header, length mismatch, unknown type). */
  ProtocolError: 1002,
  /** Text frame: the protocol is binary only. */
  UnsupportedData: 1003,
  /** A receiver kept sending input past its budget (`inputRate`, `inputBytesRate`). */
  PolicyViolation: 1008,
  /** Message larger than 16 + max payload (sent by ws itself). */
  MessageTooBig: 1009,
  /** The relay hit an unexpected error handling this peer's message (a bug; logged). */
  InternalError: 1011,
  /** Bad channel name or role in the URL. */
  BadRequest: 4400,
  /** Token missing, malformed, expired or signed for another channel or role. */
  Unauthorized: 4401,
  /** Origin not allowed, or a peer broke its role (a receiver publishing frames, a source sending input). */
  Forbidden: 4403,
  /** The channel already has a source. */
  SourceExists: 4409,
  /** A limit was reached: receivers per channel, channels per relay, or 65535 live peer ids. */
  LimitReached: 4429,
} as const;

/** A relay close code. @public */
export type RelayCloseCode = (typeof RelayCloseCode)[keyof typeof RelayCloseCode];

/** Machine-readable reasons for a `RelayError`. @public */
export type RelayErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'SOURCE_EXISTS'
  | 'LIMIT_REACHED'
  | 'NOT_LISTENING'
  | 'CLOSED';

const CLOSE_CODES: Readonly<Record<RelayErrorCode, number>> = {
  BAD_REQUEST: RelayCloseCode.BadRequest,
  UNAUTHORIZED: RelayCloseCode.Unauthorized,
  FORBIDDEN: RelayCloseCode.Forbidden,
  SOURCE_EXISTS: RelayCloseCode.SourceExists,
  LIMIT_REACHED: RelayCloseCode.LimitReached,
  NOT_LISTENING: RelayCloseCode.GoingAway,
  CLOSED: RelayCloseCode.GoingAway,
};

/**
 * The relay's error type, built like `ProtocolError`: `code` says why and `closeCode` is the
 * WebSocket close code sent when the error refuses or ends a connection. Its message is the
 * close reason, kept under the 123-byte limit of a close frame.
 * @example
 * ```ts
 * ws.on('close', (code, reason) => code === RelayCloseCode.Unauthorized && console.log(String(reason)));
 * ```
 * @public
 */
export class RelayError extends Error {
  /** Machine-readable reason. */
  readonly code: RelayErrorCode;
  /** WebSocket close code for this refusal. */
  readonly closeCode: number;

  constructor(code: RelayErrorCode, detail: string) {
    super(detail);
    this.name = 'RelayError';
    this.code = code;
    this.closeCode = CLOSE_CODES[code];
  }
}

/** Trims a close reason to the 123 UTF-8 bytes a close frame allows. @internal */
export function closeReason(text: string): string {
  if (Buffer.byteLength(text) <= 123) return text;
  let out = text.slice(0, 120);
  while (Buffer.byteLength(`${out}...`) > 123) out = out.slice(0, -1);
  return `${out}...`;
}
