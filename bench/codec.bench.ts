// Delta codec throughput and size, one row per kernel (JS, WASM SIMD), as ratios to baselines
// measured in the same run: a plain 32-bit XOR loop, a Uint8Array.set copy, and fflate
// deflateSync level 1 on the same XOR buffer, on a flat scene, a soft-shaded gradient scene and noise; then the lossless keyframe codecs on the real springs demo (bench/keyframe.ts).
// Run: `npm run bench codec` (or `npx tsx bench/codec.bench.ts`).
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'fflate';
import { encodeDeltaWords } from '../src/codec/delta-kernel';
import { type DeltaKernelName, loadWasmDeltaKernel, setDeltaKernel } from '../src/codec/delta-kernels';
import { format1Size } from '../src/codec/delta-layout';
import { DeltaBase, DeltaPicture } from '../src/codec/delta-resident';
import { applyDelta, decodeFrame, encodeDelta } from '../src/codec/index';
import { decodeMessage, type Message, MessageReader } from '../src/protocol/index';
import { copyFrame, interleavedRates, markdownTable, opsPerSecond, ratio, xorWords } from './baseline';
import { gradientFrame } from './fixtures/gradient-scene';
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

/** A kernel's row; 'resident' is WASM with the frames kept in its memory (DeltaBase, DeltaPicture). */
type RowKernel = DeltaKernelName | 'resident';

interface Row {
  scene: string;
  kernel: RowKernel;
  encodeVsXor: number;
  decodeVsXor: number;
  encodeVsCopy: number;
  decodeVsCopy: number;
  bytes: number;
  sizeVsDeflate: number;
  sizeVsFormat1: number;
  speedVsDeflate: number;
  format2Share: number;
}

const KERNELS: DeltaKernelName[] = ['js', 'wasm'];

