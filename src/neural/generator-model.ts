// Model A, the generator: springs signal state -> 150x100 RGB picture. A conditional neural
// field: for every output pixel, a fixed encoding of the state relative to that pixel (offset
// to and distance from each body, offset to the target, distance to each spring segment, each
// body's velocity) feeds a small per-pixel MLP that learns the shapes, colours, squash, draw
// order and anti-aliasing, composited over a learned background (grid, text area). Nothing of
// the renderer's code is in it: every colour and shape is learned from rendered frames.
import * as tf from '@tensorflow/tfjs-core';
import { composite, type Params, param } from './ops';
import { BODIES, MODEL_HEIGHT, MODEL_WIDTH, VIEW_HEIGHT, VIEW_WIDTH } from './springs-state';

/** Model id and version of the shipped generator. @public */
export const GENERATOR_ID = 'springs-gen';
/** @public */
export const GENERATOR_VERSION = 2;

const R = 22;
const HIDDEN = 32;
/** Per-pixel input features: 5 per body, 2 for the target, 1 per spring segment. */
export const FEATURES = BODIES * 5 + 2 + BODIES;

/** Parameter shapes of the generator (training initialises them). @internal */
export const GENERATOR_SHAPES: Readonly<Record<string, number[]>> = {
  'l1.w': [FEATURES, HIDDEN],
  'l1.b': [HIDDEN],
  'l2.w': [HIDDEN, HIDDEN],
  'l2.b': [HIDDEN],
  'l3.w': [HIDDEN, 4],
  'l3.b': [4],
  bg: [MODEL_HEIGHT, MODEL_WIDTH, 3],
};

function grid(): { xs: tf.Tensor; ys: tf.Tensor } {
  const f = VIEW_WIDTH / MODEL_WIDTH;
  // Pixel centres of the model's grid, in demo pixels.
  const xs = tf.reshape(tf.add(tf.mul(tf.range(0, MODEL_WIDTH), f), (f - 1) / 2), [1, 1, MODEL_WIDTH]);
  const ys = tf.reshape(tf.add(tf.mul(tf.range(0, MODEL_HEIGHT), f), (f - 1) / 2), [1, MODEL_HEIGHT, 1]);
  return { xs, ys };
}

function col(s: tf.Tensor2D, i: number, scale: number): tf.Tensor {
  return tf.reshape(tf.mul(tf.slice(s, [0, i], [-1, 1]), scale), [-1, 1, 1]);
}

function segment(xs: tf.Tensor, ys: tf.Tensor, ax: tf.Tensor, ay: tf.Tensor, bx: tf.Tensor, by: tf.Tensor) {
  const vx = tf.sub(bx, ax);
  const vy = tf.sub(by, ay);
  const len2 = tf.add(tf.add(tf.square(vx), tf.square(vy)), 1e-3);
  const u = tf.clipByValue(
    tf.div(tf.add(tf.mul(tf.sub(xs, ax), vx), tf.mul(tf.sub(ys, ay), vy)), len2),
    0,
    1,
  );
  const dx = tf.sub(xs, tf.add(ax, tf.mul(u, vx)));
  const dy = tf.sub(ys, tf.add(ay, tf.mul(u, vy)));
  return tf.clipByValue(tf.div(tf.sqrt(tf.add(tf.add(tf.square(dx), tf.square(dy)), 1e-4)), 2), 0, 6);
}

/** The per-pixel state encoding, [batch, H, W, FEATURES]. @internal */
export function stateFeatures(states: tf.Tensor2D): tf.Tensor4D {
  const { xs, ys } = grid();
  const full = [states.shape[0], MODEL_HEIGHT, MODEL_WIDTH];
  const feats: tf.Tensor[] = [];
  const tx = col(states, 0, VIEW_WIDTH);
  const ty = col(states, 1, VIEW_HEIGHT);
  feats.push(
    tf.clipByValue(tf.div(tf.sub(xs, tx), 8), -3, 3),
    tf.clipByValue(tf.div(tf.sub(ys, ty), 8), -3, 3),
  );
  let ax = tx;
  let ay = ty;
  for (let i = 0; i < BODIES; i++) {
    const px = col(states, 2 + i * 4, VIEW_WIDTH);
    const py = col(states, 3 + i * 4, VIEW_HEIGHT);
    const dx = tf.div(tf.sub(xs, px), R);
    const dy = tf.div(tf.sub(ys, py), R);
    const d = tf.sqrt(tf.add(tf.add(tf.square(dx), tf.square(dy)), 1e-6));
    feats.push(
      tf.clipByValue(dx, -3, 3),
      tf.clipByValue(dy, -3, 3),
      tf.clipByValue(tf.div(tf.mul(tf.sub(d, 1), R), 4), -4, 4),
      col(states, 4 + i * 4, 1),
      col(states, 5 + i * 4, 1),
    );
    feats.push(segment(xs, ys, ax, ay, px, py));
    ax = px;
    ay = py;
  }
  return tf.stack(
    feats.map((f) => tf.broadcastTo(f, full)),
    3,
  ) as tf.Tensor4D;
}

/**
 * Renders states ([batch, STATE_SIZE], see `springsVector`) to pictures [batch, 100, 150, 3]
 * with values 0..1.
 * @internal
 */
export function generate(p: Params, states: tf.Tensor2D): tf.Tensor4D {
  const f = stateFeatures(states);
  const [b, h, w] = f.shape;
  let x: tf.Tensor2D = tf.reshape(f, [b * h * w, FEATURES]);
  x = tf.relu(tf.add(tf.matMul(x, param(p, 'l1.w') as tf.Tensor2D), param(p, 'l1.b'))) as tf.Tensor2D;
  x = tf.relu(tf.add(tf.matMul(x, param(p, 'l2.w') as tf.Tensor2D), param(p, 'l2.b'))) as tf.Tensor2D;
  x = tf.add(tf.matMul(x, param(p, 'l3.w') as tf.Tensor2D), param(p, 'l3.b'));
  return composite(tf.reshape(x, [b, h, w, 4]), p);
}
