// The shipped keyword spotter (no training here: the committed weights), on a committed
// espeak-ng recording of "stop", on silence and on noise; and the streaming recogniser's rules.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWav16k } from '../../scripts/voice/wav';
import { isNeuralError } from '../../src/neural/errors';
import { createIntentRecognizer, createKeywordSpotter, KEYWORD_LABELS } from '../../src/neural/keyword/index';
import { KEYWORD_WEIGHTS_BASE64 } from '../../src/neural/keyword/weights-data';
import { decodeWeights, encodeWeights, type FloatTensor, fromBase64 } from '../../src/neural/weights';

const STOP = readWav16k(fileURLToPath(new URL('../e2e/fixtures/voice-stop.wav', import.meta.url)));
const spotter = createKeywordSpotter();

// 1 s around the spoken part of the fixture (0.4 s of lead-in, the word, 1.2 s of silence).
const window = (x: Float32Array, from: number) => {
  const w = new Float32Array(16000);
  w.set(x.subarray(from, from + 16000));
  return w;
};
let seed = 1;
const noise = (amp: number) =>
  Float32Array.from({ length: 16000 }, () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return amp * (seed / 2 ** 32 - 0.5);
  });

describe('keyword spotter (shipped weights)', () => {
  it('hears "stop" in the recording', () => {
    const s = spotter.classify(window(STOP, 0));
    expect(s.label).toBe('stop');
    expect(s.probabilities).toHaveLength(KEYWORD_LABELS.length);
    expect(s.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('calls digital silence and quiet noise silence', () => {
    expect(spotter.classify(new Float32Array(16000)).label).toBe('silence');
    expect(spotter.classify(noise(0.002)).label).toBe('silence');
  });

  it('refuses a window that is not one second at 16 kHz', () => {
    let err: unknown;
    try {
      spotter.classify(new Float32Array(8000));
    } catch (e) {
      err = e;
    }
    expect(isNeuralError(err, 'BAD_STATE')).toBe(true);
  });

  it('refuses weights that are not a DSNW blob', () => {
    expect(() => createKeywordSpotter(Uint8Array.of(1, 2, 3))).toThrow(/BAD_WEIGHTS/);
  });

  // A retrained or tampered blob (`npm run train:voice` writes them; apps pass their own).
  const shipped = () => decodeWeights(fromBase64(KEYWORD_WEIGHTS_BASE64));
  const reencode = (edit: (t: Map<string, FloatTensor>) => void) => {
    const t = shipped();
    edit(t);
    return encodeWeights(Object.fromEntries(t));
  };
  const badWeights = (blob: Uint8Array) => {
    try {
      createKeywordSpotter(blob);
    } catch (e) {
      return isNeuralError(e, 'BAD_WEIGHTS');
    }
    return false;
  };

  it.each([
    [
      'a bias shorter than its kernel',
      (t: Map<string, FloatTensor>) => t.set('c1b', { shape: [8], data: new Float32Array(8) }),
    ],
    [
      'a dense bias shorter than its kernel',
      (t: Map<string, FloatTensor>) => t.set('d1b', { shape: [3], data: new Float32Array(3) }),
    ],
    [
      'three classes instead of eight',
      (t: Map<string, FloatTensor>) => {
        t.set('d2k', { shape: [64, 3], data: new Float32Array(192) });
        t.set('d2b', { shape: [3], data: new Float32Array(3) });
      },
    ],
    [
      'a norm without its deviation',
      (t: Map<string, FloatTensor>) => t.set('norm', { shape: [1], data: Float32Array.of(-5) }),
    ],
    [
      'a negative deviation',
      (t: Map<string, FloatTensor>) => t.set('norm', { shape: [2], data: Float32Array.of(-5, -1) }),
    ],
  ])('refuses weights with %s as BAD_WEIGHTS when it loads them', (_n, edit) => {
    expect(badWeights(reencode(edit))).toBe(true);
  });

  it('refuses a blob whose dequantisation min or step is not finite', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const blob = reencode(() => {});
      // The first tensor, "norm": name length, name, rank, one u16 dim, then f32 min and f32 step.
      const at = 7 + 1 + 4 + 1 + 2;
      new DataView(blob.buffer).setFloat32(at + 4, value, true);
      expect(badWeights(blob)).toBe(true);
    }
  });

  it('refuses every truncation of the shipped blob', () => {
    const blob = fromBase64(KEYWORD_WEIGHTS_BASE64);
    for (let n = 0; n < blob.length; n += n < 64 ? 1 : 997)
      expect(badWeights(blob.subarray(0, n))).toBe(true);
  });
});

describe('intent recogniser', () => {
  const feed = (rec: ReturnType<typeof createIntentRecognizer>, x: Float32Array, rate: number) => {
    const out = [];
    for (let i = 0; i < x.length; i += rate / 50) out.push(...rec.push(x.subarray(i, i + rate / 50), rate));
    return out;
  };

  it('turns one spoken "stop" (at 48 kHz, as a microphone gives it) into exactly one intent', () => {
    const rec = createIntentRecognizer();
    const at48 = Float32Array.from({ length: STOP.length * 3 }, (_, i) => STOP[Math.floor(i / 3)]!);
    const out = [...feed(rec, at48, 48000), ...rec.end()];
    expect(out.map((o) => o.intent)).toEqual(['stop']);
    expect(out[0]!.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('hears a word cut off by the end of an utterance once end() flushes', () => {
    const rec = createIntentRecognizer();
    const out = [...feed(rec, STOP.subarray(0, 12000), 16000), ...rec.end()];
    expect(out.map((o) => o.intent)).toEqual(['stop']);
  });

  it('says nothing for silence and noise', () => {
    const rec = createIntentRecognizer();
    expect([
      ...feed(rec, new Float32Array(48000), 16000),
      ...feed(rec, noise(0.002), 16000),
      ...rec.end(),
    ]).toEqual([]);
  });

  it('refuses agree < 1 and a threshold outside 0..1', () => {
    expect(() => createIntentRecognizer({ agree: 0 })).toThrow(/BAD_STATE/);
    expect(() => createIntentRecognizer({ threshold: 2 })).toThrow(/BAD_STATE/);
  });
});
