// Lossless keyframe codecs on frames of the real springs demo (bench/fixtures/springs-canvas.ts):
// raw Pixels (the baseline, what delta mode sent before), compressed Pixels through fflate at
// levels 1 and 6 (what it sends now), the platform's CompressionStream, and PNG / WebP through
// @napi-rs/canvas (Skia, as a browser's canvas encoder). Each row: bytes, encode and decode time
// per frame, the same times in units of a Uint8Array.set copy of the frame measured in the same
// interleaved rounds (machine-independent-ish), and whether decoding gave back every byte.
import { createCanvas, ImageData, loadImage } from '@napi-rs/canvas';
import { inflateSync } from 'fflate';
import {
  type DeflateLevel,
  decodePixels,
  encodeDeflatedPixels,
  encodePixels,
  PIXELS_DEFLATE_HEADER_SIZE,
} from '../src/codec/index';
import { decodeMessage } from '../src/protocol/index';
import { copyFrame, interleavedRates, markdownTable } from './baseline';
import { springsDemoFrames } from './fixtures/springs-canvas';

const W = 600;
const H = 400;

interface Row {
  name: string;
  bytes: number;
  encodeMs: number;
  decodeMs: number;
  encodeVsCopy: number;
  decodeVsCopy: number;
  lossless: boolean;
  sync: boolean;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Median ms per call of an async function, interleaved with the copy baseline per round. */
async function asyncRates(
  fn: (i: number) => Promise<unknown>,
  copy: () => void,
): Promise<{ ms: number; vsCopy: number }> {
  const ms: number[] = [];
  const copies: number[] = [];
  for (let i = 0; i < 4; i++) await fn(i);
  for (let round = 0; round < 7; round++) {
    let t = performance.now();
    for (let i = 0; i < 4; i++) await fn(i);
    ms.push((performance.now() - t) / 4);
    t = performance.now();
    for (let i = 0; i < 200; i++) copy();
    copies.push((performance.now() - t) / 200);
  }
  const mid = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1]!;
  return { ms: mid(ms), vsCopy: mid(copies) / mid(ms) };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Runs the keyframe comparison and returns its markdown table. */
export async function runKeyframeBench(): Promise<string> {
  const frames = springsDemoFrames(8);
  const n = frames.length;
  const meta = { seq: 0, timestamp: 0 };
  const target = new Uint8Array(W * H * 4);
  const copy = (i: number) => copyFrame(frames[i % n]!, target);
  const rows: Row[] = [];

  const syncRow = (
    name: string,
    encode: (f: Uint8Array) => Uint8Array,
    decode: (m: Uint8Array) => Uint8Array,
  ) => {
    const encoded = frames.map(encode);
    const lossless = encoded.every((m, i) => same(decode(m), frames[i]!));
    const r = interleavedRates(
      {
        copy,
        encode: (i) => encode(frames[i % n]!),
        decode: (i) => decode(encoded[i % n]!),
      },
      { rounds: 5, roundMs: 300 },
    );
    rows.push({
      name,
      bytes: encoded.reduce((s, m) => s + m.length, 0) / n,
      encodeMs: 1000 / r.encode,
      decodeMs: 1000 / r.decode,
      encodeVsCopy: r.encode / r.copy,
      decodeVsCopy: r.decode / r.copy,
      lossless,
      sync: true,
    });
  };
  // decodePixels of a raw frame is a view: the copy into the backbuffer is what a receiver pays.
  syncRow(
    'raw Pixels (baseline: delta keyframes before)',
    (f) => encodePixels(f, W, H, meta),
    (m) => {
      target.set(decodePixels(decodeMessage(m)).rgba);
      return target;
    },
  );
  for (const level of [1, 6] as DeflateLevel[]) {
    syncRow(
      `compressed Pixels, fflate deflate level ${level}${level === 1 ? ' (sent now)' : ''}`,
      (f) => encodeDeflatedPixels(f, W, H, meta, level),
      (m) => decodePixels(decodeMessage(m)).rgba,
    );
  }
  // What the bomb bound costs: the same stream inflated in one call into an exact-size buffer,
  // which cannot stop a stream that claims more (it keeps decoding past the end).
  syncRow(
    'level 1, one-shot inflateSync (no bomb bound; not used)',
    (f) => encodeDeflatedPixels(f, W, H, meta, 1),
    (m) => inflateSync(m.subarray(16 + PIXELS_DEFLATE_HEADER_SIZE), { out: new Uint8Array(W * H * 4) }),
  );

  const asyncRow = async (
    name: string,
    encode: (f: Uint8Array) => Promise<Uint8Array>,
    decode: (m: Uint8Array) => Promise<Uint8Array>,
  ) => {
    const encoded: Uint8Array[] = [];
    for (const f of frames) encoded.push(await encode(f));
    let lossless = true;
    for (const [i, m] of encoded.entries()) lossless &&= same(await decode(m), frames[i]!);
    const enc = await asyncRates(
      (i) => encode(frames[i % n]!),
      () => copy(0),
    );
    const dec = await asyncRates(
      (i) => decode(encoded[i % n]!),
      () => copy(0),
    );
    rows.push({
      name,
      bytes: 16 + encoded.reduce((s, m) => s + m.length, 0) / n,
      encodeMs: enc.ms,
      decodeMs: dec.ms,
      encodeVsCopy: enc.vsCopy,
      decodeVsCopy: dec.vsCopy,
      lossless,
      sync: false,
    });
  };
  // Node 20 has 'deflate' (zlib) but not yet 'deflate-raw'; the two differ by 6 bytes.
  await asyncRow(
    'CompressionStream("deflate"), native zlib',
    (f) =>
      collect(
        new Blob([f as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate')),
      ),
    (m) =>
      collect(
        new Blob([m as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate')),
      ),
  );
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const painted = (f: Uint8Array) => {
    ctx.putImageData(new ImageData(new Uint8ClampedArray(f.buffer, f.byteOffset, f.length), W, H), 0, 0);
    return canvas;
  };
  const readBack = async (m: Uint8Array) => {
    const img = await loadImage(m);
    const c = createCanvas(W, H).getContext('2d');
    c.drawImage(img, 0, 0);
    const d = c.getImageData(0, 0, W, H).data;
    return new Uint8Array(d.buffer, d.byteOffset, d.length);
  };
  await asyncRow('PNG (Skia canvas encoder, image decode)', (f) => painted(f).encode('png'), readBack);
  await asyncRow('WebP quality 100 (Skia)', (f) => painted(f).encode('webp', 100), readBack);

  return markdownTable(
    [
      'springs demo keyframe, 600x400',
      'bytes/frame',
      '× raw',
      'encode ms',
      'decode ms',
      'encode, in set copies',
      'decode, in set copies',
      'lossless',
      'decode in the delta chain',
    ],
    rows.map((r) => [
      r.name,
      Math.round(r.bytes),
      `${(r.bytes / rows[0]!.bytes).toFixed(4)}×`,
      r.encodeMs.toFixed(2),
      r.decodeMs.toFixed(2),
      Math.round(1 / r.encodeVsCopy),
      Math.round(1 / r.decodeVsCopy),
      r.lossless ? 'yes' : 'no',
      r.sync ? 'synchronous' : 'async (reorders)',
    ]),
  );
}
