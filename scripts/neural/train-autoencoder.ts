// Trains Model B (picture -> 900-value latent -> picture) for a time budget:
// `npm run train:neural:autoencoder [seconds]`. Uniform noise of half an int8 step on the latent
// during training makes the decoder robust to the wire's quantisation.
import type * as TF from '@tensorflow/tfjs';
import { AUTOENCODER_SHAPES, decodeLatent, encodeLatent } from '../../src/neural/autoencoder-model';
import {
  SPRINGS_AUTOENCODER_WEIGHTS,
  SPRINGS_AUTOENCODER_WEIGHTS_FACTS,
} from '../../src/neural/models/springs-autoencoder';
import { trainFor } from './train-loop';

await trainFor({
  label: 'autoencoder',
  file: 'springs-autoencoder',
  constName: 'SPRINGS_AUTOENCODER_WEIGHTS',
  shapes: AUTOENCODER_SHAPES,
  shipped: { weights: SPRINGS_AUTOENCODER_WEIGHTS, facts: SPRINGS_AUTOENCODER_WEIGHTS_FACTS },
  seed: 43,
  defaultLr: 3e-3,
  batch: 8,
  loss(tf, params, { frames }) {
    const z = encodeLatent(params, frames);
    const noisy = tf.add(z, tf.randomUniform(z.shape, -0.5 / 127, 0.5 / 127)) as TF.Tensor4D;
    return tf.mean(tf.square(tf.sub(decodeLatent(params, noisy), frames))) as TF.Scalar;
  },
});
