// AssemblyScript source of the WASM SIMD DeltaPixels kernel (built by scripts/build-wasm.mjs,
// `npm run build:wasm`, into ../../delta-wasm.generated.ts). Every function mirrors one in
// src/codec/delta-kernel.ts or src/codec/delta-literals.ts and must give byte-identical output:
// tests/codec/delta-wasm.test.ts checks that on random and structured frames. No runtime, no
// allocation: the JS glue (src/codec/delta-wasm.ts) lays out memory and passes pointers; every
// pointer it passes has been bounds-checked against sizes it validated first.

const SKIP: u32 = 0;
const LITERAL: u32 = 1;
const FILL: u32 = 2;
const REPEAT: u32 = 3;
const MAX_RUN: u32 = 0x3fffffff;

let opsPos: usize = 0;
let lits: u32 = 0;
let fills: u32 = 0;

/** Literal and fill words written by the last `encode`. */
export function litCount(): u32 {
  return lits;
}

/** Fill words written by the last `code`. */
export function fillCount(): u32 {
  return fills;
}

@inline function putVarint(v: u32): void {
  let o = opsPos;
  while (v >= 0x80) {
    store<u8>(o++, (v & 0x7f) | 0x80);
    v >>= 7;
  }
  store<u8>(o++, v);
  opsPos = o;
}

function emit(kind: u32, n: u32): void {
  while (n > MAX_RUN) {
    putVarint((MAX_RUN << 2) | kind);
    n -= MAX_RUN;
    if (kind == FILL) kind = REPEAT;
  }
  putVarint((n << 2) | kind);
}

@inline function word(p: usize, i: u32): u32 {
  return load<u32>(p + ((<usize>i) << 2));
}

/** Format-1 ops and literal/fill words of `cur` against `prev` (delta-kernel.ts encodeDeltaWords). */
export function encode(cur: usize, prev: usize, count: u32, opsOut: usize, litsOut: usize): u32 {
  opsPos = opsOut;
  let l: u32 = 0;
  let last: u32 = 0;
  let i: u32 = 0;
  while (i < count) {
    let j = i;
    // The unchanged scan, 8 then 4 words per step: where SIMD pays on mostly static frames.
    while (j + 8 <= count) {
      const o = (<usize>j) << 2;
      const d = v128.or(
        v128.xor(v128.load(cur + o), v128.load(prev + o)),
        v128.xor(v128.load(cur + o, 16), v128.load(prev + o, 16)),
      );
      if (v128.any_true(d)) break;
      j += 8;
    }
    while (j < count && word(cur, j) == word(prev, j)) j++;
    if (j == count) break;
    if (j > i) emit(SKIP, j - i);
    i = j;
    let litStart: i32 = -1;
    let x = word(cur, i) ^ word(prev, i);
    while (true) {
      let k = i + 1;
      let y: u32 = 0;
      while (k < count) {
        y = word(cur, k) ^ word(prev, k);
        if (y != x) break;
        k++;
      }
      if (k - i >= 2 || x == last) {
        if (litStart >= 0) {
          emit(LITERAL, l - <u32>litStart);
          litStart = -1;
        }
        if (x == last) {
          emit(REPEAT, k - i);
        } else {
          emit(FILL, k - i);
          store<u32>(litsOut + ((<usize>(l++)) << 2), x);
          last = x;
        }
      } else {
        if (litStart < 0) litStart = <i32>l;
        store<u32>(litsOut + ((<usize>(l++)) << 2), x);
        while (y != 0 && k + 1 < count) {
          const z = word(cur, k + 1) ^ word(prev, k + 1);
          if (z == y) break;
          store<u32>(litsOut + ((<usize>(l++)) << 2), y);
          k++;
          y = z;
        }
        last = load<u32>(litsOut + ((<usize>(l - 1)) << 2));
      }
      i = k;
      if (k >= count || y == 0) break;
      x = y;
    }
    if (litStart >= 0) emit(LITERAL, l - <u32>litStart);
  }
  lits = l;
  return <u32>(opsPos - opsOut);
}

