// The keyword spotter's forward pass in plain TypeScript (no tfjs at run time: ~3.6M
// multiply-adds per 1 s window, a few milliseconds). Layout is height x width x channels,
// row-major, the same as tfjs channels-last, so trained kernels load as they are:
//   input 49x40x1 -> conv3x3(16) relu -> avgpool2 -> conv3x3(32) relu -> avgpool2
//   -> conv3x3(32) relu -> avgpool2 -> flatten 6x5x32 -> dense 64 relu -> dense 8 softmax
// Every conv is stride 1 with 'same' padding (the tfjs wasm backend trains only stride 1).
import { NeuralError } from '../errors';
import type { FloatTensor } from '../weights';

/** A feature map: height x width x channels. @internal */
export interface Map3 {
  h: number;
  w: number;
  c: number;
  data: Float32Array;
}

/** Conv 3x3 'same', stride 1, then ReLU. Kernel shape [3, 3, inC, outC]. @internal */
export function conv3x3Relu(x: Map3, kernel: FloatTensor, bias: FloatTensor): Map3 {
  const [kh, kw, inC, outC] = kernel.shape as [number, number, number, number];
  if (kh !== 3 || kw !== 3 || inC !== x.c)
    throw new NeuralError('BAD_WEIGHTS', `conv kernel ${kernel.shape.join('x')} for ${x.c} channels`);
  const out = new Float32Array(x.h * x.w * outC);
  const k = kernel.data;
  for (let y = 0; y < x.h; y++) {
    for (let xx = 0; xx < x.w; xx++) {
      const o = (y * x.w + xx) * outC;
      for (let oc = 0; oc < outC; oc++) out[o + oc] = bias.data[oc]!;
      for (let dy = -1; dy <= 1; dy++) {
        const sy = y + dy;
        if (sy < 0 || sy >= x.h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const sx = xx + dx;
          if (sx < 0 || sx >= x.w) continue;
          const src = (sy * x.w + sx) * inC;
          const kbase = ((dy + 1) * 3 + (dx + 1)) * inC * outC;
          for (let ic = 0; ic < inC; ic++) {
            const v = x.data[src + ic]!;
            if (v === 0) continue;
            const kr = kbase + ic * outC;
            for (let oc = 0; oc < outC; oc++) out[o + oc]! += v * k[kr + oc]!;
          }
        }
      }
      for (let oc = 0; oc < outC; oc++) if (out[o + oc]! < 0) out[o + oc] = 0;
    }
  }
  return { h: x.h, w: x.w, c: outC, data: out };
}

/** 2x2 average pooling, 'valid' (an odd last row or column is dropped, as in tfjs). @internal */
export function avgPool2(x: Map3): Map3 {
  const h = Math.floor(x.h / 2);
  const w = Math.floor(x.w / 2);
  const out = new Float32Array(h * w * x.c);
  for (let y = 0; y < h; y++) {
    for (let xx = 0; xx < w; xx++) {
      for (let c = 0; c < x.c; c++) {
        const at = (yy: number, xs: number) => x.data[(yy * x.w + xs) * x.c + c]!;
        out[(y * w + xx) * x.c + c] =
          (at(2 * y, 2 * xx) + at(2 * y, 2 * xx + 1) + at(2 * y + 1, 2 * xx) + at(2 * y + 1, 2 * xx + 1)) / 4;
      }
    }
  }
  return { h, w, c: x.c, data: out };
}

/** Dense layer, kernel [in, out]; `relu` clamps at zero. @internal */
export function dense(x: Float32Array, kernel: FloatTensor, bias: FloatTensor, relu: boolean): Float32Array {
  const [inN, outN] = kernel.shape as [number, number];
  if (inN !== x.length)
    throw new NeuralError('BAD_WEIGHTS', `dense kernel ${kernel.shape.join('x')} for ${x.length} inputs`);
  const out = Float32Array.from(bias.data);
  for (let i = 0; i < inN; i++) {
    const v = x[i]!;
    if (v === 0) continue;
    const row = i * outN;
    for (let o = 0; o < outN; o++) out[o]! += v * kernel.data[row + o]!;
  }
  if (relu) for (let o = 0; o < outN; o++) if (out[o]! < 0) out[o] = 0;
  return out;
}

