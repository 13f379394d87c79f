// The training loop both neural models share: batches from the training set, Adam with the
// warm-up and late decay of `learningRate`, a time (and step) budget, then the weights module.
import { mkdirSync } from 'node:fs';
import type * as TF from '@tensorflow/tfjs';
import { type DataSet, FRAME_BYTES, loadSet } from './data';
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

/** One model's training: what differs between Model A and Model B. */
export interface TrainSpec {
  /** For the log line. */
  label: string;
  /** `src/neural/models/<file>.ts` and the constant in it. */
  file: string;
  constName: string;
  shapes: Readonly<Record<string, number[]>>;
  /** The shipped weights and their facts (for `--resume`). */
  shipped: { weights: string; facts: { steps: number; trainSeconds: number } };
  seed: number;
  defaultLr: number;
  batch: number;
  /** The batch's loss: `frames` are its target pictures (0..1), `indices` its samples in `set`. */
  loss(
    tf: typeof TF,
    params: Map<string, TF.Variable>,
    batch: { frames: TF.Tensor4D; indices: number[]; set: DataSet },
  ): TF.Scalar;
}

/** Trains for the budget in argv (`[seconds] [maxSteps] [--resume] [--lr=<rate>]`) and writes the weights module. */
export async function trainFor(spec: TrainSpec): Promise<void> {
  const { budget, maxSteps, resume, lr } = trainArgs(process.argv.slice(2), spec.defaultLr);
  const tf = await trainingTf();
  const set = loadSet('train');
  const params = resume
    ? loadParams(tf, spec.shapes, spec.shipped.weights)
    : initParams(tf, spec.shapes, spec.seed);
  const prior = resume ? spec.shipped.facts : { steps: 0, trainSeconds: 0 };
  // A resumed run draws other batches than the run it continues.
  const pick = batchPicker(set.count, spec.seed + prior.steps);
  const opt = tf.train.adam(lr);
  const B = spec.batch;
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  let step = 0;
  let loss = Number.NaN;
  while (elapsed() < budget && step < maxSteps) {
    const indices = pick(B);
    const y = new Uint8Array(B * FRAME_BYTES);
    indices.forEach((i, k) => {
      y.set(set.frames.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES), k * FRAME_BYTES);
    });
    setLearningRate(opt, learningRate(lr, resume, step, elapsed(), budget));
    // minimize returns the loss (returnCost): a scalar the tidy keeps.
    const l = tf.tidy(() => {
      const frames = tf.div(tf.tensor4d(y, [B, 100, 150, 3], 'float32'), 255) as TF.Tensor4D;
      return opt.minimize(() => spec.loss(tf, params, { frames, indices, set }), true) as TF.Scalar;
    });
    loss = (await l.data())[0]!;
    l.dispose();
    step++;
    if (step % 50 === 0 || step <= 3) {
      const db = (10 * Math.log10(1 / loss)).toFixed(1);
      console.log(`step ${step} loss ${loss.toFixed(5)} (~${db} dB) ${elapsed().toFixed(0)} s`);
    }
  }
  const seconds = elapsed();
  mkdirSync(MODELS_DIR, { recursive: true });
  const bytes = await saveModule(spec.file, spec.constName, params, {
    steps: prior.steps + step,
    batch: B,
    trainSeconds: prior.trainSeconds + Math.round(seconds),
    finalLoss: loss,
    seed: spec.seed,
  });
  console.log(
    `${spec.label}: ${step} steps (${prior.steps + step} in all) in ${seconds.toFixed(0)} s, ${bytes} weight bytes`,
  );
}
