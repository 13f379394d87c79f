/**
 * The DeltaPixels payload layouts (docs/PROTOCOL.md, "0x03 DeltaPixels"): format 1 (ops and
 * raw XOR literal words) and format 2 (ops, fill words and MED-coded literal pixels), and the
 * checks that their section sizes add up, in plain integer arithmetic so no length wraps.
 */
import { fail } from '../protocol/errors';
import { u32 } from '../protocol/header';

/** Payload byte 0 of a format-1 DeltaPixels frame (raw XOR literals). @internal */
export const DELTA_FORMAT = 1;

/** Payload byte 0 of a format-2 DeltaPixels frame (MED-predicted, packed literals). @internal */
export const DELTA_FORMAT_CODED = 2;

/** Bytes of the format-1 payload header (format, reserved, ops length, literal word count). @internal */
export const DELTA_HEADER_SIZE = 12;

/** Bytes of the format-2 payload header (format, reserved, ops length, fill words, coded length). @internal */
export const DELTA_CODED_HEADER_SIZE = 16;

/** Where the sections of a DeltaPixels payload lie. @internal */
export interface DeltaLayout {
  /** 1 or 2. */
  format: number;
  /** Payload offset of the ops section. */
  opsOffset: number;
  /** Bytes of op varints. */
  opsLength: number;
  /** Format 1: literal and fill words; format 2: fill words. */
  litWords: number;
  /** Payload offset of the word section (a multiple of 4). */
  litOffset: number;
  /** Format 2: bytes of the coded literal stream, right after the words; format 1: 0. */
  codedLength: number;
}

/**
 * Payload offset of the word section after a `header`-byte header and `opsLength` op bytes,
 * padded to a multiple of 4. Plain arithmetic, no `& ~3`: a hostile u32 `opsLength` such as
 * 0xFFFFFFF0 must give a huge offset (which the size check then refuses), never a wrapped one.
 * @internal
 */
export function literalOffset(opsLength: number, header = DELTA_HEADER_SIZE): number {
  const end = header + opsLength;
  return end + ((4 - (end % 4)) % 4);
}

/** Payload bytes of a format-1 frame. @internal */
export function format1Size(opsLength: number, litWords: number): number {
  return literalOffset(opsLength) + litWords * 4;
}

/** Payload bytes of a format-2 frame. @internal */
export function format2Size(opsLength: number, fillWords: number, codedLength: number): number {
  return literalOffset(opsLength, DELTA_CODED_HEADER_SIZE) + fillWords * 4 + codedLength;
}

/**
 * Coded-literal bytes a format-2 frame may use and still be smaller than format 1, before its
 * fill words are counted (negative: format 2 cannot win). Both kernels stop coding past it,
 * and send format 2 only when its whole payload is strictly smaller.
 * @internal
 */
export function codedBudget(opsLength: number, litWords: number): number {
  return format1Size(opsLength, litWords) - literalOffset(opsLength, DELTA_CODED_HEADER_SIZE) - 1;
}

/**
 * Reads and checks a DeltaPixels payload header: known format, and section sizes that add
 * up to exactly the payload length, each checked against the bytes that remain after the
 * previous one.
 * @throws ProtocolError `BAD_PAYLOAD` (short payload, unknown format), `SIZE_MISMATCH`
 * @internal
 */
export function readDeltaLayout(payload: Uint8Array): DeltaLayout {
  const size = payload.length;
  const format = payload[0];
  const header = format === DELTA_FORMAT_CODED ? DELTA_CODED_HEADER_SIZE : DELTA_HEADER_SIZE;
  if (size < header) {
    fail('BAD_PAYLOAD', `DeltaPixels payload is ${size} bytes, its header alone is ${header}`);
  }
  if (format !== DELTA_FORMAT && format !== DELTA_FORMAT_CODED) {
    fail('BAD_PAYLOAD', `unknown DeltaPixels format ${format}`);
  }
  const opsLength = u32(payload, 4);
  const litWords = u32(payload, 8);
  if (opsLength > size - header) {
    fail(
      'SIZE_MISMATCH',
      `DeltaPixels ops_len ${opsLength} exceeds the ${size - header} bytes after its header`,
    );
  }
  const litOffset = literalOffset(opsLength, header);
  if (format === DELTA_FORMAT) {
    const litBytes = size - litOffset;
    if (litBytes < 0 || litWords !== litBytes / 4) {
      fail(
        'SIZE_MISMATCH',
        `DeltaPixels sections add up to ${litOffset + litWords * 4} bytes, payload is ${size}`,
      );
    }
    return { format, opsOffset: header, opsLength, litWords, litOffset, codedLength: 0 };
  }
  const codedLength = u32(payload, 12);
  const rest = size - litOffset;
  if (rest < 0 || litWords > rest / 4 || codedLength !== rest - litWords * 4) {
    fail(
      'SIZE_MISMATCH',
      `DeltaPixels format 2 sections add up to ${litOffset + litWords * 4 + codedLength} bytes, payload is ${size}`,
    );
  }
  return { format, opsOffset: header, opsLength, litWords, litOffset, codedLength };
}
