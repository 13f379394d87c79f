import { FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { frameFlagsError } from '../protocol/frame-rules';
import { u32 } from '../protocol/header';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { applyDeltaWords, encodeDeltaWords, parseDeltaOps } from './delta-kernel';
import { checkU16, expectFrame, type FrameMeta, frameHeader } from './frame-meta';

/** Value of payload byte 0 of a DeltaPixels frame: the RLE layout documented in docs/PROTOCOL.md. @public */
export const DELTA_FORMAT = 1;

/** Bytes of the DeltaPixels payload header (format, reserved, ops length, literal word count). @public */
export const DELTA_HEADER_SIZE = 12;

/** Where the sections of a DeltaPixels payload lie. @internal */
export interface DeltaLayout {
  /** Bytes of op varints, starting at payload offset 12. */
  opsLength: number;
  /** Words (4 bytes each) in the literal section. */
  litWords: number;
  /** Payload offset of the literal section (a multiple of 4). */
  litOffset: number;
}

/**
 * Payload offset of the literal section after `opsLength` op bytes: padded to a multiple of 4.
 * Plain arithmetic, no `& ~3`: a hostile u32 `opsLength` such as 0xFFFFFFF0 must give a huge
 * offset (which the size check then refuses), never a wrapped negative one.
 * @internal
 */
export function literalOffset(opsLength: number): number {
  const end = DELTA_HEADER_SIZE + opsLength;
  return end + ((4 - (end % 4)) % 4);
}

/**
 * Reads and checks a DeltaPixels payload header: known format, and section sizes that add
 * up to exactly the payload length. Each section is checked against the bytes that remain
 * after the previous one, in plain integer arithmetic, so no length field can wrap around.
 * @throws ProtocolError `BAD_PAYLOAD` (short payload, unknown format), `SIZE_MISMATCH`
 * @internal
 */
export function readDeltaLayout(payload: Uint8Array): DeltaLayout {
  const size = payload.length;
  if (size < DELTA_HEADER_SIZE) {
    fail('BAD_PAYLOAD', `DeltaPixels payload is ${size} bytes, its header alone is ${DELTA_HEADER_SIZE}`);
  }
  if (payload[0] !== DELTA_FORMAT) fail('BAD_PAYLOAD', `unknown DeltaPixels format ${payload[0]}`);
  const opsLength = u32(payload, 4);
  const litWords = u32(payload, 8);
  if (opsLength > size - DELTA_HEADER_SIZE) {
    fail(
      'SIZE_MISMATCH',
      `DeltaPixels ops_len ${opsLength} exceeds the ${size - DELTA_HEADER_SIZE} bytes after its header`,
    );
  }
  const litOffset = literalOffset(opsLength);
  const litBytes = size - litOffset;
  if (litBytes < 0 || litWords !== litBytes / 4) {
    fail(
      'SIZE_MISMATCH',
      `DeltaPixels sections add up to ${litOffset + litWords * 4} bytes, payload is ${size}`,
    );
  }
  return { opsLength, litWords, litOffset };
}

// Aligned copies for inputs whose byteOffset is not a multiple of 4 (Node's pooled Buffers,
// subarrays): one memcpy lets the word kernel run on every input.
let scratchA: Uint32Array = new Uint32Array(0);
let scratchB: Uint32Array = new Uint32Array(0);

function grow(buf: Uint32Array, words: number): Uint32Array {
  return buf.length >= words ? buf : new Uint32Array(Math.max(words, buf.length * 2));
}

/**
 * The words of `bytes` (whose length must be a multiple of 4) as a Uint32Array bounded by
 * `bytes` itself: the view never reaches into the rest of its backing buffer.
 */
function wordsOf(bytes: Uint8Array | Uint8ClampedArray, which: 'a' | 'b'): Uint32Array {
  const words = bytes.length / 4;
  if (!Number.isInteger(words)) throw new RangeError(`wordsOf: ${bytes.length} bytes is not whole words`);
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  let s: Uint32Array;
  if (which === 'a') s = scratchA = grow(scratchA, words);
  else s = scratchB = grow(scratchB, words);
  new Uint8Array(s.buffer, 0, bytes.length).set(bytes);
  return s.subarray(0, words);
}

/**
 * Encodes `current` as a DeltaPixels frame (0x03, never FLAG_KEYFRAME): XOR against
 * `previous`, run-length coded over 32-bit pixels. Lossless; a frame where nothing changed
 * costs 12 payload bytes.
 * @throws ProtocolError `SIZE_MISMATCH` when a buffer is not width*height*4 bytes,
 * `BAD_PAYLOAD` when a dimension is not a u16
 * @example
 * ```ts
 * const msg = encodeDelta(frame, lastSent, 600, 400, { seq, timestamp });
 * lastSent.set(frame); // the reference is the last frame actually sent
 * ```
 * @public
 */
export function encodeDelta(
  current: Uint8Array | Uint8ClampedArray,
  previous: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  meta: FrameMeta,
): Uint8Array {
  checkU16('width', width);
  checkU16('height', height);
  const words = width * height;
  const size = words * 4;
  if (current.length !== size || previous.length !== size) {
    fail(
      'SIZE_MISMATCH',
      `current ${current.length} / previous ${previous.length} bytes, ${width}x${height}x4 = ${size}`,
    );
  }
  const { ops, lits } = encodeDeltaWords(wordsOf(current, 'a'), wordsOf(previous, 'b'), words);
  const litOffset = literalOffset(ops.length);
  const out = allocMessage(
    frameHeader(FrameType.DeltaPixels, 0, meta, width, height),
    litOffset + lits.length * 4,
  );
  const p = HEADER_SIZE;
  out[p] = DELTA_FORMAT;
  writeU32(out, p + 4, ops.length);
  writeU32(out, p + 8, lits.length);
  out.set(ops, p + DELTA_HEADER_SIZE);
  out.set(new Uint8Array(lits.buffer, lits.byteOffset, lits.length * 4), p + litOffset);
  return out;
}

function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/**
 * Applies a DeltaPixels frame to `target`, the previous frame (width*height*4 bytes),
 * XOR-ing it in place into the current frame. Everything is validated before the first
 * byte is written: on any error `target` is unchanged.
 * @throws ProtocolError `UNKNOWN_TYPE` (not DeltaPixels), `SIZE_MISMATCH` (target or
 * section sizes), `BAD_PAYLOAD` (FLAG_KEYFRAME set, unknown format, bad ops)
 * @example
 * ```ts
 * const frame = decodeFrame(message);
 * if (frame.kind === 'delta') applyDelta(frame.message, backbuffer);
 * ```
 * @public
 */
export function applyDelta(message: Message, target: Uint8Array): void {
  const { opsLength, litWords, litOffset } = checkDelta(message);
  const { header, payload } = message;
  const words = header.width * header.height;
  if (target.length !== words * 4) {
    fail(
      'SIZE_MISMATCH',
      `target is ${target.length} bytes, ${header.width}x${header.height}x4 = ${words * 4}`,
    );
  }
  const ops = parseDeltaOps(
    payload.subarray(DELTA_HEADER_SIZE, DELTA_HEADER_SIZE + opsLength),
    words,
    litWords,
  );
  const lits = wordsOf(payload.subarray(litOffset, litOffset + litWords * 4), 'b');
  if (target.byteOffset % 4 === 0) {
    applyDeltaWords(new Uint32Array(target.buffer, target.byteOffset, words), ops, lits);
    return;
  }
  const t = wordsOf(target, 'a');
  applyDeltaWords(t, ops, lits);
  target.set(new Uint8Array(t.buffer, t.byteOffset, words * 4));
}

/**
 * Checks what can be checked of a DeltaPixels message without the previous frame: type,
 * no FLAG_KEYFRAME, known format and consistent section sizes.
 * @throws ProtocolError `UNKNOWN_TYPE`, `BAD_PAYLOAD`, `SIZE_MISMATCH`
 * @public
 */
export function checkDeltaMessage(message: Message): void {
  checkDelta(message);
}

function checkDelta(message: Message): DeltaLayout {
  expectFrame(message, FrameType.DeltaPixels);
  const flagsError = frameFlagsError(message.header.type, message.header.flags);
  if (flagsError !== null) fail('BAD_PAYLOAD', flagsError);
  return readDeltaLayout(message.payload);
}
