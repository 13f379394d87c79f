// Turns recordings into 1 s training windows: finds the spoken part by energy, places it in
// the window (at random, or centred for evaluation), and augments with gain and noise.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEYWORD_LABELS, type KeywordLabel } from '../../src/neural/keyword/labels';
import { readWav16k } from './wav';

export const WINDOW = 16000;

export interface Clip {
  label: number;
  /** The spoken part only (leading and trailing silence trimmed). */
  speech: Float32Array;
}

/** A seeded PRNG (mulberry32), so runs are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function trim(x: Float32Array): Float32Array {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  const gate = peak * 0.02;
  let a = 0;
  let b = x.length - 1;
  while (a < b && Math.abs(x[a]!) < gate) a++;
  while (b > a && Math.abs(x[b]!) < gate) b--;
  return x.subarray(a, Math.min(b + 1, a + WINDOW));
}

/** Loads `<dir>/<label>/*.wav` for every label the spotter knows (others are ignored). */
export function loadClips(dir: string): Clip[] {
  const out: Clip[] = [];
  for (const name of readdirSync(dir)) {
    const label = KEYWORD_LABELS.indexOf(name as KeywordLabel);
    if (label < 0 || name === 'silence') continue;
    for (const f of readdirSync(join(dir, name))) {
      if (f.endsWith('.wav')) out.push({ label, speech: trim(readWav16k(join(dir, name, f))) });
    }
  }
  return out;
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

/** Adds white noise at `snrDb` below the signal's RMS (in place). */
export function addNoise(x: Float32Array, snrDb: number, rand: () => number, ref = rms(x)): void {
  const sigma = ref / 10 ** (snrDb / 20);
  for (let i = 0; i < x.length; i++) {
    // Box-Muller, one normal per sample.
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    x[i]! += sigma * g;
  }
}

/** Places a clip in a 1 s window: centred when `rand` is absent, else shifted at random. */
export function place(speech: Float32Array, rand?: () => number): Float32Array {
  const w = new Float32Array(WINDOW);
  const room = WINDOW - speech.length;
  const at = rand ? Math.floor(rand() * (room + 1)) : Math.floor(room / 2);
  w.set(speech, at);
  return w;
}

/** One augmented training window: random shift, gain of +-10 dB, white noise at 5-30 dB SNR. */
export function augment(clip: Clip, rand: () => number): Float32Array {
  const w = place(clip.speech, rand);
  const gain = 10 ** ((rand() - 0.5) * 1);
  for (let i = 0; i < w.length; i++) w[i]! *= gain;
  if (rand() < 0.8) addNoise(w, 5 + rand() * 25, rand, rms(clip.speech) * gain);
  return w;
}

/** A silence window: noise alone, from near-digital silence to a loud room. */
export function silence(rand: () => number): Float32Array {
  const w = new Float32Array(WINDOW);
  addNoise(w, 0, rand, 10 ** (-4 + rand() * 2.7));
  return w;
}
