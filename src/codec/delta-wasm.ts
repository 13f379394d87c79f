/**
 * Glue for the WASM SIMD DeltaPixels kernel (source: wasm/assembly/delta.ts, inlined as
 * base64 in delta-wasm.generated.ts, ~4 KB), in a chunk of its own that delta-kernels.ts loads
 * with a dynamic import on first use; the module is then compiled synchronously (small modules
 * may be, on a browser's main thread too).
 * Frames are copied into wasm memory once per call, unless they already live there (resident
 * slots, `resident`: a stateful encoder's base frame, a receiver's picture), and every section is
 * handed back as a view, not copied again. Everything the wasm reads has been validated by the JS callers first
 * (ops by `scanDeltaOps`, sizes by `readDeltaLayout`), and the wasm validates the coded
 * literal stream as it applies it, to a copy of the touched range in wasm memory, so on any
 * error the caller's target is unchanged.
 */
import { jsDeltaKernel } from './delta-js';
import type { DeltaKernel, ResidentMemory } from './delta-kernel-types';
import { codedBudget, format1Size, format2Size } from './delta-layout';
import { failUnpack } from './delta-literals';
import { DELTA_WASM_BASE64 } from './delta-wasm.generated';

interface KernelExports {
  memory: WebAssembly.Memory;
  encode(cur: number, prev: number, count: number, ops: number, lits: number): number;
  litCount(): number;
  fillCount(): number;
  code(
    cur: number,
    prev: number,
    width: number,
    ops: number,
    opsLen: number,
    fills: number,
    coded: number,
    budget: number,
  ): number;
  decode(
    frame: number,
    width: number,
    ops: number,
    nOps: number,
    fills: number,
    src: number,
    len: number,
  ): number;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes without `atob` or `Buffer` (the codec layer runs in every runtime). @internal */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | B64.indexOf(clean[i]!);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/** Rounds up to a multiple of 16 (plain arithmetic: offsets may pass 2^31). */
const align = (n: number): number => Math.ceil(n / 16) * 16;

const bytesOf = (a: Uint8Array | Uint8ClampedArray): Uint8Array =>
  a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.length);

const EMPTY = new Uint8Array(0);

/**
 * Words of copied span per literal pixel above which decode stays in JS: copying a word in and
 * out costs about 1/30 of decoding a literal pixel in JS, so 16 leaves a margin either way.
 */
const SPAN_PER_LITERAL = 16;

/**
 * Instantiates the WASM kernel, or returns null where WebAssembly, SIMD or wasm compilation
 * (a Content-Security-Policy without 'wasm-unsafe-eval') is unavailable. Frames too large for
 * wasm memory go to the JS kernel.
 * @internal
 */
