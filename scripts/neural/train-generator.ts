// Trains Model A (state -> picture) for a time budget: `npm run train:neural:generator [seconds]`.
import { mkdirSync } from 'node:fs';
import type * as TF from '@tensorflow/tfjs';
import { GENERATOR_SHAPES, generate } from '../../src/neural/generator-model';
import {
  SPRINGS_GENERATOR_WEIGHTS,
  SPRINGS_GENERATOR_WEIGHTS_FACTS,
} from '../../src/neural/models/springs-generator';
import { STATE_SIZE } from '../../src/neural/springs-state';
import { FRAME_BYTES, loadSet } from './data';
import {
  batchPicker,
  initParams,
  learningRate,
  loadParams,
  MODELS_DIR,
  saveModule,
  setLearningRate,
  trainArgs,
} from './train-common';
import { trainingTf } from './wasm-train';

const { budget, maxSteps, resume, lr } = trainArgs(process.argv.slice(2), 3e-3);
const SEED = 19;
const BATCH = 8;
const tf = await trainingTf();
const train = loadSet('train');
const params = resume
  ? loadParams(tf, GENERATOR_SHAPES, SPRINGS_GENERATOR_WEIGHTS)
  : initParams(tf, GENERATOR_SHAPES, SEED);
const prior = resume ? SPRINGS_GENERATOR_WEIGHTS_FACTS : { steps: 0, trainSeconds: 0 };
// A resumed run draws other batches than the run it continues.
const pick = batchPicker(train.count, SEED + prior.steps);
const opt = tf.train.adam(lr);
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
  setLearningRate(opt, learningRate(lr, resume, step, (performance.now() - t0) / 1000, budget));
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
  steps: prior.steps + step,
  batch: BATCH,
  trainSeconds: prior.trainSeconds + Math.round(seconds),
  finalLoss: loss,
  seed: SEED,
});
console.log(
  `generator: ${step} steps (${prior.steps + step} in all) in ${seconds.toFixed(0)} s, ${bytes} weight bytes`,
);
