// Turns a shipped weights module into tfjs constants, once.
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from './ops';
import { decodeWeights, fromBase64 } from './weights';

/** Decodes base64 DSNW weights into named tfjs tensors (kept; never disposed). @internal */
export function loadParams(base64: string): Params {
  const out = new Map<string, tf.Tensor>();
  for (const [name, t] of decodeWeights(fromBase64(base64)))
    out.set(name, tf.keep(tf.tensor(t.data, t.shape)));
  return out;
}
