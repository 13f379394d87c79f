// Measures both shipped models on the held-out test states (TEST_SEED), against the true render
// at the demo's 600x400: Model A PSNR/SSIM; Model B PSNR/SSIM at its bytes per frame, beside
// WebP at the same bytes per frame (full size, and at the model's 150x100 scaled up).
import { decodeNeuralLatent, encodeNeuralLatent } from '../../src/codec/neural';
import { loadSpringsGenerator } from '../../src/neural/generator';
import { loadLatentCodec } from '../../src/neural/latent-codec';
import { SPRINGS_AUTOENCODER_WEIGHTS_FACTS } from '../../src/neural/models/springs-autoencoder';
import { SPRINGS_GENERATOR_WEIGHTS_FACTS } from '../../src/neural/models/springs-generator';
import { MODEL_HEIGHT, MODEL_WIDTH, VIEW_HEIGHT, VIEW_WIDTH } from '../../src/neural/springs-state';
import { decodeMessage } from '../../src/protocol/index';
import { TEST_SEED } from './data';
import { downscale, renderViews, sampleViews } from './dataset';
import { psnr, ssim } from './metrics';
import { webpAtBudget } from './webp';

export interface Row {
  name: string;
  bytesPerFrame: number;
  psnr: number;
  ssim: number;
  encodeMs: number;
  decodeMs: number;
  note: string;
}

function rgbaOf(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgb.length / 3) * 4);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    out[i] = rgb[j]!;
    out[i + 1] = rgb[j + 1]!;
    out[i + 2] = rgb[j + 2]!;
    out[i + 3] = 255;
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Evaluates on the first `count` held-out test states. */
export async function evaluateNeural(
  count: number,
): Promise<{ rows: Row[]; facts: Record<string, unknown> }> {
  const views = sampleViews(count, TEST_SEED);
  const truth = renderViews(views);
  const gen = await loadSpringsGenerator();
  const codec = await loadLatentCodec();
  const acc: Record<
    string,
    { b: number[]; p: number[]; s: number[]; e: number[]; d: number[]; note: string }
  > = {};
  const add = (
    name: string,
    b: number,
    pic: ArrayLike<number>,
    t: Uint8Array,
    e: number,
    d: number,
    note = '',
  ) => {
    acc[name] ??= { b: [], p: [], s: [], e: [], d: [], note };
    const a = acc[name]!;
    a.b.push(b);
    a.p.push(psnr(pic, t));
    a.s.push(ssim(pic, t, VIEW_WIDTH, VIEW_HEIGHT));
    a.e.push(e);
    a.d.push(d);
  };
  gen.render(views[0]!);
  // Warm-up: the first run compiles the wasm kernels, which would skew the first timing.
  codec.decode({ scale: 1, offset: 0, ...codec.encode(truth[0]!, VIEW_WIDTH, VIEW_HEIGHT) });
  for (let k = 0; k < count; k++) {
    const t = truth[k]!;
    let t0 = performance.now();
    const a = gen.render(views[k]!);
    add('A: generator (state -> NeuralFrame)', 0, a, t, 0, performance.now() - t0, 'signal state only');
    t0 = performance.now();
    const message = encodeNeuralLatent(codec.encode(t, VIEW_WIDTH, VIEW_HEIGHT), { seq: k, timestamp: 0 });
    const e = performance.now() - t0;
    const payload = message.length - 16;
    t0 = performance.now();
    const m = decodeMessage(message);
    const b = codec.decode(decodeNeuralLatent(m));
    add('B: latent (NeuralLatent, int8)', payload, b, t, e, performance.now() - t0);
    // The bilinear ceiling both models live under: the true frame at 150x100, scaled up.
    const small = rgbaOf(downscale(t));
    const up = await webpAtBudget(small, MODEL_WIDTH, MODEL_HEIGHT, 1e9, VIEW_WIDTH, VIEW_HEIGHT);
    add('ceiling: true frame at 150x100 (WebP q100), scaled up', up.bytes, up.rgba, t, 0, 0, 'q100');
    t0 = performance.now();
    const w1 = await webpAtBudget(t, VIEW_WIDTH, VIEW_HEIGHT, payload, VIEW_WIDTH, VIEW_HEIGHT);
    add('WebP 600x400 at <= latent bytes', w1.bytes, w1.rgba, t, performance.now() - t0, 0, `q${w1.quality}`);
    const w2 = await webpAtBudget(small, MODEL_WIDTH, MODEL_HEIGHT, payload, VIEW_WIDTH, VIEW_HEIGHT);
    add('WebP 150x100 at <= latent bytes, scaled up', w2.bytes, w2.rgba, t, 0, 0, `q${w2.quality}`);
  }
  const rows = Object.entries(acc).map(([name, a]) => ({
    name,
    bytesPerFrame: mean(a.b),
    psnr: mean(a.p),
    ssim: mean(a.s),
    encodeMs: mean(a.e),
    decodeMs: mean(a.d),
    note: a.note,
  }));
  return {
    rows,
    facts: { generator: SPRINGS_GENERATOR_WEIGHTS_FACTS, autoencoder: SPRINGS_AUTOENCODER_WEIGHTS_FACTS },
  };
}

/** Markdown table of the rows. */
export function table(rows: readonly Row[]): string {
  const lines = [
    '| what | bytes/frame | PSNR dB | SSIM | encode ms | decode/render ms |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.bytesPerFrame.toFixed(0)} | ${r.psnr.toFixed(2)} | ${r.ssim.toFixed(3)} | ${r.encodeMs.toFixed(1)} | ${r.decodeMs.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}
