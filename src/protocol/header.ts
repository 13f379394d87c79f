import { HEADER_SIZE } from './constants';
import { fail } from './errors';
import type { Header } from './types';

// Byte-wise reads: no DataView allocation per message, and explicit little-endian on any host.
/** Little-endian u16 at `o` (no bounds check: callers check lengths first). @internal */
export function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
/** Little-endian u32 at `o` (no bounds check: callers check lengths first). @internal */
export function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}
function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/**
 * Reads the 16-byte header at `offset`. Throws `ProtocolError('TRUNCATED')` when fewer than
 * 16 bytes remain.
 * @public
 */
export function readHeader(bytes: Uint8Array, offset = 0): Header {
  if (bytes.length - offset < HEADER_SIZE) {
    fail('TRUNCATED', `header needs ${HEADER_SIZE} bytes, have ${Math.max(0, bytes.length - offset)}`);
  }
  return {
    type: bytes[offset]!,
    flags: bytes[offset + 1]!,
    seq: u16(bytes, offset + 2),
    timestamp: u32(bytes, offset + 4),
    width: u16(bytes, offset + 8),
    height: u16(bytes, offset + 10),
    payloadLength: u32(bytes, offset + 12),
  };
}

/**
 * Writes `header` at `offset`. Fields are truncated to their wire width (seq and
 * timestamp wrap, as the protocol says).
 * @public
 */
export function writeHeader(bytes: Uint8Array, header: Header, offset = 0): void {
  if (bytes.length - offset < HEADER_SIZE) fail('TRUNCATED', 'no room for a header');
  bytes[offset] = header.type & 0xff;
  bytes[offset + 1] = header.flags & 0xff;
  put16(bytes, offset + 2, header.seq);
  put32(bytes, offset + 4, header.timestamp);
  put16(bytes, offset + 8, header.width);
  put16(bytes, offset + 10, header.height);
  put32(bytes, offset + 12, header.payloadLength);
}

/** Type byte of a message (no validation; for routing). @internal */
export function peekType(bytes: Uint8Array): number {
  return bytes[0] ?? -1;
}

/** Flags byte of a message (no validation; for routing). @internal */
export function peekFlags(bytes: Uint8Array): number {
  return bytes[1] ?? 0;
}

/** Sequence number of a message (no validation; for routing and ACKs). @internal */
export function peekSeq(bytes: Uint8Array): number {
  return bytes.length >= 4 ? u16(bytes, 2) : -1;
}

/** Timestamp of a message, or -1 when the header is incomplete (for routing and ACKs). @internal */
export function peekTimestamp(bytes: Uint8Array): number {
  return bytes.length >= 8 ? u32(bytes, 4) : -1;
}

/** payload_len of a message, or -1 when the header is incomplete. @internal */
export function peekPayloadLength(bytes: Uint8Array): number {
  return bytes.length >= HEADER_SIZE ? u32(bytes, 12) : -1;
}

/** Bytes on the wire for a message with `payloadLength` bytes of payload. @internal */
export function messageSize(payloadLength: number): number {
  return HEADER_SIZE + payloadLength;
}