function measure({ name, frames }: Scenario): Row[] {
  const n = frames.length - 1;
  const words = frames.map((f) => new Uint32Array(f.buffer, f.byteOffset, W * H));
  const meta = { seq: 0, timestamp: 0 };
  const xors: Uint8Array[] = [];
  let format1Bytes = 0;
  for (let k = 0; k < n; k++) {
    const x = new Uint32Array(W * H);
    xorWords(words[k + 1]!, words[k]!, x);
    xors.push(new Uint8Array(x.buffer));
    // What the codec sent before format 2 existed: format 1 alone.
    const { ops, lits } = encodeDeltaWords(words[k + 1]!, words[k]!, W * H);
    format1Bytes += 16 + format1Size(ops.length, lits.length);
  }
  const messages = new Map<RowKernel, Message[]>();
  for (const kernel of KERNELS) {
    setDeltaKernel(kernel);
    const list: Message[] = [];
    for (let k = 0; k < n; k++) list.push(decodeMessage(encodeDelta(frames[k + 1]!, frames[k]!, W, H, meta)));
    messages.set(kernel, list);
    // Correctness before speed: every delta must reproduce its frame, with either kernel's decoder.
    for (const decoder of KERNELS) {
      setDeltaKernel(decoder);
      for (let k = 0; k < n; k++) {
        const t = frames[k]!.slice();
        applyDelta(list[k]!, t);
        if (!t.every((v, i) => v === frames[k + 1]![i]))
          throw new Error(`${name}: ${kernel} delta ${k} decoded by ${decoder} is wrong`);
      }
    }
  }
  const out = new Uint32Array(W * H);
  const target = new Uint8Array(W * H * 4);
  const fns: Record<string, (i: number) => void> = {
    xor: (i) => {
      const k = i % n;
      xorWords(words[k + 1]!, words[k]!, out);
    },
    copy: (i) => copyFrame(frames[(i % n) + 1]!, target),
    deflate: (i) => deflateSync(xors[i % n]!, { level: 1 }),
  };
  for (const kernel of KERNELS) {
    const list = messages.get(kernel)!;
    fns[`encode-${kernel}`] = (i) => {
      setDeltaKernel(kernel);
      const k = i % n;
      encodeDelta(frames[k + 1]!, frames[k]!, W, H, meta);
    };
    fns[`decode-${kernel}`] = (i) => {
      setDeltaKernel(kernel);
      const k = i % n;
      // Onto a scratch target: the cost does not depend on the bytes it XORs into.
      applyDelta(list[k]!, target);
    };
  }
  // The engines' path: the source's base and the receiver's picture stay in wasm memory. Each
  // lap of the n frames starts from frame 0, copied in as a keyframe would be (1 copy per lap).
  setDeltaKernel('wasm');
  const base = new DeltaBase();
  const picture = new DeltaPicture();
  let baseAt = -1;
  let pictureAt = -1;
  const residentList: Message[] = [];
  const encodeResident = (k: number): Uint8Array => {
    if (baseAt !== k) {
      base.stage(frames[k]!, W, H);
      base.commit(W, H);
    }
    const m = encodeDelta(base.stage(frames[k + 1]!, W, H), base.base(), W, H, meta);
    base.commit(W, H);
    baseAt = k + 1;
    return m;
  };
  const decodeResident = (k: number): void => {
    if (pictureAt !== k) {
      picture.resize(W, H);
      picture.bytes().set(frames[k]!);
    }
    applyDelta(residentList[k]!, picture.bytes());
    pictureAt = k + 1;
  };
  for (let k = 0; k < n; k++) {
    residentList.push(decodeMessage(encodeResident(k)));
    decodeResident(k);
    if (!picture.bytes().every((v, i) => v === frames[k + 1]![i]))
      throw new Error(`${name}: resident delta ${k} decoded wrong`);
  }
  messages.set('resident', residentList);
  fns['encode-resident'] = (i) => {
    setDeltaKernel('wasm');
    encodeResident(i % n);
  };
  fns['decode-resident'] = (i) => {
    setDeltaKernel('wasm');
    decodeResident(i % n);
  };
  const rate = interleavedRates(fns);
  const deflateBytes = xors.reduce((s, x) => s + 16 + deflateSync(x, { level: 1 }).length, 0) / n;
  return [...KERNELS, 'resident' as const].map((kernel: RowKernel) => {
    const list = messages.get(kernel)!;
    const bytes = list.reduce((s, m) => s + 16 + m.payload.length, 0) / n;
    return {
      scene: name,
      kernel,
      encodeVsXor: rate[`encode-${kernel}`]! / rate.xor!,
      decodeVsXor: rate[`decode-${kernel}`]! / rate.xor!,
      encodeVsCopy: rate[`encode-${kernel}`]! / rate.copy!,
      decodeVsCopy: rate[`decode-${kernel}`]! / rate.copy!,
      bytes,
      sizeVsDeflate: bytes / deflateBytes,
      sizeVsFormat1: bytes / (format1Bytes / n),
      speedVsDeflate: rate[`encode-${kernel}`]! / rate.deflate!,
      format2Share: list.filter((m) => m.payload[0] === 2).length / n,
    };
  });
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
  const scenarios: Scenario[] = [
    { name: 'flat (springs-like)', frames: Array.from({ length: FRAMES + 1 }, (_, t) => springsFrame(t)) },
    {
      name: 'gradient (soft-shaded)',
      frames: Array.from({ length: FRAMES + 1 }, (_, t) => gradientFrame(t)),
    },
    { name: 'full change (noise)', frames: Array.from({ length: 9 }, (_, k) => noiseFrame(k + 1)) },
  ];
  const rows = scenarios.flatMap(measure);
  setDeltaKernel('auto');
  return markdownTable(
    [
      `${W}x${H} RGBA`,
      'kernel',
      'encode / XOR loop',
      'decode / XOR loop',
      'encode / set copy',
      'decode / set copy',
      'bytes/frame',
      'size / deflate-1',
      'size / format 1 only',
      'format 2 frames',
      'encode speed / deflate-1',
    ],
    rows.map((r) => [
      r.scene,
      r.kernel === 'resident' ? 'WASM resident' : r.kernel.toUpperCase(),
      ratio(r.encodeVsXor),
      ratio(r.decodeVsXor),
      ratio(r.encodeVsCopy),
      ratio(r.decodeVsCopy),
      Math.round(r.bytes),
      ratio(r.sizeVsDeflate),
      ratio(r.sizeVsFormat1),
      `${Math.round(r.format2Share * 100)}%`,
      ratio(r.speedVsDeflate),
    ]),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}`);
  console.log('ratios are throughput (frames/s) of the codec over the baseline, same run; >1 = faster\n');
  if ((await loadWasmDeltaKernel()) === null)
    throw new Error('no WebAssembly SIMD here: the WASM rows need it');
  console.log(runCodecBench());
  console.log(`\n${replay()}`);
  console.log(`\n${await runKeyframeBench()}`);
}
