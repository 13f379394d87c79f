import { Flag, frameTypeName } from '../protocol/constants';
import { fail } from '../protocol/errors';
import type { HeaderInit, Message } from '../protocol/types';

/**
 * Sequence number and timestamp an encoder stamps on a frame.
 * @public
 */
export interface FrameMeta {
  /** Per-sender sequence number; wraps at 65536. */
  seq: number;
  /** Milliseconds since the sender's stream start; wraps at 2^32. */
  timestamp: number;
}

/** Throws `BAD_PAYLOAD` unless `value` is an integer in 0..65535 (a u16 header field). @internal */
export function checkU16(name: string, value: number, min = 0): void {
  if (!Number.isInteger(value) || value < min || value > 0xffff) {
    fail('BAD_PAYLOAD', `${name} must be an integer in ${min}..65535, got ${value}`);
  }
}

/** Header fields for a frame of `type`. @internal */
export function frameHeader(
  type: number,
  flags: number,
  meta: FrameMeta,
  width: number,
  height: number,
): HeaderInit {
  return { type, flags, seq: meta.seq, timestamp: meta.timestamp, width, height };
}

/**
 * Throws `UNKNOWN_TYPE` unless `message` is a frame (FLAG_INPUT clear) of `type`, so a
 * decoder handed the wrong message says so instead of misreading its payload. @internal
 */
export function expectFrame(message: Message, type: number): void {
  const { header } = message;
  if (header.type !== type || (header.flags & Flag.Input) !== 0) {
    const got = (header.flags & Flag.Input) !== 0 ? 'an input message' : frameTypeName(header.type);
    fail('UNKNOWN_TYPE', `expected ${frameTypeName(type)}, got ${got}`);
  }
}

/** True on little-endian hosts, where typed-array views read wire order directly. @internal */
export const LITTLE_ENDIAN_HOST: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