/** The MED (LOCO-I) prediction of pixel p from its left, upper and upper-left neighbours, per byte. */
@inline function predict(frame: usize, p: u32, x: u32, y: u32, width: u32): u32 {
  if (x == 0) return y == 0 ? 0 : word(frame, p - width);
  if (y == 0) return word(frame, p - 1);
  const a = v128.load32_zero(frame + ((<usize>(p - 1)) << 2));
  const b = v128.load32_zero(frame + ((<usize>(p - width)) << 2));
  const c = v128.load32_zero(frame + ((<usize>(p - width - 1)) << 2));
  const mx = i8x16.max_u(a, b);
  const mn = i8x16.min_u(a, b);
  const g = i8x16.sub(i8x16.add(a, b), c);
  const pick = v128.bitselect(mn, v128.bitselect(mx, g, i8x16.le_u(c, mn)), i8x16.ge_u(c, mx));
  return <u32>i32x4.extract_lane(pick, 0);
}

/** Per-byte a - b (mod 256) of two packed words. */
@inline function subBytes(a: u32, b: u32): u32 {
  return ((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080);
}

/** Per-byte a + b (mod 256) of two packed words. */
@inline function addBytes(a: u32, b: u32): u32 {
  return ((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080);
}

let outPos: usize = 0;
let run: u32 = 0;

@inline function flushRun(): void {
  if (run > 0) {
    store<u8>(outPos++, 0x80 | (run - 1));
    run = 0;
  }
}

/** Packs one residual word (delta-literals.ts packResidual). */
@inline function pack(r: u32): void {
  if (r == 0) {
    if (++run == 64) flushRun();
    return;
  }
  flushRun();
  if (r >>> 24 != 0) {
    store<u8>(outPos, 0xff);
    store<u32>(outPos + 1, r);
    outPos += 5;
    return;
  }
  // Each of r, g, b in -2..1: biased by 2 per byte, every byte fits in 2 bits.
  const t = addBytes(r, 0x020202);
  if ((t & 0xfcfcfc) == 0) {
    store<u8>(outPos++, ((t & 3) << 4) | (((t >>> 8) & 3) << 2) | ((t >>> 16) & 3));
    return;
  }
  const dr = <i32>(<i8>r);
  const dg = <i32>(<i8>(r >>> 8));
  const db = <i32>(<i8>(r >>> 16));
  const rg = dr - dg;
  const bg = db - dg;
  if (<u32>(dg + 32) < 64 && <u32>(rg + 8) < 16 && <u32>(bg + 8) < 16) {
    store<u8>(outPos, 0x40 | (dg + 32));
    store<u8>(outPos + 1, ((rg + 8) << 4) | (bg + 8));
    outPos += 2;
    return;
  }
  store<u8>(outPos, 0xfe);
  store<u8>(outPos + 1, r);
  store<u8>(outPos + 2, r >>> 8);
  store<u8>(outPos + 3, r >>> 16);
  outPos += 4;
}

/**
 * Format-2 sections from format-1 ops (delta-literals.ts codeLiterals): fill words to `fillsOut`,
 * coded literals to `codedOut`. Returns the coded length, or 0xFFFFFFFF once it passes `budget`.
 */
export function code(
  cur: usize,
  prev: usize,
  width: u32,
  ops: usize,
  opsLen: u32,
  fillsOut: usize,
  codedOut: usize,
  budget: u32,
): u32 {
  outPos = codedOut;
  run = 0;
  let f: u32 = 0;
  let p: u32 = 0;
  const end = ops + opsLen;
  let o = ops;
  while (o < end) {
    let v: u32 = 0;
    let shift: u32 = 0;
    let b: u32;
    do {
      b = load<u8>(o++);
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b >= 0x80);
    const kind = v & 3;
    const n = v >>> 2;
    if (kind == LITERAL) {
      let x = p % width;
      let y = p / width;
      const stop = p + n;
      while (p < stop) {
        // Four pixels at once where all four have both neighbours in the same rows: the
        // encoder predicts from `cur` alone, so the lanes do not depend on each other.
        if (y > 0 && x > 0 && x + 4 <= width && p + 4 <= stop) {
          const at = cur + ((<usize>p) << 2);
          const a = v128.load(at - 4);
          const b = v128.load(at - ((<usize>width) << 2));
          const c = v128.load(at - ((<usize>width) << 2) - 4);
          const mx = i8x16.max_u(a, b);
          const mn = i8x16.min_u(a, b);
          const g = i8x16.sub(i8x16.add(a, b), c);
          const pred = v128.bitselect(mn, v128.bitselect(mx, g, i8x16.le_u(c, mn)), i8x16.ge_u(c, mx));
          const r = i8x16.sub(v128.load(at), pred);
          // Fast path, same bytes as four pack() calls: four nonzero residuals that are all
          // DIFF codes (r, g, b each in -2..1, alpha 0) become four bytes at once.
          // Four zero residuals extend the pending run (pack() would flush it only at 64).
          if (!v128.any_true(r) && run + 4 < 64) {
            run += 4;
            p += 4;
            x += 4;
            if (x == width) {
              x = 0;
              y++;
            }
            continue;
          }
          const t = i8x16.add(r, i32x4.splat(0x020202));
          if (
            !v128.any_true(v128.and(t, i32x4.splat(0xfffcfcfc))) &&
            i32x4.all_true(r)
          ) {
            flushRun();
            const d = v128.or(
              v128.or(i32x4.shl(v128.and(t, i32x4.splat(3)), 4), i32x4.shr_u(v128.and(t, i32x4.splat(0x300)), 6)),
              i32x4.shr_u(v128.and(t, i32x4.splat(0x30000)), 16),
            );
            store<u32>(outPos, <u32>i32x4.extract_lane(i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(d, d), d), 0));
            outPos += 4;
            p += 4;
            x += 4;
            if (x == width) {
              x = 0;
              y++;
            }
            continue;
          }
          pack(<u32>i32x4.extract_lane(r, 0));
          pack(<u32>i32x4.extract_lane(r, 1));
          pack(<u32>i32x4.extract_lane(r, 2));
          pack(<u32>i32x4.extract_lane(r, 3));
          p += 4;
          x += 4;
          if (x == width) {
            x = 0;
            y++;
          }
          continue;
        }
        pack(subBytes(word(cur, p), predict(cur, p, x, y, width)));
        p++;
        if (++x == width) {
          x = 0;
          y++;
        }
      }
      if (<u32>(outPos - codedOut) > budget) return 0xffffffff;
    } else {
      if (kind == FILL) store<u32>(fillsOut + ((<usize>(f++)) << 2), word(cur, p) ^ word(prev, p));
      p += n;
    }
  }
  flushRun();
  fills = f;
  const len = <u32>(outPos - codedOut);
  return len > budget ? 0xffffffff : len;
}

let rs: usize = 0;
let rend: usize = 0;
let pending: u32 = 0;
let rerr: u32 = 0;

/**
 * The next literal pixel's residual from the coded stream (delta-literals.ts unpackResiduals,
 * one pixel at a time). On a malformed stream sets `rerr`: 2 a code cut short, 3 an unknown
 * tag, 4 the stream ended before the ops' pixels did.
 */
@inline function nextResidual(): u32 {
  if (pending > 0) {
    pending--;
    return 0;
  }
  if (rs >= rend) {
    rerr = 4;
    return 0;
  }
  const b = <u32>load<u8>(rs++);
  const tag = b >>> 6;
  if (tag == 2) {
    pending = b & 63;
    return 0;
  }
  if (tag == 0) {
    return ((((b >>> 4) & 3) - 2) & 0xff) | (((((b >>> 2) & 3) - 2) & 0xff) << 8) | ((((b & 3) - 2) & 0xff) << 16);
  }
  if (tag == 1) {
    if (rs >= rend) {
      rerr = 2;
      return 0;
    }
    const b2 = <u32>load<u8>(rs++);
    const dg = (b & 63) - 32;
    return ((dg + (b2 >>> 4) - 8) & 0xff) | ((dg & 0xff) << 8) | (((dg + (b2 & 15) - 8) & 0xff) << 16);
  }
  if (b == 0xfe) {
    if (rend - rs < 3) {
      rerr = 2;
      return 0;
    }
    const r = <u32>load<u8>(rs) | (<u32>load<u8>(rs + 1) << 8) | (<u32>load<u8>(rs + 2) << 16);
    rs += 3;
    return r;
  }
  if (b == 0xff) {
    if (rend - rs < 4) {
      rerr = 2;
      return 0;
    }
    const r = load<u32>(rs);
    rs += 4;
    return r;
  }
  rerr = 3;
  return 0;
}

/**
 * Applies validated format-2 ops (delta-literals.ts unpackResiduals + applyCodedWords, in one
 * pass) to the frame at `frame` (word 0's address; only the words the ops reach, and the
 * neighbours their literals predict from, need be present), decoding the literal stream
 * `src` as it goes. Returns 0, or the unpackResiduals error code of a malformed stream (1: it
 * gives more pixels than the ops take); the frame is then partly written, so the glue applies
 * to a copy and copies back only on 0.
 */
export function decode(
  frame: usize,
  width: u32,
  ops: usize,
  nOps: u32,
  fillWords: usize,
  src: usize,
  len: u32,
): u32 {
  rs = src;
  rend = src + len;
  pending = 0;
  rerr = 0;
  let p: u32 = 0;
  let f: u32 = 0;
  let last: u32 = 0;
  for (let k: u32 = 0; k < nOps; k++) {
    const v = load<u32>(ops + ((<usize>k) << 2));
    const kind = v & 3;
    const stop = p + (v >>> 2);
    if (kind == SKIP) {
      p = stop;
      continue;
    }
    if (kind == LITERAL) {
      let x = p % width;
      let y = p / width;
      const row = (<usize>width) << 2;
      // The value the next op repeats: this run's last word XOR what it replaced.
      const lastAt = frame + ((<usize>(stop - 1)) << 2);
      const lastOld = load<u32>(lastAt);
      while (p < stop) {
        if (y > 0 && x > 0) {
          // Inside a row: the left neighbour is the pixel just decoded and the upper-left one
          // the last upper one, both kept in registers; one load per pixel (the upper one).
          let at = frame + ((<usize>p) << 2);
          let a = v128.load32_zero(at - 4);
          let c = v128.load32_zero(at - row - 4);
          let end = stop - p < width - x ? stop : p + (width - x);
          for (; p < end; p++) {
            const b = v128.load32_zero(at - row);
            const mx = i8x16.max_u(a, b);
            const mn = i8x16.min_u(a, b);
            const g = i8x16.sub(i8x16.add(a, b), c);
            const pred = v128.bitselect(mn, v128.bitselect(mx, g, i8x16.le_u(c, mn)), i8x16.ge_u(c, mx));
            const r = nextResidual();
            if (rerr != 0) return rerr;
            a = i8x16.add(pred, i32x4.splat(r));
            v128.store32_lane(at, a, 0);
            c = b;
            at += 4;
          }
          x = p % width;
          y = p / width;
          continue;
        }
        const at = frame + ((<usize>p) << 2);
        const now = addBytes(predict(frame, p, x, y, width), nextResidual());
        if (rerr != 0) return rerr;
        store<u32>(at, now);
        p++;
        if (++x == width) {
          x = 0;
          y++;
        }
      }
      last = lastOld ^ load<u32>(lastAt);
      continue;
    }
    if (kind == FILL) last = load<u32>(fillWords + ((<usize>(f++)) << 2));
    for (; p < stop; p++) {
      const at = frame + ((<usize>p) << 2);
      store<u32>(at, load<u32>(at) ^ last);
    }
  }
  return pending > 0 || rs < rend ? 1 : 0;
}
