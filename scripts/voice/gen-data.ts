// Synthesises the keyword spotter's data set with Debian's espeak-ng (dev time only): every
// command and "unknown" word in many accents, voice variants, speeds and pitches, resampled
// to 16 kHz mono by sox. Training and test use disjoint variant sets (and the test adds two
// accents training never hears), so the test accuracy is on unseen synthetic voices.
// Layout written: <out>/<split>/<label>/<n>.wav, the same layout `train:voice -- --samples`
// reads an app's own recordings from.
//   npx tsx scripts/voice/gen-data.ts [out=.voice-data]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/neural/keyword/labels';

const OUT = process.argv[2] ?? '.voice-data';
const VARIANT_DIR = '/usr/lib/x86_64-linux-gnu/espeak-ng-data/voices/!v';
const UNKNOWN = [
  'yes',
  'no',
  'on',
  'off',
  'three',
  'bed',
  'cat',
  'house',
  'learn',
  'follow',
  'wow',
  'sheila',
];
const TRAIN_ACCENTS = ['en-us', 'en', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd'];
const TEST_ACCENTS = [...TRAIN_ACCENTS, 'en-029', 'en-gb-scotland'];

// A seeded PRNG so the same data comes out on every machine.
let seed = 20;
function rand(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function requireTools(): void {
  for (const tool of ['espeak-ng', 'sox']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: apt-get install espeak-ng sox`);
    }
  }
}

function say(text: string, voice: string, speed: number, pitch: number, file: string): void {
  const wav = execFileSync('espeak-ng', [
    '-v',
    voice,
    '-s',
    String(speed),
    '-p',
    String(pitch),
    '--stdout',
    text,
  ]);
  execFileSync('sox', ['-t', 'wav', '-', '-r', '16000', '-c', '1', '-b', '16', file], { input: wav });
}

function generate(
  split: string,
  accents: string[],
  variants: string[],
  perWord: number,
  words: string[],
  label: (w: string) => string,
): number {
  let n = 0;
  for (const word of words) {
    const dir = join(OUT, split, label(word));
    mkdirSync(dir, { recursive: true });
    const start = readdirSync(dir).length;
    for (let i = 0; i < perWord; i++) {
      const voice = `${pick(accents)}+${pick(variants)}`;
      say(
        word,
        voice,
        110 + Math.floor(rand() * 120),
        15 + Math.floor(rand() * 70),
        join(dir, `${start + i}.wav`),
      );
      n++;
    }
  }
  return n;
}

requireTools();
const variants = readdirSync(VARIANT_DIR).sort();
// Every fourth variant is held out for the test split.
const testVariants = variants.filter((_, i) => i % 4 === 3);
const trainVariants = variants.filter((_, i) => i % 4 !== 3);
const t0 = Date.now();
let count = 0;
count += generate('train', TRAIN_ACCENTS, trainVariants, 140, [...COMMANDS], (w) => w);
count += generate('train', TRAIN_ACCENTS, trainVariants, 35, UNKNOWN, () => 'unknown');
count += generate('test', TEST_ACCENTS, testVariants, 40, [...COMMANDS], (w) => w);
count += generate('test', TEST_ACCENTS, testVariants, 10, UNKNOWN, () => 'unknown');
console.log(`${count} clips in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${OUT}`);
