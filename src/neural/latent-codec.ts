// Model B at run time: picture -> quantised latent (source) and latent -> picture (receiver).
import * as tf from '@tensorflow/tfjs-core';
import type { NeuralLatent, NeuralLatentInit } from '../codec/neural';
import {
  decodeLatent,
  encodeLatent,
  LATENT_MODEL_ID,
  LATENT_MODEL_VERSION,
  LATENT_SHAPE,
  LATENT_SIZE,
} from './autoencoder-model';
import { initNeuralBackend, type NeuralBackendOptions, scoped, upscaleToRgba } from './backend';
import { NeuralError } from './errors';
import { loadParams } from './load';
import { SPRINGS_AUTOENCODER_WEIGHTS } from './models/springs-autoencoder';
import type { Params } from './ops';
import { MODEL_HEIGHT, MODEL_WIDTH } from './springs-state';

/** int8 latent: value = stored / 127. */
const SCALE = 1 / 127;

/** Largest picture a latent may ask for (a hostile header must not allocate gigabytes). */
const MAX_PIXELS = 4096 * 1024;

/** A loaded latent codec. @public */
export interface LatentCodec {
  /**
   * Encodes an RGBA picture (any size; scaled to the model's 150x100) as a NeuralLatent init:
   * 900 int8 values, model id and version, and the picture's size for the receiver.
   */
  encode(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): NeuralLatentInit;
  /**
   * Decodes a latent to opaque RGBA at its width x height.
   * @throws NeuralError `MODEL_MISMATCH` unless it names this model id and version as int8 with 900 values
   */
  decode(latent: NeuralLatent): Uint8ClampedArray;
}

/** Why this codec cannot read `latent`, or null when it can. @public */
export function latentMismatch(latent: NeuralLatent): string | null {
  if (latent.modelId !== LATENT_MODEL_ID || latent.modelVersion !== LATENT_MODEL_VERSION) {
    return `latent for model ${latent.modelId} v${latent.modelVersion}; this receiver has ${LATENT_MODEL_ID} v${LATENT_MODEL_VERSION}`;
  }
  if (latent.quantisation !== 'int8' || latent.latent.length !== LATENT_SIZE) {
    return `${LATENT_MODEL_ID} v${LATENT_MODEL_VERSION} reads ${LATENT_SIZE} int8 values, got ${latent.latent.length} bytes of ${latent.quantisation}`;
  }
  if (latent.width < 1 || latent.height < 1 || latent.width * latent.height > MAX_PIXELS) {
    return `output size ${latent.width}x${latent.height} is outside 1..${MAX_PIXELS} pixels`;
  }
  return null;
}

let params: Params | null = null;

function toModelInput(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): tf.Tensor4D {
  const rgb = tf.slice(
    tf.tensor3d(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length), [height, width, 4], 'int32'),
    [0, 0, 0],
    [-1, -1, 3],
  );
  const x = tf.expandDims(tf.div(tf.cast(rgb, 'float32'), 255), 0) as tf.Tensor4D;
  // Area-average like the training data when the size is a whole multiple, bilinear otherwise.
  const f = width / MODEL_WIDTH;
  if (Number.isInteger(f) && f === height / MODEL_HEIGHT) {
    return f === 1 ? x : (tf.avgPool(x, f, f, 'valid') as tf.Tensor4D);
  }
  return tf.image.resizeBilinear(x, [MODEL_HEIGHT, MODEL_WIDTH]);
}

/**
 * Starts the backend and loads the shipped autoencoder (weights decoded once per page).
 * @public
 */
export async function loadLatentCodec(options?: NeuralBackendOptions): Promise<LatentCodec> {
  await initNeuralBackend(options);
  params ??= loadParams(SPRINGS_AUTOENCODER_WEIGHTS);
  const p = params;
  return {
    encode(rgba, width, height) {
      const z = scoped(() => encodeLatent(p, toModelInput(rgba, width, height)).dataSync());
      const q = new Int8Array(LATENT_SIZE);
      for (let i = 0; i < LATENT_SIZE; i++) q[i] = Math.max(-127, Math.min(127, Math.round(z[i]! / SCALE)));
      return {
        modelId: LATENT_MODEL_ID,
        modelVersion: LATENT_MODEL_VERSION,
        quantisation: 'int8',
        scale: SCALE,
        offset: 0,
        width,
        height,
        latent: new Uint8Array(q.buffer),
      };
    },
    decode(latent) {
      const why = latentMismatch(latent);
      if (why) throw new NeuralError('MODEL_MISMATCH', why);
      const b = latent.latent;
      const values = new Int8Array(b.buffer, b.byteOffset, b.length);
      return scoped(() => {
        const z = tf.add(
          tf.mul(tf.tensor4d(Float32Array.from(values), [1, ...LATENT_SHAPE]), latent.scale),
          latent.offset,
        );
        return upscaleToRgba(decodeLatent(p, z as tf.Tensor4D), latent.width, latent.height);
      });
    },
  };
}
