// Trains Model A (state -> picture) for a time budget: `npm run train:neural:generator [seconds]`.
import type * as TF from '@tensorflow/tfjs';
import { GENERATOR_SHAPES, generate } from '../../src/neural/generator-model';
import {
  SPRINGS_GENERATOR_WEIGHTS,
  SPRINGS_GENERATOR_WEIGHTS_FACTS,
} from '../../src/neural/models/springs-generator';
import { STATE_SIZE } from '../../src/neural/springs-state';
import { trainFor } from './train-loop';

await trainFor({
  label: 'generator',
  file: 'springs-generator',
  constName: 'SPRINGS_GENERATOR_WEIGHTS',
  shapes: GENERATOR_SHAPES,
  shipped: { weights: SPRINGS_GENERATOR_WEIGHTS, facts: SPRINGS_GENERATOR_WEIGHTS_FACTS },
  seed: 19,
  defaultLr: 3e-3,
  batch: 8,
  loss(tf, params, { frames, indices, set }) {
    const s = new Float32Array(indices.length * STATE_SIZE);
    indices.forEach((i, k) => {
      s.set(set.states.subarray(i * STATE_SIZE, (i + 1) * STATE_SIZE), k * STATE_SIZE);
    });
    const states = tf.tensor2d(s, [indices.length, STATE_SIZE]);
    return tf.mean(tf.square(tf.sub(generate(params, states), frames))) as TF.Scalar;
  },
});
