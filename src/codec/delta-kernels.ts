/**
 * The two DeltaPixels kernels behind one interface: the WASM SIMD kernel (delta-wasm.ts) where
 * WebAssembly with SIMD is available, the JS kernel (delta-kernel.ts, delta-literals.ts)
 * everywhere else. Both give byte-identical messages (tests/codec/delta-wasm.test.ts), so the
 * choice never shows on the wire; `delta.ts` asks this module which one to use.
 */

import { encodeDeltaWords } from './delta-kernel';
import type { DeltaKernel, DeltaKernelName } from './delta-kernel-types';
import { codedBudget, format1Size, format2Size } from './delta-layout';
import { applyCodedWords, codeLiterals, failUnpack, unpackResiduals } from './delta-literals';
import { createWasmDeltaKernel } from './delta-wasm';
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

let chosen: DeltaKernel | null = null;
let wasm: DeltaKernel | null | undefined;

/** The WASM kernel, compiled synchronously on first use; null where WebAssembly SIMD is missing. */
function wasmKernel(): DeltaKernel | null {
  if (wasm === undefined) wasm = createWasmDeltaKernel(jsDeltaKernel);
  return wasm;
}

/**
 * The kernel `encodeDelta` and `applyDelta` use: by default the WASM one where available,
 * else JS. @internal
 */
export function deltaKernel(): DeltaKernel {
  if (chosen === null) chosen = wasmKernel() ?? jsDeltaKernel;
  return chosen;
}

/**
 * Chooses the kernel: `'auto'` (the default: WASM where WebAssembly SIMD is available, else
 * JS), `'js'`, or `'wasm'`. Returns the name of the kernel now in use.
 * @throws Error when `'wasm'` is asked for and this runtime cannot run it
 * @internal
 */
export function setDeltaKernel(choice: 'auto' | DeltaKernelName): DeltaKernelName {
  if (choice === 'js') chosen = jsDeltaKernel;
  else if (choice === 'auto') chosen = wasmKernel() ?? jsDeltaKernel;
  else {
    const k = wasmKernel();
    if (k === null) throw new Error('the WASM delta kernel needs WebAssembly with SIMD');
    chosen = k;
  }
  return chosen.name;
}
