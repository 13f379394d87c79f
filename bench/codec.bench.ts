// Delta codec throughput and size, as ratios to baselines measured in the same run:
// a plain 32-bit XOR loop, a Uint8Array.set copy, and fflate deflateSync level 1 on the
// same XOR buffer; then the lossless keyframe codecs on the real springs demo (bench/keyframe.ts).
// Run: `npm run bench codec` (or `npx tsx bench/codec.bench.ts`).
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'fflate';
import { applyDelta, decodeFrame, encodeDelta } from '../src/codec/index';
import { decodeMessage, type Message, MessageReader } from '../src/protocol/index';
import { copyFrame, interleavedRates, markdownTable, opsPerSecond, ratio, xorWords } from './baseline';
import { springsFrame, springsStream } from './fixtures/springs-stream';
import { runKeyframeBench } from './keyframe';

const W = 600;
const H = 400;
const FRAMES = 30;

function noiseFrame(seed: number): Uint8Array {
  const out = new Uint32Array(W * H);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s;
  }
  return new Uint8Array(out.buffer);
}

interface Scenario {
  name: string;
  frames: Uint8Array[];
}

interface Result {
  name: string;
  encodeVsXor: number;
  decodeVsXor: number;
  encodeVsCopy: number;
  decodeVsCopy: number;
  bytes: number;
  sizeVsDeflate: number;
  speedVsDeflate: number;
  deflateBytes: number;
}

function measure({ name, frames }: Scenario): Result {
  const n = frames.length - 1;
  const words = frames.map((f) => new Uint32Array(f.buffer, f.byteOffset, W * H));
  const meta = { seq: 0, timestamp: 0 };
  const messages: Message[] = [];
  const xors: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    messages.push(decodeMessage(encodeDelta(frames[k + 1]!, frames[k]!, W, H, meta)));
    const x = new Uint32Array(W * H);
    xorWords(words[k + 1]!, words[k]!, x);
    xors.push(new Uint8Array(x.buffer));
  }
  // Correctness before speed: every delta must reproduce its frame.
  for (let k = 0; k < n; k++) {
    const t = frames[k]!.slice();
    applyDelta(messages[k]!, t);
    if (!t.every((v, i) => v === frames[k + 1]![i])) throw new Error(`${name}: delta ${k} is wrong`);
  }
  const out = new Uint32Array(W * H);
  const target = new Uint8Array(W * H * 4);
  const rate = interleavedRates({
    xor: (i) => {
      const k = i % n;
      xorWords(words[k + 1]!, words[k]!, out);
    },
    copy: (i) => copyFrame(frames[(i % n) + 1]!, target),
    encode: (i) => {
      const k = i % n;
      encodeDelta(frames[k + 1]!, frames[k]!, W, H, meta);
    },
    decode: (i) => applyDelta(messages[i % n]!, target),
    deflate: (i) => deflateSync(xors[i % n]!, { level: 1 }),
  });
  const { xor, copy, encode, decode, deflate } = rate;
  const bytes = messages.reduce((s, m) => s + 16 + m.payload.length, 0) / n;
  const deflateBytes = xors.reduce((s, x) => s + 16 + deflateSync(x, { level: 1 }).length, 0) / n;
  return {
    name,
    encodeVsXor: encode / xor,
    decodeVsXor: decode / xor,
    encodeVsCopy: encode / copy,
    decodeVsCopy: decode / copy,
    bytes,
    deflateBytes,
    sizeVsDeflate: bytes / deflateBytes,
    speedVsDeflate: encode / deflate,
  };
}

/**
 * Replays the fixture stream as a receiver does (MessageReader, decodeFrame, copy or
 * applyDelta into a backbuffer) as fast as possible, against copying every frame raw.
 */
function replay(): string {
  const stream = springsStream(60, 30);
  const total = stream.reduce((s, m) => s + m.length, 0);
  const wire = new Uint8Array(total);
  let o = 0;
  for (const m of stream) {
    wire.set(m, o);
    o += m.length;
  }
  const frames = Array.from({ length: 60 }, (_, t) => springsFrame(t));
  const back = new Uint8Array(W * H * 4);
  const play = opsPerSecond(
    () => {
      const reader = new MessageReader();
      for (let at = 0; at < wire.length; at += 64 * 1024) {
        for (const m of reader.push(wire.subarray(at, at + 64 * 1024))) {
          const f = decodeFrame(m);
          if (f.kind === 'pixels') back.set(f.rgba);
          else if (f.kind === 'delta') applyDelta(f.message, back);
        }
      }
    },
    { rounds: 3 },
  );
  const raw = opsPerSecond(
    () => {
      for (const f of frames) back.set(f);
    },
    { rounds: 3 },
  );
  return `replay of bench/fixtures springs stream (60 frames, keyframe every 30, ${Math.round(total / 1024)} KiB on the wire vs ${Math.round((60 * W * H * 4) / 1024)} KiB raw): ${ratio(play / raw)} the speed of Uint8Array.set of 60 raw frames`;
}

/** Runs the codec benchmark and returns its markdown table. */
export function runCodecBench(): string {
  const moving = Array.from({ length: FRAMES + 1 }, (_, t) => springsFrame(t));
  const scenarios: Scenario[] = [
    { name: 'moving scene (springs-like)', frames: moving },
    { name: 'full change (noise)', frames: Array.from({ length: 9 }, (_, k) => noiseFrame(k + 1)) },
  ];
  const results = scenarios.map(measure);
  return markdownTable(
    [
      `${W}x${H} RGBA`,
      'encode / XOR loop',
      'decode / XOR loop',
      'encode / set copy',
      'decode / set copy',
      'bytes/frame',
      'size / deflate-1',
      'encode speed / deflate-1',
    ],
    results.map((r) => [
      r.name,
      ratio(r.encodeVsXor),
      ratio(r.decodeVsXor),
      ratio(r.encodeVsCopy),
      ratio(r.decodeVsCopy),
      Math.round(r.bytes),
      ratio(r.sizeVsDeflate),
      ratio(r.speedVsDeflate),
    ]),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}`);
  console.log('ratios are throughput (frames/s) of the codec over the baseline, same run; >1 = faster\n');
  console.log(runCodecBench());
  console.log(`\n${replay()}`);
  console.log(`\n${await runKeyframeBench()}`);
}
