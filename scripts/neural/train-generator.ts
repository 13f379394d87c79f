// Trains Model A (state -> picture) for a time budget: `npm run train:neural:generator [seconds]`.
import { mkdirSync } from 'node:fs';
import type * as TF from '@tensorflow/tfjs';
import { GENERATOR_SHAPES, generate } from '../../src/neural/generator-model';
import { STATE_SIZE } from '../../src/neural/springs-state';
import { FRAME_BYTES, loadSet } from './data';
import { batchPicker, initParams, MODELS_DIR, saveModule } from './train-common';
import { trainingTf } from './wasm-train';

const budget = Number(process.argv[2] ?? 540);
const maxSteps = Number(process.argv[3] ?? 1e9);
const SEED = 19;
const BATCH = 8;
const tf = await trainingTf();
const train = loadSet('train');
const params = initParams(tf, GENERATOR_SHAPES, SEED);
const pick = batchPicker(train.count, SEED);
const opt = tf.train.adam(3e-3);
const t0 = performance.now();
let step = 0;
let loss = Number.NaN;
while ((performance.now() - t0) / 1000 < budget && step < maxSteps) {
  const idx = pick(BATCH);
  const s = new Float32Array(BATCH * STATE_SIZE);
  const y = new Uint8Array(BATCH * FRAME_BYTES);
  idx.forEach((i, k) => {
    s.set(train.states.subarray(i * STATE_SIZE, (i + 1) * STATE_SIZE), k * STATE_SIZE);
    y.set(train.frames.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES), k * FRAME_BYTES);
  });
  if ((performance.now() - t0) / 1000 > budget * 0.75) opt.learningRate = 1e-3;
  const l = tf.tidy(() => {
    const st = tf.tensor2d(s, [BATCH, STATE_SIZE]);
    const yt = tf.div(tf.tensor4d(y, [BATCH, 100, 150, 3], 'float32'), 255);
    return opt.minimize(() => tf.mean(tf.square(tf.sub(generate(params, st), yt))) as TF.Scalar, true);
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
mkdirSync(MODELS_DIR, { recursive: true });
const bytes = await saveModule('springs-generator', 'SPRINGS_GENERATOR_WEIGHTS', params, {
  steps: step,
  batch: BATCH,
  trainSeconds: Math.round(seconds),
  finalLoss: loss,
  seed: SEED,
});
console.log(`generator: ${step} steps in ${seconds.toFixed(0)} s, ${bytes} weight bytes`);
