// Measures the shipped keyword spotter on the held-out synthetic test split (voices and accents
// training never heard): accuracy clean and at 10 dB SNR, and the time from the end of a word to
// its intent through the streaming recogniser (audio time, plus the compute per window).
//   npx tsx scripts/voice/eval.ts [data=.voice-data]
import { join } from 'node:path';
import { COMMANDS, KEYWORD_LABELS } from '../../src/neural/keyword/labels';
import { createIntentRecognizer } from '../../src/neural/keyword/recognizer';
import { createKeywordSpotter } from '../../src/neural/keyword/spotter';
import { addNoise, loadClips, place, prng, silence } from './clips';

const data = process.argv[2] ?? '.voice-data';
const clips = loadClips(join(data, 'test'));
const spotter = createKeywordSpotter();
const rand = prng(99);
const SIL = KEYWORD_LABELS.indexOf('silence');
const tests = [
  ...clips.map((c) => ({ label: c.label, speech: c.speech })),
  ...Array.from({ length: 40 }, () => ({ label: SIL, speech: new Float32Array(0) })),
];

function accuracy(noisy: boolean): { all: number; commands: number; perLabel: string } {
  const hit = new Array<number>(KEYWORD_LABELS.length).fill(0);
  const n = new Array<number>(KEYWORD_LABELS.length).fill(0);
  for (const t of tests) {
    const w = t.label === SIL ? silence(rand) : place(t.speech);
    if (noisy && t.label !== SIL) addNoise(w, 10, rand);
    n[t.label]!++;
    if (spotter.classify(w).label === KEYWORD_LABELS[t.label]) hit[t.label]!++;
  }
  const sum = (xs: number[], k = xs.length) => xs.slice(0, k).reduce((a, b) => a + b, 0);
  return {
    all: sum(hit) / sum(n),
    commands: sum(hit, COMMANDS.length) / sum(n, COMMANDS.length),
    perLabel: KEYWORD_LABELS.map((l, i) => `${l} ${((100 * hit[i]!) / Math.max(1, n[i]!)).toFixed(0)}%`).join(
      ', ',
    ),
  };
}

function latency(): { medianMs: number; p90Ms: number; found: number; total: number; computeMs: number } {
  const lat: number[] = [];
  let total = 0;
  let compute = 0;
  let pushes = 0;
  const rate = 16000;
  const chunk = rate / 50;
  for (const c of clips.filter((c, i) => c.label < COMMANDS.length && i % 2 === 0)) {
    total++;
    const stream = new Float32Array(rate + c.speech.length + rate * 1.5);
    stream.set(c.speech, rate);
    const endAt = (rate + c.speech.length) / rate;
    const rec = createIntentRecognizer();
    for (let i = 0; i < stream.length; i += chunk) {
      const t0 = performance.now();
      const out = rec.push(stream.subarray(i, i + chunk), rate);
      compute += performance.now() - t0;
      pushes++;
      const hit = out.find((o) => o.intent === KEYWORD_LABELS[c.label]);
      if (hit) {
        lat.push(((i + chunk) / rate - endAt) * 1000);
        break;
      }
    }
  }
  lat.sort((a, b) => a - b);
  return {
    medianMs: lat[Math.floor(lat.length / 2)] ?? NaN,
    p90Ms: lat[Math.floor(lat.length * 0.9)] ?? NaN,
    found: lat.length,
    total,
    computeMs: (compute / pushes) * 5,
  };
}

const clean = accuracy(false);
const noisy = accuracy(true);
const l = latency();
console.log(`test clips: ${tests.length} (${clips.length} words + 40 silence)`);
console.log('| condition | all 8 classes | the 6 commands |');
console.log('|---|---|---|');
console.log(
  `| held-out synthetic voices, clean | ${(100 * clean.all).toFixed(1)}% | ${(100 * clean.commands).toFixed(1)}% |`,
);
console.log(
  `| held-out synthetic voices, 10 dB SNR white noise | ${(100 * noisy.all).toFixed(1)}% | ${(100 * noisy.commands).toFixed(1)}% |`,
);
console.log(`per class, clean: ${clean.perLabel}`);
console.log(`per class, 10 dB: ${noisy.perLabel}`);
console.log(
  `end of word -> intent (audio time, 20 ms chunks, 100 ms hop, 3 agreeing windows): median ${l.medianMs.toFixed(0)} ms, p90 ${l.p90Ms.toFixed(0)} ms; recognised ${l.found}/${l.total}; compute per 100 ms hop ${l.computeMs.toFixed(1)} ms`,
);