/** Softmax in place, numerically stable. @internal */
export function softmax(x: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of x) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] = Math.exp(x[i]! - max);
    sum += x[i]!;
  }
  for (let i = 0; i < x.length; i++) x[i]! /= sum;
  return x;
}

/** Names of the tensors the spotter reads from its weights blob, in training-script order. @internal */
export const KEYWORD_TENSORS = [
  'norm',
  'c1k',
  'c1b',
  'c2k',
  'c2b',
  'c3k',
  'c3b',
  'd1k',
  'd1b',
  'd2k',
  'd2b',
] as const;

/**
 * Checks that the tensors chain through {@link forward} for `frames x bands` features and
 * `classes` outputs (a retrained or tampered blob), so a bad one fails when it loads, not as NaN
 * or a missing class at run time.
 * @throws NeuralError `BAD_WEIGHTS` naming the first tensor that does not fit
 * @internal
 */
export function checkKeywordWeights(
  weights: ReadonlyMap<string, FloatTensor>,
  frames: number,
  bands: number,
  classes: number,
): void {
  const shape = (name: (typeof KEYWORD_TENSORS)[number], want: number[]) => {
    const got = weights.get(name)?.shape ?? [];
    if (got.length !== want.length || got.some((d, i) => d !== want[i]))
      throw new NeuralError('BAD_WEIGHTS', `keyword tensor ${name} is [${got}], the network needs [${want}]`);
  };
  const norm = weights.get('norm')?.data;
  if (!(norm?.length === 2 && Number.isFinite(norm[0]) && norm[1]! > 0 && Number.isFinite(norm[1])))
    throw new NeuralError('BAD_WEIGHTS', 'keyword tensor norm is not [mean, deviation > 0]');
  let [h, w, c] = [frames, bands, 1];
  for (const [k, b] of [
    ['c1k', 'c1b'],
    ['c2k', 'c2b'],
    ['c3k', 'c3b'],
  ] as const) {
    const out = weights.get(k)?.shape[3] ?? 0;
    shape(k, [3, 3, c, out]);
    shape(b, [out]);
    [h, w, c] = [Math.floor(h / 2), Math.floor(w / 2), out];
  }
  const hidden = weights.get('d1k')?.shape[1] ?? 0;
  shape('d1k', [h * w * c, hidden]);
  shape('d1b', [hidden]);
  shape('d2k', [hidden, classes]);
  shape('d2b', [classes]);
}

/** Runs the network on normalised-later log-mel features (49 x 40); returns class probabilities. @internal */
export function forward(
  weights: ReadonlyMap<string, FloatTensor>,
  features: Float32Array,
  frames: number,
  bands: number,
): Float32Array {
  const t = (name: (typeof KEYWORD_TENSORS)[number]): FloatTensor => {
    const v = weights.get(name);
    if (!v) throw new NeuralError('BAD_WEIGHTS', `keyword weights lack tensor ${name}`);
    return v;
  };
  const [mean, std] = t('norm').data as unknown as [number, number];
  const x = Float32Array.from(features, (v) => (v - mean) / std);
  let m: Map3 = { h: frames, w: bands, c: 1, data: x };
  m = avgPool2(conv3x3Relu(m, t('c1k'), t('c1b')));
  m = avgPool2(conv3x3Relu(m, t('c2k'), t('c2b')));
  m = avgPool2(conv3x3Relu(m, t('c3k'), t('c3b')));
  const hidden = dense(m.data, t('d1k'), t('d1b'), true);
  return softmax(dense(hidden, t('d2k'), t('d2b'), false));
}
