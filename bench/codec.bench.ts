// Delta codec throughput and size, as ratios to baselines measured in the same run:
// a plain 32-bit XOR loop, a Uint8Array.set copy, and fflate deflateSync level 1 on the
// same XOR buffer. Run: `npm run bench codec` (or `npx tsx bench/codec.bench.ts`).
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'fflate';
import { applyDelta, encodeDelta } from '../src/codec/index';
import { decodeMessage, type Message } from '../src/protocol/index';
import { copyFrame, markdownTable, opsPerSecond, ratio, xorWords } from './baseline';

const W = 600;
const H = 400;
const FRAMES = 30;

/** One frame of a springs-like demo: dark background, anti-aliased balls and bars that move. */
export function springsFrame(t: number, w = W, h = H): Uint8Array {
  const px = new Uint32Array(w * h).fill(0xff2e1a1a); // ABGR in memory on LE: RGBA 1a1a2e ff
  const balls = [
    { x: 150 + 90 * Math.sin(t * 0.11), y: 200 + 60 * Math.cos(t * 0.07), r: 38, c: [0xe9, 0x45, 0x60] },
    { x: 330 + 70 * Math.cos(t * 0.09), y: 140 + 80 * Math.sin(t * 0.13), r: 26, c: [0x3c, 0xb3, 0x71] },
    { x: 470 + 50 * Math.sin(t * 0.05), y: 280 + 40 * Math.sin(t * 0.17), r: 45, c: [0xf5, 0xc5, 0x18] },
  ];
  const bg = [0x1a, 0x1a, 0x2e];
  for (const { x: cx, y: cy, r, c } of balls) {
    const y0 = Math.max(0, Math.floor(cy - r - 1));
    const y1 = Math.min(h - 1, Math.ceil(cy + r + 1));
    for (let y = y0; y <= y1; y++) {
      const x0 = Math.max(0, Math.floor(cx - r - 1));
      const x1 = Math.min(w - 1, Math.ceil(cx + r + 1));
      for (let x = x0; x <= x1; x++) {
        const cover = Math.max(0, Math.min(1, r + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)));
        if (cover === 0) continue;
        const ch = (k: number) => Math.round(bg[k]! + (c[k]! - bg[k]!) * cover);
        px[y * w + x] = (0xff000000 | (ch(2) << 16) | (ch(1) << 8) | ch(0)) >>> 0;
      }
    }
  }
  // Two spring "bars" whose length oscillates.
  for (const [y, len, col] of [
    [60, 200 + Math.round(80 * Math.sin(t * 0.2)), 0xffd0d0d0],
    [350, 150 + Math.round(60 * Math.cos(t * 0.15)), 0xff8080ff],
  ] as const) {
    for (let yy = y; yy < y + 6; yy++) px.fill(col, yy * w + 40, yy * w + 40 + len);
  }
  return new Uint8Array(px.buffer);
}

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
  const xor = opsPerSecond((i) => {
    const k = i % n;
    xorWords(words[k + 1]!, words[k]!, out);
  });
  const copy = opsPerSecond((i) => copyFrame(frames[(i % n) + 1]!, target));
  const encode = opsPerSecond((i) => {
    const k = i % n;
    encodeDelta(frames[k + 1]!, frames[k]!, W, H, meta);
  });
  const decode = opsPerSecond((i) => applyDelta(messages[i % n]!, target));
  const deflate = opsPerSecond((i) => deflateSync(xors[i % n]!, { level: 1 }), { rounds: 3 });
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
}
