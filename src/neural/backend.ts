// Starts tfjs on its wasm backend once per process or page. In Node the backend finds its .wasm
// files beside its own module; a browser app whose bundler does not serve them passes
// `wasmPaths` (a URL prefix where tfjs-backend-wasm*.wasm are served).

import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { NeuralError } from './errors';

/** Options of {@link initNeuralBackend}. @public */
export interface NeuralBackendOptions {
  /** URL prefix (ending in `/`) of the tfjs-backend-wasm .wasm files, for browsers. @defaultValue tfjs's own lookup */
  wasmPaths?: string;
}

let ready: Promise<void> | null = null;

/**
 * Starts the wasm backend (idempotent; later calls share the first start).
 * @throws NeuralError `BACKEND_FAILED` when wasm cannot start (the promise rejects)
 * @public
 */
export function initNeuralBackend(options: NeuralBackendOptions = {}): Promise<void> {
  ready ??= (async () => {
    try {
      if (options.wasmPaths) setWasmPaths(options.wasmPaths);
      if (!(await tf.setBackend('wasm'))) throw new Error('setBackend("wasm") returned false');
      await tf.ready();
    } catch (e) {
      ready = null;
      throw new NeuralError('BACKEND_FAILED', e instanceof Error ? e.message : String(e), { cause: e });
    }
  })();
  return ready;
}

/** Runs `fn` in a tfjs scope: every tensor it makes is freed, whatever it returns. @internal */
export function scoped<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

/** RGB values 0..1 [H, W, 3] -> tightly packed opaque RGBA bytes. @internal */
export function toRgba(rgb: tf.Tensor3D): Uint8ClampedArray {
  const [h, w] = rgb.shape;
  const src = rgb.dataSync();
  const out = new Uint8ClampedArray(h * w * 4);
  for (let i = 0, j = 0; i < out.length; i += 4, j += 3) {
    out[i] = src[j]! * 255 + 0.5;
    out[i + 1] = src[j + 1]! * 255 + 0.5;
    out[i + 2] = src[j + 2]! * 255 + 0.5;
    out[i + 3] = 255;
  }
  return out;
}

/** Scales model output [1, h, w, 3] to `width` x `height` (bilinear) as RGBA bytes. @internal */
export function upscaleToRgba(out: tf.Tensor4D, width: number, height: number): Uint8ClampedArray {
  return scoped(() => {
    const [, h, w] = out.shape;
    const big = h === height && w === width ? out : tf.image.resizeBilinear(out, [height, width]);
    return toRgba(tf.squeeze(tf.clipByValue(big, 0, 1), [0]) as tf.Tensor3D);
  });
}
