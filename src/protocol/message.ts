import { DEFAULT_MAX_PAYLOAD, Flag, frameTypeName, HEADER_SIZE, isFrameType, isInputType } from './constants';
import { fail } from './errors';
import { readHeader, writeHeader } from './header';
import type { DecodeOptions, Header, HeaderInit, Message } from './types';

/**
 * Throws `UNKNOWN_TYPE` unless `header.type` is a known frame type, or a known input type
 * when `FLAG_INPUT` is set. @internal
 */
export function checkType(header: Header): void {
  const isInput = (header.flags & Flag.Input) !== 0;
  if (isInput ? !isInputType(header.type) : !isFrameType(header.type)) {
    fail('UNKNOWN_TYPE', `${isInput ? 'input' : 'frame'} type ${frameTypeName(header.type)}`);
  }
}

/** Throws `PAYLOAD_TOO_LARGE` when `length` exceeds `max`. @internal */
export function checkPayloadLength(length: number, max: number): void {
  if (length > max) fail('PAYLOAD_TOO_LARGE', `payload_len ${length} > max ${max}`);
}

/**
 * Decodes one whole message (as a WebSocket delivers it). The buffer must be exactly
 * `16 + payload_len` bytes; the returned payload is a view, not a copy.
 * @throws ProtocolError `TRUNCATED`, `PAYLOAD_TOO_LARGE`, `LENGTH_MISMATCH`, `UNKNOWN_TYPE`
 * @public
 */
export function decodeMessage(bytes: Uint8Array, options: DecodeOptions = {}): Message {
  const header = readHeader(bytes);
  checkPayloadLength(header.payloadLength, options.maxPayload ?? DEFAULT_MAX_PAYLOAD);
  const expected = HEADER_SIZE + header.payloadLength;
  if (bytes.length < expected) fail('TRUNCATED', `need ${expected} bytes, have ${bytes.length}`);
  if (bytes.length !== expected) fail('LENGTH_MISMATCH', `expected ${expected} bytes, have ${bytes.length}`);
  checkType(header);
  return { header, payload: bytes.subarray(HEADER_SIZE, expected) };
}

/**
 * Allocates a message of `16 + payloadLength` bytes with its header written, so an encoder
 * can fill the payload in place at offset 16 without a second copy.
 * @internal
 */
export function allocMessage(init: HeaderInit, payloadLength: number): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + payloadLength);
  writeHeader(out, { ...init, payloadLength });
  return out;
}

/**
 * Builds a message from header fields and a payload (copied once into the new buffer).
 * @public
 */
export function encodeMessage(init: HeaderInit, payload: Uint8Array = EMPTY): Uint8Array {
  const out = allocMessage(init, payload.length);
  out.set(payload, HEADER_SIZE);
  return out;
}

const EMPTY = new Uint8Array(0);
