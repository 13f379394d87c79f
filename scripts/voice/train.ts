// Trains the keyword spotter on the tfjs wasm backend and writes the shipped weights
// (src/neural/keyword/weights-data.ts, uint8-quantised DSNW blob as base64).
//   npm run train:voice                       synthetic espeak-ng data (.voice-data/, made if absent)
//   npm run train:voice -- --samples dir/     plus an app's own recordings: dir/<label>/*.wav
//   options: --data dir  --epochs n  --minutes m (stops after the epoch that passes it)  --out file
// Run it under `nice -n 19`; ~10 minutes on one core.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { LOG_MEL, logMel } from '../../src/media/log-mel';
import { KEYWORD_LABELS } from '../../src/neural/keyword/labels';
import { KEYWORD_WEIGHTS_BASE64 } from '../../src/neural/keyword/weights-data';
import { decodeWeights, encodeWeights, type FloatTensor, fromBase64 } from '../../src/neural/weights';
import { augment, type Clip, loadClips, prng, silence } from './clips';
import { buildModel } from './model';
import { registerWasmConvGrad } from './wasm-conv-grad';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.voice-data' },
    samples: { type: 'string' },
    epochs: { type: 'string', default: '30' },
    minutes: { type: 'string', default: '11' },
    out: { type: 'string', default: 'src/neural/keyword/weights-data.ts' },
    // Start from the shipped weights instead of random ones (continue a run, or adapt to --samples).
    resume: { type: 'boolean', default: false },
    lr: { type: 'string', default: '0.001' },
  },
});

const SILENCE = KEYWORD_LABELS.indexOf('silence');
const rand = prng(7);

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  registerWasmConvGrad();
  if (!existsSync(join(values.data, 'train'))) {
    execFileSync('npx', ['tsx', 'scripts/voice/gen-data.ts', values.data], { stdio: 'inherit' });
  }
  const clips: Clip[] = loadClips(join(values.data, 'train'));
  if (values.samples) {
    // An app's own recordings weigh three times a synthetic clip: they are few and they are the real thing.
    const own = loadClips(values.samples);
    if (own.length === 0)
      throw new Error(`${values.samples}: no <label>/*.wav files (labels: ${KEYWORD_LABELS.join(', ')})`);
    console.log(`${own.length} own recordings from ${values.samples}`);
    clips.push(...own, ...own, ...own);
  }
  const silences = Math.round(clips.length / (KEYWORD_LABELS.length - 1));
  const { windowFrames: F, bands: B } = LOG_MEL;
  const model = buildModel(Number(values.lr));
  let norm: [number, number] | undefined;
  if (values.resume) {
    const shipped = decodeWeights(fromBase64(KEYWORD_WEIGHTS_BASE64));
    const n = shipped.get('norm')?.data;
    if (n) norm = [n[0]!, n[1]!];
    for (const name of ['c1', 'c2', 'c3', 'd1', 'd2']) {
      const k = shipped.get(`${name}k`);
      const b = shipped.get(`${name}b`);
      if (!k || !b) throw new Error(`shipped weights lack ${name}`);
      model.getLayer(name).setWeights([tf.tensor(k.data, k.shape), tf.tensor(b.data, b.shape)]);
    }
    console.log('resumed from the shipped weights');
  }
  const t0 = Date.now();
  for (let epoch = 0; epoch < Number(values.epochs); epoch++) {
    const n = clips.length + silences;
    const xs = new Float32Array(n * F * B);
    const ys = new Float32Array(n * KEYWORD_LABELS.length);
    const order = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
    order.forEach((src, row) => {
      const clip = clips[src];
      xs.set(logMel(clip ? augment(clip, rand) : silence(rand)), row * F * B);
      ys[row * KEYWORD_LABELS.length + (clip ? clip.label : SILENCE)] = 1;
    });
    if (!norm) {
      let s = 0;
      let s2 = 0;
      for (const v of xs) {
        s += v;
        s2 += v * v;
      }
      const mean = s / xs.length;
      norm = [mean, Math.sqrt(s2 / xs.length - mean * mean)];
    }
    for (let i = 0; i < xs.length; i++) xs[i] = (xs[i]! - norm[0]) / norm[1];
    const x = tf.tensor4d(xs, [n, F, B, 1]);
    const y = tf.tensor2d(ys, [n, KEYWORD_LABELS.length]);
    const h = await model.fit(x, y, { batchSize: 32, epochs: 1, verbose: 0 });
    x.dispose();
    y.dispose();
    const min = (Date.now() - t0) / 60000;
    console.log(
      `epoch ${epoch + 1}: loss ${Number(h.history.loss?.[0]).toFixed(3)} acc ${Number(h.history.acc?.[0]).toFixed(3)} (${min.toFixed(1)} min)`,
    );
    if (min > Number(values.minutes)) break;
  }
  const tensors: Record<string, FloatTensor> = {
    norm: { shape: [2], data: Float32Array.from(norm ?? [0, 1]) },
  };
  for (const name of ['c1', 'c2', 'c3', 'd1', 'd2']) {
    const [k, b] = model.getLayer(name).getWeights();
    if (!k || !b) throw new Error(`layer ${name} has no weights`);
    tensors[`${name}k`] = { shape: k.shape, data: k.dataSync() as Float32Array };
    tensors[`${name}b`] = { shape: b.shape, data: b.dataSync() as Float32Array };
  }
  const blob = encodeWeights(tensors);
  writeFileSync(
    values.out,
    `// Generated by scripts/voice/train.ts (${new Date().toISOString().slice(0, 10)}): the keyword spotter's\n// uint8-quantised weights, ${blob.length} bytes. Retrain: npm run train:voice.\n/** @internal */\nexport const KEYWORD_WEIGHTS_BASE64 =\n  '${Buffer.from(blob).toString('base64')}';\n`,
  );
  console.log(`wrote ${values.out}: ${blob.length} bytes, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
