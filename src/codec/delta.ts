import { FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { frameFlagsError } from '../protocol/frame-rules';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { jsApplyCoded, jsEncode } from './delta-js';
import { applyDeltaWords, parseDeltaOps, scanDeltaOps } from './delta-kernel';
import { activeWasmKernel } from './delta-kernels';
import {
  DELTA_CODED_HEADER_SIZE,
  DELTA_FORMAT,
  DELTA_FORMAT_CODED,
  DELTA_HEADER_SIZE,
  type DeltaLayout,
  literalOffset,
  readDeltaLayout,
} from './delta-layout';
import { wordsOf } from './delta-words';
import { checkU16, expectFrame, type FrameMeta, frameHeader } from './frame-meta';

export {
  DELTA_CODED_HEADER_SIZE,
  DELTA_FORMAT,
  DELTA_FORMAT_CODED,
  DELTA_HEADER_SIZE,
  type DeltaLayout,
  literalOffset,
  readDeltaLayout,
};

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
  const wasm = activeWasmKernel();
  const {
    format,
    ops,
    words: lits,
    coded,
  } = (wasm ? wasm.encode : jsEncode)(current, previous, width, height);
  const header = format === DELTA_FORMAT ? DELTA_HEADER_SIZE : DELTA_CODED_HEADER_SIZE;
  const litOffset = literalOffset(ops.length, header);
  const out = allocMessage(
    frameHeader(FrameType.DeltaPixels, 0, meta, width, height),
    litOffset + lits.length * 4 + coded.length,
  );
  const p = HEADER_SIZE;
  out[p] = format === DELTA_FORMAT ? DELTA_FORMAT : DELTA_FORMAT_CODED;
  writeU32(out, p + 4, ops.length);
  writeU32(out, p + 8, lits.length);
  if (format !== DELTA_FORMAT) writeU32(out, p + 12, coded.length);
  out.set(ops, p + header);
  out.set(new Uint8Array(lits.buffer, lits.byteOffset, lits.length * 4), p + litOffset);
  out.set(coded, p + litOffset + lits.length * 4);
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
 * byte is written: on any error `target` is unchanged (except a receiver's picture resident in
 * the WASM kernel's memory, which is decoded where it lies and may be left partly written; its
 * renderer resyncs on a keyframe after any error either way).
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
  const { format, opsOffset, opsLength, litWords, litOffset, codedLength } = checkDelta(message);
  const { header, payload } = message;
  const words = header.width * header.height;
  if (target.length !== words * 4) {
    fail(
      'SIZE_MISMATCH',
      `target is ${target.length} bytes, ${header.width}x${header.height}x4 = ${words * 4}`,
    );
  }
  const opsBytes = payload.subarray(opsOffset, opsOffset + opsLength);
  const litEnd = litOffset + litWords * 4;
  if (format === DELTA_FORMAT_CODED) {
    const scan = scanDeltaOps(opsBytes, words);
    if (scan.fills !== litWords) {
      fail('BAD_PAYLOAD', `delta ops use ${scan.fills} fill words, ${litWords} were sent (format 2)`);
    }
    const coded = payload.subarray(litEnd, litEnd + codedLength);
    const wasm = activeWasmKernel();
    (wasm ? wasm.applyCoded : jsApplyCoded)(
      target,
      header.width,
      scan,
      payload.subarray(litOffset, litEnd),
      coded,
    );
    return;
  }
  // Format 1 is applied in JS by both kernels: it touches only the changed words, in place,
  // which beats copying the frame into wasm memory and back.
  const ops = parseDeltaOps(opsBytes, words, litWords);
  const lits = wordsOf(payload.subarray(litOffset, litEnd), 'b');
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
 * @internal
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
