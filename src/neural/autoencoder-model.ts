// Model B, the latent codec: a 150x100 RGB picture -> 15x10x6 latent in [-1, 1] (900 values,
// int8 on the wire) -> the picture again. Stride-1 convolutions with mean pooling and bilinear
// upsampling; the decoder composites its foreground over a learned background.
import * as tf from '@tensorflow/tfjs-core';
import { composite, conv, type Params, pool } from './ops';
import { MODEL_HEIGHT, MODEL_WIDTH } from './springs-state';

/** Model id and version of the shipped latent codec (NeuralLatent's model id and version). @public */
export const LATENT_MODEL_ID = 'springs-ae';
/** @public */
export const LATENT_MODEL_VERSION = 2;
/** Latent grid: 10 rows, 15 columns, 6 channels. @public */
export const LATENT_SHAPE: readonly [number, number, number] = [10, 15, 6];
/** Values in one latent (bytes on the wire at int8). @public */
export const LATENT_SIZE = 10 * 15 * 6;

/** Parameter shapes of the autoencoder. @internal */
export const AUTOENCODER_SHAPES: Readonly<Record<string, number[]>> = {
  'e1.w': [3, 3, 3, 16],
  'e1.b': [16],
  'e2.w': [3, 3, 16, 32],
  'e2.b': [32],
  'e3.w': [3, 3, 32, LATENT_SHAPE[2]],
  'e3.b': [LATENT_SHAPE[2]],
  'd1.w': [3, 3, LATENT_SHAPE[2], 32],
  'd1.b': [32],
  'd2.w': [3, 3, 32, 16],
  'd2.b': [16],
  'd3.w': [3, 3, 16, 4],
  'd3.b': [4],
  bg: [MODEL_HEIGHT, MODEL_WIDTH, 3],
};

/** Pictures [batch, 100, 150, 3] (0..1) -> latents [batch, 10, 15, 6] in [-1, 1]. @internal */
export function encodeLatent(p: Params, x: tf.Tensor4D): tf.Tensor4D {
  let h = pool(x, 2);
  h = tf.relu(conv(h, p, 'e1'));
  h = pool(h, 5);
  h = tf.relu(conv(h, p, 'e2'));
  return tf.tanh(conv(h, p, 'e3'));
}

/** Latents [batch, 10, 15, 6] -> pictures [batch, 100, 150, 3] (0..1). @internal */
export function decodeLatent(p: Params, z: tf.Tensor4D): tf.Tensor4D {
  let h = tf.relu(conv(z, p, 'd1'));
  h = tf.image.resizeBilinear(h, [MODEL_HEIGHT / 2, MODEL_WIDTH / 2]);
  h = tf.relu(conv(h, p, 'd2'));
  h = conv(h, p, 'd3');
  return composite(tf.image.resizeBilinear(h, [MODEL_HEIGHT, MODEL_WIDTH]), p);
}
