// The shipped neural models, loaded as a receiver or source would load them (no training here):
// shapes, determinism, quality on held-out frames above a floor well under the measured
// figures (BENCHMARKS.md), the 1,024-byte NeuralLatent cap, and the typed refusal.
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_SEED } from '../../scripts/neural/data';
import { renderViews, sampleViews } from '../../scripts/neural/dataset';
import { psnr } from '../../scripts/neural/metrics';
import { decodeNeuralLatent, encodeNeuralLatent } from '../../src/codec/neural';
import {
  createLatentRenderer,
  isNeuralError,
  LATENT_MODEL_ID,
  LATENT_MODEL_VERSION,
  type LatentCodec,
  loadLatentCodec,
  loadSpringsGenerator,
  neuralFrameEncoder,
  neuralLatentEncoder,
  neuralRenderers,
  type SpringsGenerator,
} from '../../src/neural/index';
import { decodeMessage, Flag, FrameType } from '../../src/protocol/index';
import type { FrameRendererFactory } from '../../src/receiver/types';
import type { FrameEncoderFactory } from '../../src/source/types';

const W = 600;
const H = 400;
/** Floors well under the measured held-out means (BENCHMARKS.md), so only a broken model fails. */
const GENERATOR_FLOOR_DB = 22;
const LATENT_FLOOR_DB = 21;

const views = sampleViews(4, TEST_SEED);
const truth = renderViews(views);
let gen: SpringsGenerator;
let codec: LatentCodec;

beforeAll(async () => {
  gen = await loadSpringsGenerator();
  codec = await loadLatentCodec();
}, 60_000);

describe('Model A: the generator', () => {
  it('renders a 600x400 opaque RGBA picture, the same one twice', () => {
    const a = gen.render(views[0]!);
    const b = gen.render(views[0]!);
    expect(a.length).toBe(W * H * 4);
    expect(a[3]).toBe(255);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('is close to the true render on held-out states', () => {
    for (let k = 0; k < views.length; k++)
      expect(psnr(gen.render(views[k]!), truth[k]!)).toBeGreaterThan(GENERATOR_FLOOR_DB);
  });

  it('refuses a state it was not trained on with BAD_STATE', () => {
    let err: unknown;
    try {
      gen.render({ ...views[0]!, w: 300 });
    } catch (e) {
      err = e;
    }
    expect(isNeuralError(err, 'BAD_STATE')).toBe(true);
  });

  it('plugs into the source as a FrameEncoderFactory that sends NeuralFrame keyframes', async () => {
    const factory: FrameEncoderFactory = await neuralFrameEncoder();
    const enc = factory({ keyframeInterval: 60, imageQuality: () => 0.8 });
    const out = await enc.encode(
      { kind: 'signal', state: views[1]! },
      { seq: 7, timestamp: 1, keyframe: false },
    );
    const m = decodeMessage(out!.message);
    expect(m.header.type).toBe(FrameType.NeuralFrame);
    expect([m.header.width, m.header.height, m.payload.length]).toEqual([W, H, W * H * 4]);
  });
});

describe('Model B: the latent codec', () => {
  it('fits the whole NeuralLatent payload, model id and version included, in 1,024 bytes', () => {
    const init = codec.encode(truth[0]!, W, H);
    const message = encodeNeuralLatent(init, { seq: 1, timestamp: 2 });
    expect(message.length - 16).toBeLessThanOrEqual(1024);
    const back = decodeNeuralLatent(decodeMessage(message));
    expect([back.modelId, back.modelVersion, back.quantisation]).toEqual([
      LATENT_MODEL_ID,
      LATENT_MODEL_VERSION,
      'int8',
    ]);
  });

  it('encodes and decodes deterministically, close to the true render', () => {
    for (let k = 0; k < truth.length; k++) {
      const a = codec.encode(truth[k]!, W, H);
      expect(Buffer.from(codec.encode(truth[k]!, W, H).latent).equals(Buffer.from(a.latent))).toBe(true);
      const m = decodeNeuralLatent(decodeMessage(encodeNeuralLatent(a, { seq: k, timestamp: 0 })));
      const pic = codec.decode(m);
      expect(pic.length).toBe(W * H * 4);
      expect(psnr(pic, truth[k]!)).toBeGreaterThan(LATENT_FLOOR_DB);
    }
  });

  it('plugs into the source as a FrameEncoderFactory that sends NeuralLatent keyframes', async () => {
    const factory: FrameEncoderFactory = await neuralLatentEncoder();
    const enc = factory({ keyframeInterval: 60, imageQuality: () => 0.8 });
    const frame = { rgba: truth[2]!, width: W, height: H };
    const out = await enc.encode({ kind: 'picture', frame }, { seq: 3, timestamp: 9, keyframe: false });
    const m = decodeMessage(out!.message);
    expect(m.header.type).toBe(FrameType.NeuralLatent);
    expect(m.header.flags & Flag.Keyframe).toBe(Flag.Keyframe);
    expect(m.payload.length).toBeLessThanOrEqual(1024);
  });
});

describe('the receiver side', () => {
  const host = () => {
    const reasons: string[] = [];
    return { reasons, ctx: { requestKeyframe: (r: string) => reasons.push(r) } };
  };
  const painted = () => {
    const shown: number[] = [];
    return {
      shown,
      surface: { putPixels: (_: Uint8ClampedArray, w: number, h: number) => shown.push(w * h) },
    };
  };

  it('registers a lazily loaded renderer for NeuralLatent that paints the decoded picture', async () => {
    const factories: Partial<Record<number, FrameRendererFactory>> = neuralRenderers();
    const { ctx, reasons } = host();
    const r = await neuralRenderers()[FrameType.NeuralLatent]!(ctx);
    expect(factories[FrameType.NeuralLatent]).toBeTypeOf('function');
    const msg = decodeMessage(encodeNeuralLatent(codec.encode(truth[0]!, W, H), { seq: 1, timestamp: 0 }));
    expect(r.receive(msg)).toBe(true);
    const { shown, surface } = painted();
    r.draw(surface);
    expect(shown).toEqual([W * H]);
    expect(reasons).toEqual([]);
  });

  it.each([
    ['another version', { modelVersion: LATENT_MODEL_VERSION + 1 }],
    ['another model id', { modelId: 'other-vae' }],
    ['another quantisation', { quantisation: 'uint8' as const }],
    ['a latent of another size', { latent: new Uint8Array(64) }],
    ['a 65535 x 65535 picture (16 GiB of RGBA)', { width: 65535, height: 65535 }],
    ['a 0 x 0 picture', { width: 0, height: 0 }],
  ])('refuses %s with MODEL_MISMATCH, asks for a keyframe, and paints nothing', (_, change) => {
    const { ctx, reasons } = host();
    const r = createLatentRenderer(ctx, codec);
    const good = decodeMessage(encodeNeuralLatent(codec.encode(truth[1]!, W, H), { seq: 1, timestamp: 0 }));
    expect(r.receive(good)).toBe(true);
    const bad = decodeMessage(
      encodeNeuralLatent({ ...codec.encode(truth[1]!, W, H), ...change }, { seq: 2, timestamp: 0 }),
    );
    let err: unknown;
    try {
      r.receive(bad);
    } catch (e) {
      err = e;
    }
    expect(isNeuralError(err, 'MODEL_MISMATCH')).toBe(true);
    expect(reasons).toEqual(['unsupported neural model']);
    const { shown, surface } = painted();
    r.draw(surface);
    expect(shown).toEqual([]);
  });
});
