/**
 * The JS kernel of DeltaPixels format 2 (docs/PROTOCOL.md, "DeltaPixels format 2"): literal
 * pixels are sent as the per-byte residual of the current pixel against a MED (LOCO-I)
 * prediction from its left, upper and upper-left neighbours in the current frame, packed in
 * 1-5 byte codes. Soft shading predicts to residuals of a few levels, which pack to one or two
 * bytes instead of four. src/codec/wasm/assembly/delta.ts mirrors every function here and must
 * give byte-identical output.
 */
import { fail } from '../protocol/errors';
import { DeltaOp } from './delta-kernel';

// Scratch grown on demand and reused across frames, as in delta-kernel.ts.
let coded: Uint8Array = new Uint8Array(4096);
let fillBuf: Uint32Array = new Uint32Array(256);
let resBuf: Uint32Array = new Uint32Array(0);

/** Per-byte a - b (mod 256) of two packed words. */
function subBytes(a: number, b: number): number {
  return (((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080)) >>> 0;
}

/** Per-byte a + b (mod 256) of two packed words. */
function addBytes(a: number, b: number): number {
  return (((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080)) >>> 0;
}

function med(a: number, b: number, c: number): number {
  const mx = Math.max(a, b);
  const mn = Math.min(a, b);
  return c >= mx ? mn : c <= mn ? mx : a + b - c;
}

/**
 * The MED prediction of word `p` (at column x, row y) from the words before it in `frame`:
 * per byte, min(a, b) if c >= max(a, b), max(a, b) if c <= min(a, b), else a + b - c, where
 * a is the left, b the upper and c the upper-left neighbour. Column 0 predicts the upper
 * word, row 0 the left word, word 0 zero.
 */
function predict(frame: Uint32Array, p: number, x: number, y: number, width: number): number {
  if (x === 0) return y === 0 ? 0 : frame[p - width]!;
  if (y === 0) return frame[p - 1]!;
  const a = frame[p - 1]!;
  const b = frame[p - width]!;
  const c = frame[p - width - 1]!;
  if (a === b && b === c) return a;
  let out = 0;
  for (let s = 0; s < 32; s += 8) out |= med((a >>> s) & 255, (b >>> s) & 255, (c >>> s) & 255) << s;
  return out >>> 0;
}

let pos = 0;
let run = 0;

function room(n: number): void {
  if (pos + n <= coded.length) return;
  const grown = new Uint8Array(Math.max(coded.length * 2, pos + n));
  grown.set(coded.subarray(0, pos));
  coded = grown;
}

function flushRun(): void {
  if (run > 0) {
    room(1);
    coded[pos++] = 0x80 | (run - 1);
    run = 0;
  }
}

/** Appends one residual word: a zero run, DIFF (1 byte), LUMA (2), RGB (4) or RGBA (5). */
function pack(r: number): void {
  if (r === 0) {
    if (++run === 64) flushRun();
    return;
  }
  flushRun();
  room(5);
  const b = coded;
  if (r >>> 24 !== 0) {
    b[pos] = 0xff;
    b[pos + 1] = r;
    b[pos + 2] = r >>> 8;
    b[pos + 3] = r >>> 16;
    b[pos + 4] = r >>> 24;
    pos += 5;
    return;
  }
  const dr = (r << 24) >> 24;
  const dg = (r << 16) >> 24;
  const db = (r << 8) >> 24;
  if (dr >= -2 && dr <= 1 && dg >= -2 && dg <= 1 && db >= -2 && db <= 1) {
    b[pos++] = ((dr + 2) << 4) | ((dg + 2) << 2) | (db + 2);
    return;
  }
  const rg = dr - dg;
  const bg = db - dg;
  if (dg >= -32 && dg <= 31 && rg >= -8 && rg <= 7 && bg >= -8 && bg <= 7) {
    b[pos] = 0x40 | (dg + 32);
    b[pos + 1] = ((rg + 8) << 4) | (bg + 8);
    pos += 2;
    return;
  }
  b[pos] = 0xfe;
  b[pos + 1] = r;
  b[pos + 2] = r >>> 8;
  b[pos + 3] = r >>> 16;
  pos += 4;
}

/** Format-2 sections of a frame: views into scratch, valid until the next call. @internal */
export interface CodedLiterals {
  /** Fill words (cur ^ prev), in the order the Fill ops consume them. */
  fills: Uint32Array;
  /** The coded literal stream. */
  coded: Uint8Array;
}

/**
 * Codes the literal pixels of format-1 `ops` (from `encodeDeltaWords` on the same frames) as
 * format-2 residuals, and collects the fill words. Returns null as soon as the coded stream
 * passes `budget` bytes: format 1 is then at least as small, and the rest is not coded.
 * @internal
 */
export function codeLiterals(
  ops: Uint8Array,
  cur: Uint32Array,
  prev: Uint32Array,
  width: number,
  budget: number,
): CodedLiterals | null {
  pos = 0;
  run = 0;
  let f = 0;
  let p = 0;
  let o = 0;
  while (o < ops.length) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = ops[o++]!;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b >= 0x80);
    const kind = v % 4;
    const n = Math.floor(v / 4);
    if (kind === DeltaOp.Literal) {
      let x = p % width;
      let y = Math.floor(p / width);
      const stop = p + n;
      for (; p < stop; p++) {
        pack(subBytes(cur[p]!, predict(cur, p, x, y, width)));
        if (++x === width) {
          x = 0;
          y++;
        }
      }
      if (pos > budget) return null;
    } else {
      if (kind === DeltaOp.Fill) {
        if (f === fillBuf.length) {
          const grown = new Uint32Array(f * 2);
          grown.set(fillBuf);
          fillBuf = grown;
        }
        fillBuf[f++] = (cur[p]! ^ prev[p]!) >>> 0;
      }
      p += n;
    }
  }
  flushRun();
  if (pos > budget) return null;
  return { fills: fillBuf.subarray(0, f), coded: coded.subarray(0, pos) };
}

