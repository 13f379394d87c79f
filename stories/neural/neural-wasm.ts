// Where the browser finds tfjs's wasm binaries: Vite emits them as assets (hashed names in a
// build), so the stories hand tfjs a file map instead of relying on its own lookup beside the
// script, which a bundled page does not have.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let done = false;

/** Points tfjs at the emitted .wasm files, once, before the neural entry starts its backend. @internal */
export function setStoryWasmPaths(): void {
  if (done) return;
  done = true;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plain,
    'tfjs-backend-wasm-simd.wasm': simd,
    'tfjs-backend-wasm-threaded-simd.wasm': threaded,
  });
}

/** The neural entry, loaded on first use (tfjs and the weights stay out of other stories). @internal */
export async function loadNeuralEntry(): Promise<typeof import('../../src/neural/index')> {
  setStoryWasmPaths();
  return import('../../src/neural/index');
}
