// Trains Model B (picture -> 900-value latent -> picture) for a time budget:
// `npm run train:neural:autoencoder [seconds]`. Uniform noise of half an int8 step on the latent
// during training makes the decoder robust to the wire's quantisation.
import type * as TF from '@tensorflow/tfjs';
import { AUTOENCODER_SHAPES, decodeLatent, encodeLatent } from '../../src/neural/autoencoder-model';
import {
  SPRINGS_AUTOENCODER_WEIGHTS,
  SPRINGS_AUTOENCODER_WEIGHTS_FACTS,
} from '../../src/neural/models/springs-autoencoder';
import { FRAME_BYTES, loadSet } from './data';
import {
  batchPicker,
  initParams,
  learningRate,
  loadParams,
  saveModule,
  setLearningRate,
  trainArgs,
} from './train-common';
import { trainingTf } from './wasm-train';

const { budget, maxSteps, resume, lr } = trainArgs(process.argv.slice(2), 3e-3);
const SEED = 43;
const BATCH = 8;
const tf = await trainingTf();
const train = loadSet('train');
const params = resume
  ? loadParams(tf, AUTOENCODER_SHAPES, SPRINGS_AUTOENCODER_WEIGHTS)
  : initParams(tf, AUTOENCODER_SHAPES, SEED);
const prior = resume ? SPRINGS_AUTOENCODER_WEIGHTS_FACTS : { steps: 0, trainSeconds: 0 };
// A resumed run draws other batches than the run it continues.
const pick = batchPicker(train.count, SEED + prior.steps);
const opt = tf.train.adam(lr);
const t0 = performance.now();
let step = 0;
let loss = Number.NaN;
while ((performance.now() - t0) / 1000 < budget && step < maxSteps) {
  const y = new Uint8Array(BATCH * FRAME_BYTES);
  pick(BATCH).forEach((i, k) => {
    y.set(train.frames.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES), k * FRAME_BYTES);
  });
  setLearningRate(opt, learningRate(lr, resume, step, (performance.now() - t0) / 1000, budget));
  const l = tf.tidy(() => {
    const x = tf.div(tf.tensor4d(y, [BATCH, 100, 150, 3], 'float32'), 255) as TF.Tensor4D;
    return opt.minimize(() => {
      const z = encodeLatent(params, x);
      const noisy = tf.add(z, tf.randomUniform(z.shape, -0.5 / 127, 0.5 / 127)) as TF.Tensor4D;
      return tf.mean(tf.square(tf.sub(decodeLatent(params, noisy), x))) as TF.Scalar;
    }, true);
  });
  loss = (await l!.data())[0]!;
  l!.dispose();
  step++;
  if (step % 50 === 0 || step <= 3) {
    const sec = (performance.now() - t0) / 1000;
    console.log(
      `step ${step} loss ${loss.toFixed(5)} (~${(10 * Math.log10(1 / loss)).toFixed(1)} dB) ${sec.toFixed(0)} s`,
    );
  }
}
const seconds = (performance.now() - t0) / 1000;
const bytes = await saveModule('springs-autoencoder', 'SPRINGS_AUTOENCODER_WEIGHTS', params, {
  steps: prior.steps + step,
  batch: BATCH,
  trainSeconds: prior.trainSeconds + Math.round(seconds),
  finalLoss: loss,
  seed: SEED,
});
console.log(
  `autoencoder: ${step} steps (${prior.steps + step} in all) in ${seconds.toFixed(0)} s, ${bytes} weight bytes`,
);
