/**
 * The 16-byte header, decoded. All multi-byte fields are little-endian on the wire.
 * @public
 */
export interface Header {
  /** Frame type, or input type when `flags & Flag.Input`. */
  type: number;
  /** Flag bits (`Flag`). */
  flags: number;
  /** Per-sender sequence number, wraps at 65536. */
  seq: number;
  /** Milliseconds since the sender's stream start, wraps at 2^32. */
  timestamp: number;
  /** Frame width in pixels (sample rate for audio; 0 when not a picture). */
  width: number;
  /** Frame height in pixels (channel count for audio; 0 when not a picture). */
  height: number;
  /** Bytes of payload after the header. */
  payloadLength: number;
}

/**
 * One decoded message: its header and a view (not a copy) of its payload.
 * @public
 */
export interface Message {
  readonly header: Header;
  /** View into the received bytes; copy it if you keep it past the next receive. */
  readonly payload: Uint8Array;
}

/** Header fields a sender chooses; `payloadLength` is derived from the payload. @public */
export type HeaderInit = Omit<Header, 'payloadLength'>;

/** Options shared by decoders. @public */
export interface DecodeOptions {
  /**
   * Largest payload accepted, in bytes.
   * @defaultValue 16 MiB (`DEFAULT_MAX_PAYLOAD`)
   */
  maxPayload?: number;
}
