/**
 * Which DeltaPixels kernel runs: the WASM SIMD kernel (delta-wasm.ts, loaded lazily) where
 * WebAssembly with SIMD is available, the JS kernel (delta-js.ts) everywhere else. Both give
 * byte-identical messages (tests/codec/delta-wasm.test.ts), so the choice never shows on the wire.
 */
import type { DeltaKernel, DeltaKernelName } from './delta-kernel-types';

export { jsDeltaKernel } from './delta-js';
export type { DeltaKernel, DeltaKernelName, DeltaSections, PixelBytes } from './delta-kernel-types';

let choice: 'auto' | DeltaKernelName = 'auto';
let wasm: DeltaKernel | null | undefined;
let loading: Promise<DeltaKernel | null> | null = null;

/**
 * Loads the WASM kernel (its module, base64 and glue are a separate chunk, so bundles that
 * never encode or decode a delta do not carry it) and compiles it; resolves to null where
 * WebAssembly SIMD is missing. Idempotent; `activeWasmKernel()` starts it on first use.
 * @internal
 */
export function loadWasmDeltaKernel(): Promise<DeltaKernel | null> {
  if (loading === null) {
    loading = import('./delta-wasm').then(
      (m) => (wasm = m.createWasmDeltaKernel()),
      () => (wasm = null),
    );
  }
  return loading;
}

/**
 * The WASM kernel when `encodeDelta` and `applyDelta` should use it, else null (use the JS
 * functions). By default ('auto') that is null until the WASM kernel has loaded (started here,
 * in the background, on first use), then the WASM kernel where WebAssembly SIMD is available.
 * Both give the same bytes, so the switch never shows on the wire, and no caller awaits anything.
 * @internal
 */
export function activeWasmKernel(): DeltaKernel | null {
  if (choice === 'js') return null;
  if (wasm) return wasm;
  if (wasm === undefined) void loadWasmDeltaKernel();
  return null;
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
  return activeWasmKernel() ? 'wasm' : 'js';
}
