// The training and test sets on disk (.neural-data/, git-ignored): `npm run data:neural`.
// File layout: u32 count, then count x STATE_SIZE f32 states, then count x 150x100x3 u8 frames.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_HEIGHT, MODEL_WIDTH, STATE_SIZE, springsVector } from '../../src/neural/springs-state';
import { downscale, renderViews, sampleViews } from './dataset';

export const DATA_DIR = join(import.meta.dirname, '../../.neural-data');
export const TRAIN_SEED = 1;
export const TEST_SEED = 2;
export const FRAME_BYTES = MODEL_WIDTH * MODEL_HEIGHT * 3;

export interface DataSet {
  count: number;
  states: Float32Array;
  frames: Uint8Array;
}

export function buildSet(count: number, seed: number): DataSet {
  const views = sampleViews(count, seed);
  const states = new Float32Array(count * STATE_SIZE);
  const frames = new Uint8Array(count * FRAME_BYTES);
  for (let start = 0; start < count; start += 200) {
    const chunk = views.slice(start, start + 200);
    renderViews(chunk).forEach((rgba, k) => {
      frames.set(downscale(rgba), (start + k) * FRAME_BYTES);
      states.set(springsVector(chunk[k]!)!, (start + k) * STATE_SIZE);
    });
  }
  return { count, states, frames };
}

export function saveSet(name: string, set: DataSet): void {
  mkdirSync(DATA_DIR, { recursive: true });
  const head = new Uint8Array(new Uint32Array([set.count]).buffer);
  const st = new Uint8Array(set.states.buffer, set.states.byteOffset, set.states.byteLength);
  const out = new Uint8Array(4 + st.length + set.frames.length);
  out.set(head);
  out.set(st, 4);
  out.set(set.frames, 4 + st.length);
  writeFileSync(join(DATA_DIR, `${name}.bin`), out);
}

export function loadSet(name: string): DataSet {
  const file = join(DATA_DIR, `${name}.bin`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run data:neural\` first`);
  const b = readFileSync(file);
  const count = b.readUInt32LE(0);
  const states = new Float32Array(
    b.buffer.slice(b.byteOffset + 4, b.byteOffset + 4 + count * STATE_SIZE * 4),
  );
  const frames = new Uint8Array(b.buffer, b.byteOffset + 4 + count * STATE_SIZE * 4, count * FRAME_BYTES);
  return { count, states, frames };
}

if (process.argv[1]?.endsWith('data.ts')) {
  const train = Number(process.argv[2] ?? 4000);
  const test = Number(process.argv[3] ?? 200);
  const t0 = performance.now();
  saveSet('train', buildSet(train, TRAIN_SEED));
  saveSet('test', buildSet(test, TEST_SEED));
  console.log(
    `${train} train + ${test} test pairs in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${DATA_DIR}`,
  );
}
