/**
 * The two DeltaPixels kernels behind one interface: the WASM SIMD kernel (delta-wasm.ts, loaded
 * lazily) where WebAssembly with SIMD is available, the JS kernel (delta-kernel.ts, delta-literals.ts)
 * everywhere else. Both give byte-identical messages (tests/codec/delta-wasm.test.ts), so the
 * choice never shows on the wire; `delta.ts` asks this module which one to use.
 */

import { encodeDeltaWords } from './delta-kernel';
import type { DeltaKernel, DeltaKernelName } from './delta-kernel-types';
import { codedBudget, format1Size, format2Size } from './delta-layout';
import { applyCodedWords, codeLiterals, failUnpack, unpackResiduals } from './delta-literals';
import { wordsOf } from './delta-words';

export type { DeltaKernel, DeltaKernelName, DeltaSections, PixelBytes } from './delta-kernel-types';

const EMPTY = new Uint8Array(0);

/** The JS kernel: the reference implementation and the fallback. @internal */
export const jsDeltaKernel: DeltaKernel = {
  name: 'js',
  encode(cur, prev, width, height) {
    const count = width * height;
    const c = wordsOf(cur, 'a');
    const p = wordsOf(prev, 'b');
    const { ops, lits } = encodeDeltaWords(c, p, count);
    const budget = codedBudget(ops.length, lits.length);
    const coded = budget >= 0 ? codeLiterals(ops, c, p, width, budget) : null;
    if (
      coded !== null &&
      format2Size(ops.length, coded.fills.length, coded.coded.length) < format1Size(ops.length, lits.length)
    ) {
      return { format: 2, ops, words: coded.fills, coded: coded.coded };
    }
    return { format: 1, ops, words: lits, coded: EMPTY };
  },
  applyCoded(target, width, scan, fills, coded) {
    const res = unpackResiduals(coded, scan.literal);
    if (typeof res === 'number') failUnpack(res);
    const fillWords = wordsOf(fills, 'b');
    const words = target.length / 4;
    if (target.byteOffset % 4 === 0) {
      applyCodedWords(
        new Uint32Array(target.buffer, target.byteOffset, words),
        width,
        scan.list,
        fillWords,
        res,
      );
      return;
    }
    const t = wordsOf(target, 'a');
    applyCodedWords(t, width, scan.list, fillWords, res);
    target.set(new Uint8Array(t.buffer, t.byteOffset, words * 4));
  },
};

let choice: 'auto' | DeltaKernelName = 'auto';
let wasm: DeltaKernel | null | undefined;
let loading: Promise<DeltaKernel | null> | null = null;

/**
 * Loads the WASM kernel (its module, base64 and glue are a separate chunk, so bundles that
 * never encode or decode a delta do not carry it) and compiles it; resolves to null where
 * WebAssembly SIMD is missing. Idempotent; `deltaKernel()` starts it on first use.
 * @internal
 */
export function loadWasmDeltaKernel(): Promise<DeltaKernel | null> {
  if (loading === null) {
    loading = import('./delta-wasm').then(
      (m) => (wasm = m.createWasmDeltaKernel(jsDeltaKernel)),
      () => (wasm = null),
    );
  }
  return loading;
}

/**
 * The kernel `encodeDelta` and `applyDelta` use. By default ('auto') the JS kernel until the
 * WASM one has loaded (started here, in the background, on first use), then the WASM one where
 * WebAssembly SIMD is available. Both give the same bytes, so the switch never shows on the
 * wire, and no caller awaits anything.
 * @internal
 */
export function deltaKernel(): DeltaKernel {
  if (choice === 'js') return jsDeltaKernel;
  if (wasm) return wasm;
  if (wasm === undefined) void loadWasmDeltaKernel();
  return jsDeltaKernel;
}

/**
 * Chooses the kernel: `'auto'` (the default: WASM once loaded where WebAssembly SIMD is
 * available, else JS), `'js'`, or `'wasm'` (after `await loadWasmDeltaKernel()`). Returns
 * the name of the kernel now in use.
 * @throws Error when `'wasm'` is asked for and it is not loaded or cannot run here
 * @internal
 */
export function setDeltaKernel(next: 'auto' | DeltaKernelName): DeltaKernelName {
  if (next === 'wasm' && !wasm) {
    throw new Error(
      'the WASM delta kernel is not loaded (await loadWasmDeltaKernel()) or needs WebAssembly SIMD',
    );
  }
  choice = next;
  return deltaKernel().name;
}