export function createWasmDeltaKernel(): DeltaKernel | null {
  const fallback = jsDeltaKernel;
  if (typeof WebAssembly !== 'object') return null;
  let ex: KernelExports;
  try {
    const bytes = decodeBase64(DELTA_WASM_BASE64);
    // validate() is false where SIMD is unsupported: the module uses v128 throughout.
    if (!WebAssembly.validate(bytes)) return null;
    ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as KernelExports;
  } catch {
    return null;
  }
  const ensure = (bytes: number): boolean => {
    const have = ex.memory.buffer.byteLength;
    if (bytes <= have) return true;
    if (bytes > 0xffff0000) return false;
    try {
      ex.memory.grow(Math.ceil((bytes - have) / 65536));
      return true;
    } catch {
      return false;
    }
  };
  // Resident slots sit below `top`; every call's scratch starts at `top`, so it never meets them.
  let top = 16;
  const slots = new Map<number, { bytes: number; free: boolean }>();
  const resident: ResidentMemory = {
    reserve(bytes) {
      for (const [at, slot] of slots) {
        if (slot.free && slot.bytes >= bytes) {
          slot.free = false;
          return at;
        }
      }
      const at = top;
      if (!ensure(align(at + bytes))) return -1;
      top = align(at + bytes);
      slots.set(at, { bytes, free: false });
      return at;
    },
    release(at) {
      const slot = slots.get(at);
      if (slot) slot.free = true;
    },
    view: (at, bytes) => new Uint8Array(ex.memory.buffer, at, bytes),
  };
  /** A frame's address in wasm memory when it is a 4-aligned view of it, else -1. */
  const inMemory = (a: Uint8Array | Uint8ClampedArray): number =>
    a.buffer === ex.memory.buffer && a.byteOffset % 4 === 0 ? a.byteOffset : -1;
  return {
    name: 'wasm',
    resident,
    encode(cur, prev, width, height) {
      const count = width * height;
      const size = count * 4;
      // Frames already in wasm memory are read where they lie: no copy, no scratch for them.
      const curAt = inMemory(cur);
      const prevAt = inMemory(prev);
      const CUR = align(top);
      const PREV = curAt >= 0 ? CUR : align(CUR + size);
      const OPS = prevAt >= 0 ? PREV : align(PREV + size);
      const LITS = align(OPS + 5 * count + 16);
      const FILLS = align(LITS + size);
      const CODED = align(FILLS + size);
      if (!ensure(CODED + 5 * count + 16)) return fallback.encode(cur, prev, width, height);
      const buf = ex.memory.buffer;
      const mem = new Uint8Array(buf);
      const c = curAt >= 0 ? curAt : CUR;
      const p = prevAt >= 0 ? prevAt : PREV;
      if (curAt < 0) mem.set(bytesOf(cur), CUR);
      if (prevAt < 0) mem.set(bytesOf(prev), PREV);
      const opsLen = ex.encode(c, p, count, OPS, LITS) >>> 0;
      const lits = ex.litCount() >>> 0;
      const ops = new Uint8Array(buf, OPS, opsLen);
      const budget = codedBudget(opsLen, lits);
      if (budget >= 0) {
        const len = ex.code(c, p, width, OPS, opsLen, FILLS, CODED, budget) >>> 0;
        const fills = ex.fillCount() >>> 0;
        if (len !== 0xffffffff && format2Size(opsLen, fills, len) < format1Size(opsLen, lits)) {
          return {
            format: 2,
            ops,
            words: new Uint32Array(buf, FILLS, fills),
            coded: new Uint8Array(buf, CODED, len),
          };
        }
      }
      return { format: 1, ops, words: new Uint32Array(buf, LITS, lits), coded: EMPTY };
    },
    applyCoded(target, width, scan, fills, coded) {
      const n = scan.list.length;
      const lo = Math.max(0, scan.first - width - 1);
      const hi = Math.max(lo, scan.end);
      const OPS = align(top);
      const FILLS = align(OPS + 4 * n);
      const CODED = align(FILLS + fills.length);
      const T = align(CODED + coded.length);
      const at = inMemory(target);
      if (at >= 0) {
        // A resident picture is decoded where it lies, no span copied in or out; on an error it
        // is left partly written (its owner, the receiver, resyncs on a keyframe either way).
        if (!ensure(T)) {
          fallback.applyCoded(target, width, scan, fills, coded);
          return;
        }
        const mem = new Uint8Array(ex.memory.buffer);
        new Uint32Array(mem.buffer, OPS, n).set(scan.list);
        mem.set(fills, FILLS);
        mem.set(coded, CODED);
        const err = ex.decode(at, width, OPS, n, FILLS, CODED, coded.length) >>> 0;
        if (err !== 0) failUnpack(err);
        return;
      }
      // Few literal pixels spread over a wide span (a flat scene's edges): copying the span into
      // wasm memory and back costs more than the JS decoder's work in place. Same result.
      if (scan.literal * SPAN_PER_LITERAL < hi - lo || !ensure(T + 4 * (hi - lo))) {
        fallback.applyCoded(target, width, scan, fills, coded);
        return;
      }
      const buf = ex.memory.buffer;
      const mem = new Uint8Array(buf);
      new Uint32Array(buf, OPS, n).set(scan.list);
      mem.set(fills, FILLS);
      mem.set(coded, CODED);
      mem.set(target.subarray(lo * 4, hi * 4), T);
      // Word 0's address may lie below T (even below 0, wrapping): only words lo..hi are touched.
      const err = ex.decode(T - lo * 4, width, OPS, n, FILLS, CODED, coded.length) >>> 0;
      // Decoded into the copy: on an error the caller's target was never written.
      if (err !== 0) failUnpack(err);
      if (hi === lo) return;
      const first = scan.first;
      target.set(mem.subarray(T + (first - lo) * 4, T + (hi - lo) * 4), first * 4);
    },
  };
}
