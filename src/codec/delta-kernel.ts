/**
 * The DeltaPixels hot loops, as plain functions over 32-bit words (one word = one RGBA
 * pixel), so a WASM/SIMD kernel can replace this module without touching `delta.ts`.
 * Format (docs/PROTOCOL.md, "DeltaPixels"): ops are LEB128 varints `(n << 2) | kind`;
 * literal and fill words live in a separate 4-byte-aligned section.
 */
import { fail } from '../protocol/errors';

/** Op kinds: the low 2 bits of each op varint. @internal */
export const DeltaOp = { Skip: 0, Literal: 1, Fill: 2, Repeat: 3 } as const;

/** Longest run one op encodes: n must fit in 30 bits so `(n << 2) | kind` fits in a u32. @internal */
export const MAX_RUN = 0x3fffffff;

// Scratch buffers grow on demand and are reused across calls: a 600x400 frame would
// otherwise allocate ~1 MB of garbage per encode.
let opsBuf: Uint8Array = new Uint8Array(4096);
let opsPos = 0;
let litBuf: Uint32Array = new Uint32Array(0);
let opList: Uint32Array = new Uint32Array(1024);

function putVarint(v: number): void {
  if (opsPos + 5 > opsBuf.length) {
    const grown = new Uint8Array(opsBuf.length * 2);
    grown.set(opsBuf.subarray(0, opsPos));
    opsBuf = grown;
  }
  const b = opsBuf;
  let o = opsPos;
  // v < 2^32: unsigned shifts keep it exact.
  while (v >= 0x80) {
    b[o++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  b[o++] = v;
  opsPos = o;
}

function emit(kind: number, n: number): void {
  while (n > MAX_RUN) {
    putVarint(((MAX_RUN << 2) | kind) >>> 0);
    n -= MAX_RUN;
    // The rest of a long fill repeats the value the first chunk consumed.
    if (kind === DeltaOp.Fill) kind = DeltaOp.Repeat;
  }
  putVarint(((n << 2) | kind) >>> 0);
}

/** Result of {@link encodeDeltaWords}: views into scratch, valid until the next call. @internal */
export interface DeltaWords {
  /** Op varints, in order. */
  ops: Uint8Array;
  /** Literal and fill words (cur ^ prev), in the order the ops consume them. */
  lits: Uint32Array;
}

/**
 * Encodes `count` words of `cur` against `prev`. Unchanged runs become Skip, runs of one
 * repeated XOR value Fill (or Repeat when the value equals the last one used), anything
 * else Literal. A trailing unchanged run is implicit. The returned views are scratch.
 * @internal
 */
export function encodeDeltaWords(cur: Uint32Array, prev: Uint32Array, count: number): DeltaWords {
  if (litBuf.length < count) litBuf = new Uint32Array(count);
  const lits = litBuf;
  opsPos = 0;
  let l = 0;
  let last = 0;
  let i = 0;
  while (i < count) {
    let j = i;
    while (j < count && cur[j]! === prev[j]!) j++;
    if (j === count) break;
    if (j > i) emit(DeltaOp.Skip, j - i);
    i = j;
    let litStart = -1;
    // Each word's XOR is computed once: the run scan hands the first different value on.
    let x = cur[i]! ^ prev[i]!;
    for (;;) {
      let k = i + 1;
      let y = 0;
      while (k < count) {
        y = cur[k]! ^ prev[k]!;
        if (y !== x) break;
        k++;
      }
      if (k - i >= 2 || x === last) {
        if (litStart >= 0) {
          emit(DeltaOp.Literal, l - litStart);
          litStart = -1;
        }
        if (x === last) {
          emit(DeltaOp.Repeat, k - i);
        } else {
          emit(DeltaOp.Fill, k - i);
          lits[l++] = x;
          last = x;
        }
      } else {
        if (litStart < 0) litStart = l;
        lits[l++] = x;
        // Literal fast path: y (the word at k) differs from x; take words while each one
        // differs from its successor, so noisy regions cost one XOR and compare per word.
        while (y !== 0 && k + 1 < count) {
          const z = cur[k + 1]! ^ prev[k + 1]!;
          if (z === y) break;
          lits[l++] = y;
          k++;
          y = z;
        }
        // As a signed int, like x: a Uint32Array read of a word with its top bit set would
        // never equal the next XOR, and a Repeat would go out as a Literal (the WASM kernel,
        // comparing u32s, sends the Repeat; tests/codec/delta-resident.test.ts caught it).
        last = lits[l - 1]! | 0;
      }
      i = k;
      if (k >= count || y === 0) break;
      x = y;
    }
    if (litStart >= 0) emit(DeltaOp.Literal, l - litStart);
  }
  return { ops: opsBuf.subarray(0, opsPos), lits: lits.subarray(0, l) };
}

/** Result of {@link scanDeltaOps}: the op values (a scratch view) and what they consume. @internal */
export interface DeltaOpScan {
  /** Op values `(n << 2) | kind`, in order; valid until the next scan. */
  list: Uint32Array;
  /** Words the Literal ops cover. */
  literal: number;
  /** Fill ops (each consumes one value word). */
  fills: number;
  /** First word an op changes (the frame size when none does). */
  first: number;
  /** One past the last word an op covers. */
  end: number;
}

/**
 * Parses and validates an ops section against a frame of `words` words, BEFORE anything is
 * written: each varint, each run, and that no Repeat comes before a value. The literal and
 * fill counts are for the caller to check against the sections it was sent.
 * @throws ProtocolError `BAD_PAYLOAD` for a bad varint, an empty run, a run past the end of
 * the frame, or a Repeat before any value
 * @internal
 */
export function scanDeltaOps(ops: Uint8Array, words: number): DeltaOpScan {
  const len = ops.length;
  if (opList.length < len) opList = new Uint32Array(Math.max(len, opList.length * 2));
  const list = opList;
  let i = 0;
  let k = 0;
  let pos = 0;
  let literal = 0;
  let fills = 0;
  let first = words;
  while (i < len) {
    let b = ops[i++]!;
    let v = b & 0x7f;
    if (b >= 0x80) {
      let mul = 0x80;
      let bytes = 1;
      do {
        if (i >= len) fail('BAD_PAYLOAD', `delta op varint at byte ${i} runs past the ops section`);
        if (bytes === 5) fail('BAD_PAYLOAD', 'delta op varint longer than 5 bytes');
        b = ops[i++]!;
        v += (b & 0x7f) * mul;
        mul *= 0x80;
        bytes++;
      } while (b >= 0x80);
      if (v > 0xffffffff) fail('BAD_PAYLOAD', 'delta op varint exceeds 32 bits');
    }
    const kind = v & 3;
    const n = v >>> 2;
    if (n === 0) fail('BAD_PAYLOAD', `delta op ${k} has an empty run`);
    if (pos + n > words) fail('BAD_PAYLOAD', `delta op ${k} runs to word ${pos + n}, frame has ${words}`);
    if (kind === DeltaOp.Literal) literal += n;
    else if (kind === DeltaOp.Fill) fills += 1;
    else if (kind === DeltaOp.Repeat && literal + fills === 0)
      fail('BAD_PAYLOAD', `delta op ${k} repeats before any value`);
    if (kind !== DeltaOp.Skip && first === words) first = pos;
    pos += n;
    list[k++] = v;
  }
  return { list: list.subarray(0, k), literal, fills, first, end: pos };
}

/**
 * Parses and validates a format-1 ops section against a frame of `words` words and a literal
 * section of `litWords` words, BEFORE anything is written. Returns the op values in a
 * scratch view, valid until the next call.
 * @throws ProtocolError `BAD_PAYLOAD` for a bad varint, an empty run, a run past the end of
 * the frame, a Repeat before any value, or literal words over- or under-consumed
 * @internal
 */
export function parseDeltaOps(ops: Uint8Array, words: number, litWords: number): Uint32Array {
  const { list, literal, fills } = scanDeltaOps(ops, words);
  const used = literal + fills;
  if (used > litWords) fail('BAD_PAYLOAD', `delta ops use more than the ${litWords} literal words sent`);
  if (used !== litWords) fail('BAD_PAYLOAD', `delta ops use ${used} literal words, ${litWords} were sent`);
  return list;
}

/**
 * XORs the ops' words into `target` in place. `ops` must come from {@link parseDeltaOps}
 * for this target size and literal count, which proves every index below in bounds.
 * @internal
 */
export function applyDeltaWords(target: Uint32Array, ops: Uint32Array, lits: Uint32Array): void {
  let p = 0;
  let l = 0;
  let last = 0;
  for (let o = 0; o < ops.length; o++) {
    const v = ops[o]!;
    const kind = v & 3;
    const end = p + (v >>> 2);
    if (kind === DeltaOp.Skip) {
      p = end;
      continue;
    }
    if (kind === DeltaOp.Literal) {
      for (; p < end; p++) target[p] = target[p]! ^ lits[l++]!;
      last = lits[l - 1]!;
      continue;
    }
    if (kind === DeltaOp.Fill) last = lits[l++]!;
    const x = last;
    for (; p < end; p++) target[p] = target[p]! ^ x;
  }
}
