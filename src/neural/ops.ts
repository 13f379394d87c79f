// Stride-1 building blocks shared by training (scripts/neural) and inference: tfjs's wasm backend
// has no Conv2DBackpropFilter and its strided 3-D filter gradient is wrong (tfjs#8474), so the
// models pool with reshape+mean and upsample with resizeBilinear instead of strided convolutions.
import * as tf from '@tensorflow/tfjs-core';

/** Named model parameters (variables while training, constants when shipped). @internal */
export type Params = ReadonlyMap<string, tf.Tensor>;

/** The parameter `name`, or a `BAD_WEIGHTS`-style throw naming it. @internal */
export function param(p: Params, name: string): tf.Tensor {
  const t = p.get(name);
  if (!t) throw new Error(`model parameter ${name} is missing`);
  return t;
}

/** 3x3 'same' convolution with bias. @internal */
export function conv(x: tf.Tensor4D, p: Params, name: string): tf.Tensor4D {
  return tf.add(tf.conv2d(x, param(p, `${name}.w`) as tf.Tensor4D, 1, 'same'), param(p, `${name}.b`));
}

/** Average pooling by `k` in both directions (H and W divisible by k). @internal */
export function pool(x: tf.Tensor4D, k: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  return tf.mean(tf.reshape(x, [b, h / k, k, w / k, k, c]), [2, 4]) as tf.Tensor4D;
}

/** Composites `rgba` logits (colour, coverage) over the learned background. @internal */
export function composite(rgba: tf.Tensor4D, p: Params): tf.Tensor4D {
  const [rgb, a] = tf.split(rgba, [3, 1], 3);
  const alpha = tf.sigmoid(a!);
  const bg = tf.sigmoid(param(p, 'bg'));
  return tf.add(tf.mul(alpha, tf.sigmoid(rgb!)), tf.mul(tf.sub(1, alpha), bg)) as tf.Tensor4D;
}
