// Log-mel features for the keyword spotter, hand-written over a radix-2 FFT (meyda would pull
// in 33 packages). Fixed geometry so the training script and the source compute the very same
// numbers: 16 kHz audio, 25 ms Hann frames every 20 ms, 512-point FFT, 40 mel bands 20-7600 Hz,
// natural log of the band energy.
import { MediaError } from './errors';
import { fft } from './fft';

/** The feature geometry the shipped keyword spotter was trained with. @internal */
export const LOG_MEL = {
  sampleRate: 16000,
  frameLength: 400,
  hop: 320,
  fftSize: 512,
  bands: 40,
  minHz: 20,
  maxHz: 7600,
  /** Frames in one 1 s window: 1 + floor((16000 - 400) / 320). */
  windowFrames: 49,
} as const;

const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number): number => 700 * (10 ** (mel / 2595) - 1);

let filters: Float32Array[] | undefined;
let hann: Float64Array | undefined;

// Triangular filters over FFT bins, built once.
function melFilters(): Float32Array[] {
  if (filters) return filters;
  const { fftSize, bands, minHz, maxHz, sampleRate } = LOG_MEL;
  const bins = fftSize / 2 + 1;
  const lo = hzToMel(minHz);
  const hi = hzToMel(maxHz);
  const edges = Array.from(
    { length: bands + 2 },
    (_, i) => (melToHz(lo + ((hi - lo) * i) / (bands + 1)) * fftSize) / sampleRate,
  );
  filters = [];
  for (let b = 0; b < bands; b++) {
    const f = new Float32Array(bins);
    const [l, c, r] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
    for (let k = 0; k < bins; k++) {
      if (k > l && k <= c) f[k] = (k - l) / (c - l);
      else if (k > c && k < r) f[k] = (r - k) / (r - c);
    }
    filters.push(f);
  }
  return filters;
}

/** Number of feature frames `samples` 16 kHz samples give. @internal */
export function logMelFrameCount(samples: number): number {
  return samples < LOG_MEL.frameLength ? 0 : 1 + Math.floor((samples - LOG_MEL.frameLength) / LOG_MEL.hop);
}

/**
 * Log-mel spectrogram of 16 kHz mono samples (-1..1), frame-major: `frames x 40` values.
 * @throws MediaError `BAD_INPUT` when a sample is not finite
 * @internal
 */
export function logMel(samples: Float32Array): Float32Array {
  const { frameLength, hop, fftSize, bands } = LOG_MEL;
  const frames = logMelFrameCount(samples.length);
  const fb = melFilters();
  if (!hann)
    hann = Float64Array.from(
      { length: frameLength },
      (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frameLength),
    );
  const out = new Float32Array(frames * bands);
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  const power = new Float64Array(fftSize / 2 + 1);
  for (let f = 0; f < frames; f++) {
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < frameLength; i++) {
      const s = samples[f * hop + i]!;
      if (!Number.isFinite(s)) throw new MediaError('BAD_INPUT', `sample ${f * hop + i} is ${s}`);
      re[i] = s * hann[i]!;
    }
    fft(re, im);
    for (let k = 0; k < power.length; k++) power[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    for (let b = 0; b < bands; b++) {
      const w = fb[b]!;
      let e = 0;
      for (let k = 0; k < power.length; k++) e += w[k]! * power[k]!;
      // The floor keeps digital silence finite and close to quiet room noise.
      out[f * bands + b] = Math.log(e + 1e-6);
    }
  }
  return out;
}

/**
 * Resamples mono audio linearly (microphones run at 44.1 or 48 kHz; the spotter wants 16 kHz).
 * Linear interpolation aliases a little above 8 kHz, which the 7.6 kHz top band ignores.
 * @throws MediaError `BAD_INPUT` for a rate that is not a positive finite number
 * @internal
 */
export function resampleLinear(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0 && toRate > 0 && Number.isFinite(fromRate) && Number.isFinite(toRate))) {
    throw new MediaError('BAD_INPUT', `resample ${fromRate} -> ${toRate} Hz`);
  }
  if (fromRate === toRate) return samples;
  const n = Math.floor((samples.length * toRate) / fromRate);
  const out = new Float32Array(n);
  const ratio = fromRate / toRate;
  for (let i = 0; i < n; i++) {
    const x = i * ratio;
    const j = Math.floor(x);
    const t = x - j;
    out[i] = samples[j]! * (1 - t) + (samples[Math.min(j + 1, samples.length - 1)] ?? 0) * t;
  }
  return out;
}
