// Trains Model B (picture -> 900-value latent -> picture) for a time budget:
// `npm run train:neural:autoencoder [seconds]`. Uniform noise of half an int8 step on the latent
// during training makes the decoder robust to the wire's quantisation.
import type * as TF from '@tensorflow/tfjs';
import { AUTOENCODER_SHAPES, decodeLatent, encodeLatent } from '../../src/neural/autoencoder-model';
import { FRAME_BYTES, loadSet } from './data';
import { batchPicker, initParams, saveModule } from './train-common';
import { trainingTf } from './wasm-train';

const budget = Number(process.argv[2] ?? 540);
const maxSteps = Number(process.argv[3] ?? 1e9);
const SEED = 43;
const BATCH = 8;
const tf = await trainingTf();
const train = loadSet('train');
const params = initParams(tf, AUTOENCODER_SHAPES, SEED);
const pick = batchPicker(train.count, SEED);
const opt = tf.train.adam(3e-3);
const t0 = performance.now();
let step = 0;
let loss = Number.NaN;
while ((performance.now() - t0) / 1000 < budget && step < maxSteps) {
  const y = new Uint8Array(BATCH * FRAME_BYTES);
  pick(BATCH).forEach((i, k) => {
    y.set(train.frames.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES), k * FRAME_BYTES);
  });
  if ((performance.now() - t0) / 1000 > budget * 0.75) opt.learningRate = 1e-3;
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
  steps: step,
  batch: BATCH,
  trainSeconds: Math.round(seconds),
  finalLoss: loss,
  seed: SEED,
});
console.log(`autoencoder: ${step} steps in ${seconds.toFixed(0)} s, ${bytes} weight bytes`);