/** What each {@link unpackResiduals} error code means: shared by both kernels, so they fail alike. */
const UNPACK_ERRORS = [
  '',
  'delta literal codes give more pixels than the ops take',
  'delta literal code cut short at the end of its section',
  'unknown delta literal code',
  'delta literal codes give fewer pixels than the ops take',
] as const;

/** Throws the ProtocolError for a nonzero unpack result. @internal */
export function failUnpack(code: number): never {
  fail('BAD_PAYLOAD', `${UNPACK_ERRORS[code] ?? 'bad delta literal codes'} (format 2)`);
}

/**
 * Expands `src` into exactly `count` residual words (a scratch view). Returns a nonzero error
 * code (see {@link failUnpack}) instead when the stream gives more or fewer, or is malformed.
 * @internal
 */
export function unpackResiduals(src: Uint8Array, count: number): Uint32Array | number {
  if (resBuf.length < count) resBuf = new Uint32Array(Math.max(count, resBuf.length * 2));
  const dst = resBuf;
  const len = src.length;
  let s = 0;
  let n = 0;
  while (s < len) {
    const b = src[s++]!;
    const tag = b >>> 6;
    if (tag === 2) {
      const k = (b & 63) + 1;
      if (k > count - n) return 1;
      dst.fill(0, n, n + k);
      n += k;
      continue;
    }
    if (n >= count) return 1;
    let r: number;
    if (tag === 0) {
      r =
        ((((b >>> 4) & 3) - 2) & 0xff) |
        (((((b >>> 2) & 3) - 2) & 0xff) << 8) |
        ((((b & 3) - 2) & 0xff) << 16);
    } else if (tag === 1) {
      if (s >= len) return 2;
      const b2 = src[s++]!;
      const dg = (b & 63) - 32;
      r = ((dg + (b2 >>> 4) - 8) & 0xff) | ((dg & 0xff) << 8) | (((dg + (b2 & 15) - 8) & 0xff) << 16);
    } else if (b === 0xfe) {
      if (len - s < 3) return 2;
      r = src[s]! | (src[s + 1]! << 8) | (src[s + 2]! << 16);
      s += 3;
    } else if (b === 0xff) {
      if (len - s < 4) return 2;
      r = (src[s]! | (src[s + 1]! << 8) | (src[s + 2]! << 16) | (src[s + 3]! << 24)) >>> 0;
      s += 4;
    } else {
      return 3;
    }
    dst[n++] = r;
  }
  return n === count ? dst.subarray(0, count) : 4;
}

/**
 * Applies format-2 ops to `target` in place. `ops` must come from `scanDeltaOps` for this
 * target, `fills` hold exactly the words its Fill ops take and `res` its literal pixels'
 * residuals: that proves every index in bounds.
 * @internal
 */
export function applyCodedWords(
  target: Uint32Array,
  width: number,
  ops: Uint32Array,
  fills: Uint32Array,
  res: Uint32Array,
): void {
  let p = 0;
  let f = 0;
  let r = 0;
  let last = 0;
  for (let k = 0; k < ops.length; k++) {
    const v = ops[k]!;
    const kind = v & 3;
    const stop = p + (v >>> 2);
    if (kind === DeltaOp.Skip) {
      p = stop;
      continue;
    }
    if (kind === DeltaOp.Literal) {
      let x = p % width;
      let y = Math.floor(p / width);
      for (; p < stop; p++) {
        const old = target[p]!;
        const now = addBytes(predict(target, p, x, y, width), res[r++]!);
        target[p] = now;
        last = (old ^ now) >>> 0;
        if (++x === width) {
          x = 0;
          y++;
        }
      }
      continue;
    }
    if (kind === DeltaOp.Fill) last = fills[f++]!;
    for (; p < stop; p++) target[p] = target[p]! ^ last;
  }
}
